package io.cambium.rl.agents;

import io.cambium.rl.train.TrainingLog;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * A learning agent bound to an environment: it trains by interacting with copies of the
 * environment ({@link #learn}), acts as a {@link Policy}, and saves its whole state (networks,
 * optimizer, replay or normalization statistics, counters, random generators and log) to one file.
 *
 * @param <O> the observation type
 * @param <A> the action type
 */
public interface Agent<O, A> extends Policy<O, A> {
    /** The algorithm's name as saved ({@code dqn}, {@code ppo}, {@code a2c}, {@code reinforce}, {@code q_learning}). */
    String algorithm();

    /** The id of the environment the agent trains on. */
    String envId();

    /** Environment steps taken in training so far (over all sub-environments). */
    long steps();

    /** Episode returns, evaluations and losses recorded so far. */
    TrainingLog log();

    /**
     * Trains for {@code steps} more environment steps, or until a callback stops it; a later call
     * continues where this one stopped.
     *
     * @return the log of the whole training so far
     */
    TrainingLog learn(long steps, List<Callback> callbacks);

    /** {@link #learn(long, List)} without callbacks. */
    default TrainingLog learn(long steps) {
        return learn(steps, List.of());
    }

    /** Saves the agent atomically (see {@link io.cambium.rl.io.AgentFile}). */
    void save(Path file) throws IOException;
}
