package io.cambium.rl.env;

import java.util.Map;

/**
 * Truncates episodes after a number of steps (Gymnasium's {@code TimeLimit}): the step on which
 * the count reaches the limit returns {@code truncated = true}, also when it terminates (then
 * both flags are set).
 *
 * @param <O> the observation type
 * @param <A> the action type
 */
public final class TimeLimit<O, A> extends Wrapper<O, A> {
    private final int maxEpisodeSteps;
    private int elapsed;

    /** Truncates {@code env}'s episodes at {@code maxEpisodeSteps} steps. */
    public TimeLimit(Env<O, A> env, int maxEpisodeSteps) {
        super(env);
        if (maxEpisodeSteps <= 0) {
            throw new IllegalArgumentException(env.id() + ": max_episode_steps must be positive, got " + maxEpisodeSteps);
        }
        this.maxEpisodeSteps = maxEpisodeSteps;
    }

    /** The step limit. */
    public int maxEpisodeSteps() {
        return maxEpisodeSteps;
    }

    /** Steps taken since the last reset. */
    public int elapsedSteps() {
        return elapsed;
    }

    @Override
    protected Reset<O> doReset(Long seed, Map<String, Object> options) {
        elapsed = 0;
        return env.reset(seed, options);
    }

    @Override
    protected Step<O> doStep(A action) {
        Step<O> s = env.step(action);
        elapsed++;
        if (elapsed >= maxEpisodeSteps && !s.truncated()) {
            return new Step<>(s.observation(), s.reward(), s.terminated(), true, s.info());
        }
        return s;
    }
}
