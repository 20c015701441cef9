package io.cambium.rl.envs;

import io.cambium.rl.env.Env;
import io.cambium.rl.env.Reset;
import io.cambium.rl.env.Step;
import io.cambium.rl.render.Canvas;
import io.cambium.rl.spaces.Discrete;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Map;

/**
 * FrozenLake (Gymnasium's {@code FrozenLake-v1}): walk from S to G over a grid of frozen tiles
 * (F) without falling into a hole (H). Actions 0 left, 1 down, 2 right, 3 up; the observation is
 * the tile index {@code row * ncol + col}. On a slippery lake the move goes in the intended
 * direction with probability {@code successRate} (default 1/3) and in each perpendicular
 * direction with half of the rest. Rewards by the tile reached (goal, hole, frozen), default
 * (1, 0, 0); reaching G or H terminates. Gymnasium registers the 4x4 map with a 100-step limit
 * and the 8x8 map with 200 steps.
 *
 * <p>The transition table {@link #transitions(int, int)} is Gymnasium's {@code P}, so that
 * dynamic-programming baselines can be computed for tabular agents.
 */
public final class FrozenLake extends Env<Integer, Integer> {
    /** Gymnasium's predefined 4x4 map. */
    public static final List<String> MAP_4X4 = List.of("SFFF", "FHFH", "FFFH", "HFFG");
    /** Gymnasium's predefined 8x8 map. */
    public static final List<String> MAP_8X8 = List.of("SFFFFFFF", "FFFFFFFF", "FFFHFFFF", "FFFFFHFF", "FFFHFFFF",
            "FHHFFFHF", "FHFFHFHF", "FFFHFFFG");
    private static final int LEFT = 0;
    private static final int DOWN = 1;
    private static final int RIGHT = 2;
    private static final int UP = 3;

    /** One outcome of an action: probability, next state, reward, whether it terminates. */
    public record Transition(double probability, int nextState, double reward, boolean terminated) {
    }

    private final char[][] desc;
    private final int nrow;
    private final int ncol;
    private final boolean slippery;
    private final String id;
    private final double[] initialDistribution;
    private final Transition[][][] table;
    private final Discrete observationSpace;
    private final Discrete actionSpace = new Discrete(4);
    private int s = -1;
    private int lastAction = -1;

    /** The slippery 4x4 lake ({@code FrozenLake-v1}). */
    public FrozenLake() {
        this(MAP_4X4, true);
    }

    /** A lake from rows of S, F, H and G with the default success rate 1/3 and rewards (1, 0, 0). */
    public FrozenLake(List<String> map, boolean slippery) {
        this(map, slippery, 1.0 / 3.0, new double[] {1, 0, 0});
    }

    /**
     * A lake with the given dynamics.
     *
     * @param successRate probability of moving in the intended direction on a slippery lake
     * @param rewardSchedule rewards for reaching the goal, a hole and a frozen tile
     */
    public FrozenLake(List<String> map, boolean slippery, double successRate, double[] rewardSchedule) {
        this.id = map.equals(MAP_8X8) ? "FrozenLake8x8-v1" : "FrozenLake-v1";
        if (map.isEmpty() || map.get(0).isEmpty()) {
            throw new IllegalArgumentException(id + ": the map is empty");
        }
        if (!(successRate >= 0 && successRate <= 1)) {
            throw new IllegalArgumentException(id + ": success_rate must be in [0, 1], got " + successRate);
        }
        if (rewardSchedule.length != 3) {
            throw new IllegalArgumentException(id + ": reward_schedule needs 3 values (goal, hole, frozen), got "
                    + rewardSchedule.length);
        }
        nrow = map.size();
        ncol = map.get(0).length();
        desc = new char[nrow][];
        int starts = 0;
        for (int r = 0; r < nrow; r++) {
            String row = map.get(r);
            if (row.length() != ncol) {
                throw new IllegalArgumentException(id + ": map row " + r + " has " + row.length() + " tiles, row 0 has " + ncol);
            }
            for (char ch : row.toCharArray()) {
                if ("SFHG".indexOf(ch) < 0) {
                    throw new IllegalArgumentException(id + ": map row " + r + " has tile '" + ch + "' (expected S, F, H or G)");
                }
                starts += ch == 'S' ? 1 : 0;
            }
            desc[r] = row.toCharArray();
        }
        if (starts == 0) {
            throw new IllegalArgumentException(id + ": the map has no start tile S");
        }
        this.slippery = slippery;
        int n = nrow * ncol;
        initialDistribution = new double[n];
        for (int i = 0; i < n; i++) {
            initialDistribution[i] = desc[i / ncol][i % ncol] == 'S' ? 1.0 : 0.0;
        }
        for (int i = 0; i < n; i++) {
            initialDistribution[i] /= starts;
        }
        double failRate = (1.0 - successRate) / 2.0;
        table = new Transition[n][4][];
        for (int row = 0; row < nrow; row++) {
            for (int col = 0; col < ncol; col++) {
                int state = row * ncol + col;
                for (int a = 0; a < 4; a++) {
                    char letter = desc[row][col];
                    if (letter == 'G' || letter == 'H') {
                        table[state][a] = new Transition[] {new Transition(1.0, state, 0, true)};
                    } else if (slippery) {
                        int[] dirs = {Math.floorMod(a - 1, 4), a, Math.floorMod(a + 1, 4)};
                        Transition[] t = new Transition[3];
                        for (int k = 0; k < 3; k++) {
                            t[k] = move(row, col, dirs[k], dirs[k] == a ? successRate : failRate, rewardSchedule);
                        }
                        table[state][a] = t;
                    } else {
                        table[state][a] = new Transition[] {move(row, col, a, 1.0, rewardSchedule)};
                    }
                }
            }
        }
        observationSpace = new Discrete(n);
    }

