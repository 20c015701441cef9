package io.cambium.rl.lab;

import io.cambium.plot.XYChart;
import io.cambium.rl.agents.Agent;
import io.cambium.rl.agents.Agents;
import io.cambium.rl.envs.Envs;
import io.cambium.rl.train.EvalCallback;
import io.cambium.rl.train.Evaluation;
import io.cambium.rl.train.TrainingLog;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Seed question 8 ("how would you design a deep reinforcement learning model?") as a runnable
 * experiment: DQN and PPO with rl-baselines3-zoo's CartPole-v1 hyperparameters, trained for
 * several seeds, evaluated every {@code evalEvery} steps over 100 seeded episodes; a run counts
 * as solved at the first evaluation whose mean return reaches 475 (Gymnasium's threshold).
 * Returns per run the step and wall time at which it solved the task, the final evaluation and
 * the training log (learning curves), and writes the curves as PNGs when given a directory.
 *
 * <pre>{@code
 * CartPoleExperiment.Result r = new CartPoleExperiment().seeds(0, 1, 2).outputDir(Path.of("q8")).run();
 * r.runs().forEach(run -> System.out.println(run));
 * }</pre>
 */
public final class CartPoleExperiment {
    /** Gymnasium's reward threshold of CartPole-v1. */
    public static final double THRESHOLD = 475.0;
    private static final String ENV = "CartPole-v1";

    /** One training run. */
    public record Run(String algorithm, long seed, Long solvedStep, Double solvedSeconds, long steps, double seconds,
                      Evaluation.Result finalEvaluation, TrainingLog log) {
        /** Whether an evaluation reached the threshold. */
        public boolean solved() {
            return solvedStep != null;
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%s seed %d: %s; %,d steps in %.1f s; final %s", algorithm, seed,
                    solved() ? String.format(Locale.ROOT, "solved at step %,d after %.1f s", solvedStep, solvedSeconds)
                            : "not solved", steps, seconds, finalEvaluation);
        }
    }

    /** All runs, and the PNG files written (empty without an output directory). */
    public record Result(List<Run> runs, List<Path> pictures) {
        /** The runs of one algorithm. */
        public List<Run> of(String algorithm) {
            return runs.stream().filter(r -> r.algorithm().equals(algorithm)).toList();
        }
    }

    private long[] seeds = {0, 1, 2};
    private long dqnSteps = 100_000;
    private long ppoSteps = 200_000;
    private long evalEvery = 2_500;
    private int evalEpisodes = 100;
    private long evalSeed = 10_000;
    private boolean stopWhenSolved = true;
    private List<String> algorithms = List.of("dqn", "ppo");
    private Path outputDir;
    private PrintStream out;

    /** The training seeds (default 0, 1, 2). */
    public CartPoleExperiment seeds(long... s) {
        if (s.length == 0) {
            throw new IllegalArgumentException("CartPoleExperiment: at least one seed is needed");
        }
        this.seeds = s.clone();
        return this;
    }

    /** The algorithms to run, among {@code dqn}, {@code ppo}, {@code a2c}, {@code reinforce} (default dqn, ppo). */
    public CartPoleExperiment algorithms(String... names) {
        for (String n : names) {
            if (!List.of("dqn", "ppo", "a2c", "reinforce").contains(n)) {
                throw new IllegalArgumentException("CartPoleExperiment: unknown algorithm '" + n + "'");
            }
        }
        this.algorithms = List.of(names);
        return this;
    }

    /** The step budget of DQN (default 100,000) and of the policy-gradient agents (default 200,000). */
    public CartPoleExperiment budgets(long dqn, long policyGradient) {
        if (dqn < 1 || policyGradient < 1) {
            throw new IllegalArgumentException("CartPoleExperiment: budgets must be >= 1");
        }
        this.dqnSteps = dqn;
        this.ppoSteps = policyGradient;
        return this;
    }

    /** Steps between evaluations (default 2,500) and episodes per evaluation (default 100). */
    public CartPoleExperiment evaluation(long every, int episodes) {
        if (every < 1 || episodes < 1) {
            throw new IllegalArgumentException("CartPoleExperiment: evaluation interval and episodes must be >= 1");
        }
        this.evalEvery = every;
        this.evalEpisodes = episodes;
        return this;
    }

    /** Whether a run stops at its first solving evaluation (default true). */
    public CartPoleExperiment stopWhenSolved(boolean v) {
        this.stopWhenSolved = v;
        return this;
    }

    /** Writes one learning-curve PNG per run and a comparison PNG into {@code dir}. */
    public CartPoleExperiment outputDir(Path dir) {
        this.outputDir = dir;
        return this;
    }

    /** Prints progress (one line per evaluation) to {@code stream}. */
    public CartPoleExperiment verbose(PrintStream stream) {
        this.out = stream;
        return this;
    }

    /** Runs every algorithm for every seed. */
    public Result run() {
        List<Run> runs = new ArrayList<>();
        List<Path> pictures = new ArrayList<>();
        for (String algorithm : algorithms) {
            for (long seed : seeds) {
                Agent<?, ?> agent = Agents.create(algorithm, ENV, seed);
                EvalCallback eval = new EvalCallback(Envs.factory(ENV), evalEvery, evalEpisodes, evalSeed)
                        .threshold(THRESHOLD).stopAtThreshold(stopWhenSolved).verbose(out);
                TrainingLog log = agent.learn(algorithm.equals("dqn") ? dqnSteps : ppoSteps, List.of(eval));
                Evaluation.Result last = log.evaluations().isEmpty() || eval.last() == null
                        ? Evaluation.evaluate(policy(agent), Envs.factory(ENV), evalEpisodes, evalSeed, true) : eval.last();
                Run run = new Run(algorithm, seed, log.solvedStep(), log.solvedSeconds(), agent.steps(), log.seconds(), last, log);
                runs.add(run);
                if (out != null) {
                    out.println(run);
                }
                if (outputDir != null) {
                    Path png = outputDir.resolve(algorithm + "-seed" + seed + ".png");
                    log.writePng(png, algorithm.toUpperCase(Locale.ROOT) + " on " + ENV + ", seed " + seed, THRESHOLD);
                    pictures.add(png);
                }
            }
        }
        if (outputDir != null) {
            Path png = outputDir.resolve("comparison.png");
            writeComparison(runs, png);
            pictures.add(png);
        }
        return new Result(runs, pictures);
    }

    @SuppressWarnings("unchecked")
    private static io.cambium.rl.agents.Policy<Object, Object> policy(Agent<?, ?> a) {
        return (io.cambium.rl.agents.Policy<Object, Object>) a;
    }

    /** Evaluation curves of every run in one chart (mean return over the evaluation episodes). */
    public static void writeComparison(List<Run> runs, Path png) {
        List<XYChart.Series> series = new ArrayList<>();
        double last = 0;
        for (Run r : runs) {
            List<TrainingLog.Evaluation> ev = r.log().evaluations();
            double[] x = new double[ev.size()];
            double[] y = new double[ev.size()];
            for (int i = 0; i < x.length; i++) {
                x[i] = ev.get(i).step();
                y[i] = ev.get(i).mean();
                last = Math.max(last, x[i]);
            }
            series.add(new XYChart.Series(r.algorithm() + " seed " + r.seed(), x, y,
                    r.algorithm().equals("dqn") ? XYChart.Style.LINE : XYChart.Style.DASHED));
        }
        series.add(new XYChart.Series("threshold 475", new double[] {0, Math.max(last, 1)},
                new double[] {THRESHOLD, THRESHOLD}, XYChart.Style.THIN));
        XYChart.write("CartPole-v1: mean evaluation return",
                List.of(new XYChart.Panel("DQN solid, policy gradients dashed", "environment steps",
                        "mean return", series)), png);
    }

    /**
     * The acceptance run: {@code java ... io.cambium.rl.lab.CartPoleExperiment [outputDir]} trains
     * DQN (100,000 steps) and PPO (200,000 steps) for seeds 0, 1, 2 and prints the results.
     */
    public static void main(String[] args) {
        System.setProperty("java.awt.headless", "true");
        CartPoleExperiment e = new CartPoleExperiment().verbose(System.out);
        if (args.length > 0) {
            e.outputDir(Path.of(args[0]));
        }
        Result r = e.run();
        System.out.println();
        for (Run run : r.runs()) {
            System.out.println(run);
        }
    }
}
