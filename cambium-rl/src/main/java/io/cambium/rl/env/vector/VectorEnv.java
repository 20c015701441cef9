package io.cambium.rl.env.vector;

import io.cambium.rl.spaces.Space;
import java.util.List;

/**
 * Several copies of an environment stepped together (Gymnasium's {@code VectorEnv}), with
 * automatic resets of ended sub-environments as set by {@link #autoresetMode()}.
 *
 * @param <O> the observation type of one sub-environment
 * @param <A> the action type of one sub-environment
 */
public interface VectorEnv<O, A> extends AutoCloseable {
    /** The number of sub-environments. */
    int numEnvs();

    /** The id of the sub-environments. */
    String id();

    /** The observation space of one sub-environment. */
    Space<O> singleObservationSpace();

    /** The action space of one sub-environment. */
    Space<A> singleActionSpace();

    /** How ended sub-environments are reset. */
    AutoresetMode autoresetMode();

    /**
     * Resets every sub-environment; with a seed, sub-environment {@code i} is seeded with
     * {@code seed + i}, as Gymnasium does.
     */
    VectorReset<O> reset(Long seed);

    /** Steps every sub-environment with its action. */
    VectorStep<O> step(List<A> actions);

    @Override
    void close();
}
