package io.cambium.lab.experiments;

import io.cambium.lab.Experiment;
import io.cambium.lab.Mode;
import io.cambium.lab.Progress;
import io.cambium.lab.Result;
import io.cambium.lab.Table;
import io.cambium.plot.LineChart;
import io.cambium.rl.lab.CartPoleExperiment;
import io.cambium.rl.train.TrainingLog;

import java.util.List;

/**
 * Question 8: deep reinforcement learning on CartPole-v1, through cambium-rl's entry point for this
 * question ({@link CartPoleExperiment}): DQN (a value network with replay buffer, target network and
 * epsilon-greedy exploration) against PPO (a policy-gradient agent), evaluated over seeded episodes.
 */
public final class Q08ReinforcementLearning implements Experiment {
    @Override
    public List<Integer> questions() {
        return List.of(8);
    }

    @Override
    public String title() {
        return "Deep reinforcement learning: DQN against PPO on CartPole-v1";
    }

    @Override
    public String summary() {
        return "The textbook answer: deep reinforcement learning uses neural networks as the value function or the "
                + "policy of an agent that learns from rewards by interacting with an environment (DQN learns action "
                + "values from a replay buffer with a target network; policy-gradient methods such as PPO learn the "
                + "policy directly). The experiment trains both on CartPole-v1 with rl-baselines3-zoo's settings and "
                + "measures when each reaches Gymnasium's threshold (mean return 475 over the evaluation episodes).";
    }

    @Override
    public Result run(Mode mode, long seed, Progress progress) {
        long[] seeds = mode == Mode.QUICK ? new long[] {seed} : new long[] {seed, seed + 1};
        long dqn = mode == Mode.QUICK ? 10_000 : 100_000;
        long ppo = mode == Mode.QUICK ? 30_000 : 200_000;
        int episodes = mode.pick(20, 100);
        progress.total(1);
        progress.message("training DQN and PPO on CartPole-v1");
        CartPoleExperiment.Result r = new CartPoleExperiment().seeds(seeds).budgets(dqn, ppo)
                .evaluation(2_500, episodes).run();
        progress.advance(1, "done");
        double random = randomPolicyReturn(episodes);

        Table table = new Table("CartPole-v1, evaluation every 2500 steps over " + episodes + " seeded episodes")
                .text("agent").num("seed", 0).num("first evaluation", 1).num("final mean return", 1)
                .num("solved at step", 0).num("steps run", 0).num("seconds", 1);
        LineChart curves = new LineChart("Mean evaluation return").xLabel("environment steps").yLabel("mean return");
        for (CartPoleExperiment.Run run : r.runs()) {
            List<TrainingLog.Evaluation> ev = run.log().evaluations();
            double[] x = new double[ev.size()];
            double[] y = new double[ev.size()];
            for (int i = 0; i < x.length; i++) {
                x[i] = ev.get(i).step();
                y[i] = ev.get(i).mean();
            }
            table.row(run.algorithm().toUpperCase(java.util.Locale.ROOT), run.seed(), ev.isEmpty() ? null : y[0],
                    run.finalEvaluation().mean(), run.solvedStep(), run.steps(), run.seconds());
            curves.series(run.algorithm() + " seed " + run.seed(), x, y);
        }
        curves.dashed("threshold 475", new double[] {0, Math.max(dqn, ppo)},
                new double[] {CartPoleExperiment.THRESHOLD, CartPoleExperiment.THRESHOLD});

        int first = table.columnIndex("first evaluation");
        int fin = table.columnIndex("final mean return");
        int solved = table.columnIndex("solved at step");
        Result.Builder out = Result.builder()
                .setup("cambium-rl's CartPoleExperiment (its entry point for this question): DQN and PPO with "
                        + "rl-baselines3-zoo's CartPole-v1 hyperparameters, budgets of " + dqn + " (DQN) and " + ppo
                        + " (PPO) environment steps, seeds " + java.util.Arrays.toString(seeds) + ", deterministic "
                        + "evaluation every 2500 steps over " + episodes + " episodes seeded from 10000; a run stops at "
                        + "its first evaluation with mean return >= 475 (solved).")
                .table(table)
                .plot("curves", "Mean evaluation return against environment steps; the dashed line is the threshold.",
                        curves.png());
        Table baseline = new Table("Baseline: uniformly random actions over the same " + episodes + " seeded episodes")
                .text("policy").num("mean return", 1);
        baseline.row("random", random);
        out.table(baseline);
        for (int i = 0; i < table.rowCount(); i++) {
            boolean learned = table.value(i, fin) > 3 * random;
            out.check(table.text(i, 0) + " learns a policy from the reward alone (far beyond random actions)", learned,
                    table.text(i, 0) + " (seed " + table.text(i, 1) + ") reaches a mean return of " + table.text(i, fin)
                            + " against " + baseline.text(0, 1) + " for random actions and " + table.text(i, first)
                            + " at its first evaluation; "
                            + (table.cell(i, solved) == null ? "not solved within the budget."
                            : "solved at step " + table.text(i, solved) + "."));
        }
        double dqnSteps = meanSolved(table, "DQN");
        double ppoSteps = meanSolved(table, "PPO");
        if (!Double.isNaN(dqnSteps) && !Double.isNaN(ppoSteps)) {
            out.observed("Solved runs needed on average " + io.cambium.lab.Fmt.num(dqnSteps, 0) + " steps with DQN and "
                    + io.cambium.lab.Fmt.num(ppoSteps, 0) + " with PPO on this machine's seeds.");
        }
        return out.build();
    }

    /** The mean return of uniformly random actions on CartPole-v1 over the evaluation seeds. */
    @SuppressWarnings("unchecked")
    private static double randomPolicyReturn(int episodes) {
        double total = 0;
        try (var env = (io.cambium.rl.env.Env<Object, Integer>) io.cambium.rl.envs.Envs.make("CartPole-v1")) {
            for (int e = 0; e < episodes; e++) {
                env.reset(10_000L + e);
                env.actionSpace().seed(10_000L + e);
                io.cambium.rl.env.Step<Object> step;
                do {
                    step = env.step(env.actionSpace().sample());
                    total += step.reward();
                } while (!step.terminated() && !step.truncated());
            }
        }
        return total / episodes;
    }

    private static double meanSolved(Table t, String agent) {
        double sum = 0;
        int n = 0;
        for (int i = 0; i < t.rowCount(); i++) {
            if (t.text(i, 0).equals(agent) && t.cell(i, 4) != null) {
                sum += t.value(i, 4);
                n++;
            }
        }
        return n == 0 ? Double.NaN : sum / n;
    }
}
