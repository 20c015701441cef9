package io.cambium.rl.agents.tabular;

import io.cambium.nn.io.InvalidFileException;
import io.cambium.rl.agents.AgentSupport;
import io.cambium.rl.agents.BaseAgent;
import io.cambium.rl.agents.Callback;
import io.cambium.rl.env.Env;
import io.cambium.rl.env.RecordEpisodeStatistics;
import io.cambium.rl.env.Step;
import io.cambium.rl.envs.Envs;
import io.cambium.rl.io.AgentFile;
import io.cambium.rl.io.Json;
import io.cambium.rl.spaces.Discrete;
import io.cambium.rl.train.Schedule;
import io.cambium.rl.train.TrainingLog;
import io.cambium.tensor.Tensor;
import io.cambium.tensor.random.Rng;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Tabular Q-learning (Watkins, 1989) for discrete observations and actions:
 * {@code Q(s, a) += α (r + γ (1 - terminated) max_a' Q(s', a') - Q(s, a))} with an ε-greedy
 * behaviour policy whose ε decays linearly from {@code explorationInitialEps} to
 * {@code explorationFinalEps} over {@code explorationFraction} of training. Greedy choices break
 * ties at random while exploring (an all-zero table would otherwise always pick action 0) and
 * take the first maximum when acting deterministically, as {@code np.argmax}. The table is float32
 * so that a saved agent resumes exactly.
 */
public final class QLearning extends BaseAgent<Integer, Integer> {
    private static final String NAME = "q_learning";

    private final int states;
    private final int actions;
    private double alpha = 0.1;
    private double gamma = 0.99;
    private double explorationFraction = 0.5;
    private double explorationInitialEps = 1.0;
    private double explorationFinalEps = 0.05;
    private long seed;

    private float[] table;
    private Rng rng;
    private Env<Integer, Integer> env;
    private Integer state;
    private long totalTimesteps;
    private double explorationRate = 1.0;

    /** Q-learning on a registered environment (see {@link Envs}). */
    public QLearning(String envId) {
        this(Envs.factory(envId));
    }

    /**
     * Q-learning on environments from {@code factory}.
     *
     * @throws IllegalArgumentException unless both spaces are Discrete from 0
     */
    public QLearning(Supplier<? extends Env<?, ?>> factory) {
        super(NAME, factory);
        if (!(observationSpace instanceof Discrete o) || o.start() != 0
                || !(actionSpace instanceof Discrete a) || a.start() != 0) {
            throw new IllegalArgumentException("Q-learning needs Discrete observation and action spaces starting at 0; "
                    + envId + " has " + observationSpace + " / " + actionSpace);
        }
        this.states = o.n();
        this.actions = a.n();
    }

    /** The step size α (default 0.1). */
    public QLearning alpha(double a) {
        this.alpha = AgentSupport.within("Q-learning", "alpha", a, Double.MIN_VALUE, 1);
        return this;
    }

    /** The discount factor (default 0.99). */
    public QLearning gamma(double g) {
        this.gamma = AgentSupport.within("Q-learning", "gamma", g, 0, 1);
        return this;
    }

    /** The fraction of training over which ε decays (default 0.5). */
    public QLearning explorationFraction(double f) {
        this.explorationFraction = AgentSupport.within("Q-learning", "exploration_fraction", f, Double.MIN_VALUE, 1);
        return this;
    }

    /** The initial ε (default 1). */
    public QLearning explorationInitialEps(double e) {
        this.explorationInitialEps = AgentSupport.within("Q-learning", "exploration_initial_eps", e, 0, 1);
        return this;
    }

    /** The final ε (default 0.05). */
    public QLearning explorationFinalEps(double e) {
        this.explorationFinalEps = AgentSupport.within("Q-learning", "exploration_final_eps", e, 0, 1);
        return this;
    }

    /** The seed of exploration and of the environment (default 0). */
    public QLearning seed(long s) {
        AgentSupport.checkNotBuilt(table != null, "Q-learning", "seed");
        if (s < 0) {
            throw new IllegalArgumentException("Q-learning: seed must be >= 0, got " + s);
        }
        this.seed = s;
        return this;
    }

    private void ensureBuilt() {
        if (table == null) {
            table = new float[states * actions];
            rng = new Rng(seed);
        }
    }

    /** {@code Q(s, a)}. */
    public double q(int s, int a) {
        ensureBuilt();
        return table[s * actions + a];
    }

    /** The greedy value {@code max_a Q(s, a)} of every state. */
    public double[] values() {
        ensureBuilt();
        double[] v = new double[states];
        for (int s = 0; s < states; s++) {
            v[s] = table[s * actions + greedy(s, false)];
        }
        return v;
    }

    @Override
    public Integer act(Integer observation, boolean deterministic) {
        ensureBuilt();
        if (observation == null || observation < 0 || observation >= states) {
            throw new IllegalArgumentException("Q-learning (" + envId + "): observation " + observation
                    + " is not a state in [0, " + states + ")");
        }
        if (!deterministic && rng.nextDouble() < explorationRate) {
            return rng.nextInt(actions);
        }
        return greedy(observation, !deterministic);
    }

    private int greedy(int s, boolean randomTies) {
        int off = s * actions;
        float best = table[off];
        int choice = 0;
        int ties = 1;
        for (int a = 1; a < actions; a++) {
            float v = table[off + a];
            if (v > best) {
                best = v;
                choice = a;
                ties = 1;
            } else if (v == best && randomTies && rng.nextInt(++ties) == 0) {
                choice = a;
            }
        }
        return choice;
    }

    @Override
    @SuppressWarnings("unchecked")
    public TrainingLog learn(long moreSteps, List<Callback> callbacks) {
        if (moreSteps < 0) {
            throw new IllegalArgumentException("Q-learning: steps must be >= 0, got " + moreSteps);
        }
        ensureBuilt();
        long end = steps + moreSteps;
        totalTimesteps = end;
        if (env == null) {
            env = new RecordEpisodeStatistics<>((Env<Integer, Integer>) factory.get());
            state = env.reset(seed + steps).observation();
        }
        Schedule eps = Schedule.linear(explorationInitialEps, explorationFinalEps, explorationFraction);
        log.startClock();
        try {
            while (steps < end) {
                int a = act(state, false);
                Step<Integer> s = env.step(a);
                int next = s.observation();
                int i = state * actions + a;
                double target = s.reward() + (s.terminated() ? 0 : gamma * table[next * actions + greedy(next, false)]);
                table[i] += (float) (alpha * (target - table[i]));
                steps++;
                explorationRate = eps.value(1.0 - (double) steps / totalTimesteps);
                if (s.done()) {
                    Double r = RecordEpisodeStatistics.episodeReturn(s.info());
                    Integer l = RecordEpisodeStatistics.episodeLength(s.info());
                    if (r != null) {
                        log.addEpisode(steps, r, l == null ? 0 : l);
                    }
                    state = env.reset().observation();
                } else {
                    state = next;
                }
                if (!callbacks(callbacks)) {
                    break;
                }
            }
        } finally {
            log.flushMetrics();
            log.stopClock();
        }
        return log;
    }

    /** The current exploration rate ε. */
    public double explorationRate() {
        return explorationRate;
    }

    /** The hyperparameters. */
    public Map<String, Object> config() {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("alpha", alpha);
        c.put("gamma", gamma);
        c.put("exploration_fraction", explorationFraction);
        c.put("exploration_initial_eps", explorationInitialEps);
        c.put("exploration_final_eps", explorationFinalEps);
        c.put("seed", seed);
        return c;
    }

    @Override
    public void save(Path file) throws IOException {
        ensureBuilt();
        Map<String, Object> state = new LinkedHashMap<>();
        state.put("steps", steps);
        state.put("exploration_rate", explorationRate);
        state.put("rng", rng.state());
        state.put("log", log.toConfig());
        AgentFile.save(file, new AgentFile.Contents(NAME, envId, config(), state,
                Map.of("q_table", new Tensor(table.clone(), states, actions))));
    }

    /** Loads an agent saved by {@link #save} for a registered environment. */
    public static QLearning load(Path file) throws IOException {
        AgentFile.Contents c = AgentFile.load(file);
        return load(file, c, registered(file, c.envId()));
    }

    /** Loads from already-read contents (used by {@code Agents.load}). */
    public static QLearning load(Path file, AgentFile.Contents c, Supplier<? extends Env<?, ?>> factory) throws IOException {
        QLearning q;
        try {
            q = new QLearning(factory);
        } catch (IllegalArgumentException e) {
            throw new InvalidFileException(file, e.getMessage(), e);
        }
        q.checkContents(file, c, "Q-learning");
        Json cfg = new Json(file, "config", c.config());
        Json st = new Json(file, "state", c.state());
        try {
            q.alpha(cfg.number("alpha")).gamma(cfg.number("gamma"))
                    .explorationFraction(cfg.number("exploration_fraction"))
                    .explorationInitialEps(cfg.number("exploration_initial_eps"))
                    .explorationFinalEps(cfg.number("exploration_final_eps"))
                    .seed(cfg.integer("seed", 0, Long.MAX_VALUE));
        } catch (IllegalArgumentException e) {
            throw new InvalidFileException(file, "invalid Q-learning config: " + e.getMessage(), e);
        }
        Tensor t = c.tensors().get("q_table");
        if (t == null || c.tensors().size() != 1) {
            throw new InvalidFileException(file, "a Q-learning file holds exactly one tensor 'q_table', found " + c.tensors().keySet());
        }
        if (!java.util.Arrays.equals(t.shape(), new int[] {q.states, q.actions})) {
            throw new InvalidFileException(file, "q_table has shape " + java.util.Arrays.toString(t.shape()) + ", "
                    + c.envId() + " needs [" + q.states + ", " + q.actions + "]");
        }
        q.ensureBuilt();
        System.arraycopy(t.data(), 0, q.table, 0, q.table.length);
        try {
            q.rng.setState(st.longs("rng", 6));
            q.log = TrainingLog.fromConfig(st.object("log"));
        } catch (IllegalArgumentException e) {
            throw new InvalidFileException(file, e.getMessage(), e);
        }
        q.steps = st.integer("steps", 0, Long.MAX_VALUE);
        q.explorationRate = st.number("exploration_rate");
        return q;
    }
}