    private Transition move(int row, int col, int a, double p, double[] rewards) {
        int r = row;
        int c = col;
        switch (a) {
            case LEFT -> c = Math.max(col - 1, 0);
            case DOWN -> r = Math.min(row + 1, nrow - 1);
            case RIGHT -> c = Math.min(col + 1, ncol - 1);
            case UP -> r = Math.max(row - 1, 0);
            default -> throw new IllegalStateException("unreachable");
        }
        char letter = desc[r][c];
        boolean terminated = letter == 'G' || letter == 'H';
        double reward = letter == 'G' ? rewards[0] : letter == 'H' ? rewards[1] : rewards[2];
        return new Transition(p, r * ncol + c, reward, terminated);
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public Discrete observationSpace() {
        return observationSpace;
    }

    @Override
    public Discrete actionSpace() {
        return actionSpace;
    }

    /** Whether moves may slip sideways. */
    public boolean slippery() {
        return slippery;
    }

    /** The rows of the map. */
    public int rows() {
        return nrow;
    }

    /** The columns of the map. */
    public int columns() {
        return ncol;
    }

    /** The tile letter of a state. */
    public char tile(int state) {
        return desc[state / ncol][state % ncol];
    }

    /** The outcomes of {@code action} in {@code state} (Gymnasium's {@code P[state][action]}). */
    public List<Transition> transitions(int state, int action) {
        if (!observationSpace.contains(state) || !actionSpace.contains(action)) {
            throw new IllegalArgumentException(id + ": no transitions for state " + state + " and action " + action);
        }
        return List.of(table[state][action]);
    }

    @Override
    protected Reset<Integer> doReset(Long seed, Map<String, Object> options) {
        seedRandom(seed);
        s = random().categorical(initialDistribution);
        lastAction = -1;
        return new Reset<>(s, Map.of("prob", 1.0));
    }

    @Override
    protected Step<Integer> doStep(Integer action) {
        Transition[] ts = table[s][action];
        double[] probs = new double[ts.length];
        for (int i = 0; i < ts.length; i++) {
            probs[i] = ts[i].probability();
        }
        Transition t = ts[random().categorical(probs)];
        s = t.nextState();
        lastAction = action;
        return new Step<>(s, t.reward(), t.terminated(), false, Map.of("prob", t.probability()));
    }

    /** The map as text with the current tile in brackets, and the last action above it (Gymnasium's {@code ansi} mode). */
    public String renderText() {
        requireStarted("renderText()");
        StringBuilder b = new StringBuilder();
        if (lastAction >= 0) {
            b.append("  (").append(List.of("Left", "Down", "Right", "Up").get(lastAction)).append(")\n");
        } else {
            b.append('\n');
        }
        for (int r = 0; r < nrow; r++) {
            for (int c = 0; c < ncol; c++) {
                boolean here = r * ncol + c == s;
                b.append(here ? "[" : "").append(desc[r][c]).append(here ? "]" : "");
            }
            b.append('\n');
        }
        return b.toString();
    }

    /** A picture of the lake: 64-pixel tiles (at most 512 pixels a side), the walker as a red disc. */
    @Override
    public BufferedImage render() {
        requireStarted("render()");
        int w = Math.min(64 * ncol, 512) / ncol;
        int h = Math.min(64 * nrow, 512) / nrow;
        Canvas c = new Canvas(w * ncol, h * nrow);
        Color border = new Color(180, 200, 230);
        for (int r = 0; r < nrow; r++) {
            for (int col = 0; col < ncol; col++) {
                Color fill = switch (desc[r][col]) {
                    case 'H' -> new Color(40, 60, 90);
                    case 'G' -> new Color(240, 200, 60);
                    case 'S' -> new Color(200, 225, 200);
                    default -> new Color(215, 235, 250);
                };
                c.cell(col * w, r * h, w, h, fill, border);
            }
        }
        int row = s / ncol;
        int col = s % ncol;
        double cx = col * w + w / 2.0;
        double cy = (nrow - row) * h - h / 2.0;
        c.circle(cx, cy, Math.min(w, h) * 0.3, desc[row][col] == 'H' ? new Color(120, 30, 30) : new Color(200, 50, 50));
        return c.image();
    }
}
