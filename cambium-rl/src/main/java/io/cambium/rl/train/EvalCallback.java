package io.cambium.rl.train;

import io.cambium.rl.agents.Agent;
import io.cambium.rl.agents.Callback;
import io.cambium.rl.agents.Policy;
import io.cambium.rl.env.Env;
import java.io.PrintStream;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * Evaluates the agent every {@code everySteps} environment steps over seeded episodes of fresh
 * environments (deterministic actions) and records the result in the agent's log
 * (Stable-Baselines3's {@code EvalCallback}); optionally marks the task solved and stops training
 * when the mean return reaches a threshold ({@code StopTrainingOnRewardThreshold}).
 */
public final class EvalCallback implements Callback {
    private final Supplier<? extends Env<?, ?>> factory;
    private final long everySteps;
    private final int episodes;
    private final long seed;
    private Double threshold;
    private boolean stop = true;
    private PrintStream out;
    private long nextEval = -1;
    private Evaluation.Result last;

    /**
     * Evaluates {@code episodes} episodes seeded {@code seed, seed + 1, ...} every {@code everySteps} steps.
     *
     * @throws IllegalArgumentException for non-positive counts
     */
    public EvalCallback(Supplier<? extends Env<?, ?>> factory, long everySteps, int episodes, long seed) {
        if (everySteps < 1 || episodes < 1) {
            throw new IllegalArgumentException("EvalCallback: everySteps and episodes must be >= 1, got " + everySteps
                    + " and " + episodes);
        }
        this.factory = factory;
        this.everySteps = everySteps;
        this.episodes = episodes;
        this.seed = seed;
    }

    /** Marks the task solved when an evaluation's mean return reaches {@code value}. */
    public EvalCallback threshold(double value) {
        this.threshold = value;
        return this;
    }

    /** Whether reaching the threshold stops training (default true). */
    public EvalCallback stopAtThreshold(boolean value) {
        this.stop = value;
        return this;
    }

    /** Prints one line per evaluation to {@code stream} (null for silence, the default). */
    public EvalCallback verbose(PrintStream stream) {
        this.out = stream;
        return this;
    }

    /** The last evaluation, or {@code null}. */
    public Evaluation.Result last() {
        return last;
    }

    @Override
    @SuppressWarnings("unchecked")
    public boolean onStep(Agent<?, ?> agent) {
        if (nextEval < 0) {
            nextEval = (agent.steps() / everySteps + 1) * everySteps;
            if (agent.steps() < nextEval) {
                return true;
            }
        }
        if (agent.steps() < nextEval) {
            return true;
        }
        while (nextEval <= agent.steps()) {
            nextEval += everySteps;
        }
        last = Evaluation.evaluate((Policy<Object, Object>) agent, factory, episodes, seed, true);
        TrainingLog log = agent.log();
        log.addEvaluation(agent.steps(), last.mean(), last.std(), episodes);
        boolean solved = threshold != null && last.mean() >= threshold;
        if (solved) {
            log.markSolved(agent.steps());
        }
        if (out != null) {
            out.printf(Locale.ROOT, "%s %s: step %,d  eval %.1f +/- %.1f  (train episodes: last-100 mean %.1f)  %.1f s%s%n",
                    agent.algorithm(), agent.envId(), agent.steps(), last.mean(), last.std(), log.meanRecentReturn(100),
                    log.seconds(), solved ? "  solved" : "");
        }
        return !(solved && stop);
    }
}
