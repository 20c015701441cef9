package io.cambium.rl.env;

import io.cambium.rl.spaces.Space;
import java.awt.image.BufferedImage;
import java.util.Map;

/**
 * An environment that wraps another and changes part of its behaviour (Gymnasium's
 * {@code Wrapper}): by default every call is forwarded, including the seed of a reset. The
 * wrapper keeps its own episode protocol, so that stepping after a wrapper ended the episode (a
 * time limit) fails even though the inner environment could continue.
 *
 * @param <O> the observation type
 * @param <A> the action type
 */
public abstract class Wrapper<O, A> extends Env<O, A> {
    /** The wrapped environment. */
    protected final Env<O, A> env;

    /** Wraps {@code env}. */
    protected Wrapper(Env<O, A> env) {
        this.env = java.util.Objects.requireNonNull(env, "env");
    }

    /** The wrapped environment. */
    public Env<O, A> inner() {
        return env;
    }

    @Override
    public String id() {
        return env.id();
    }

    @Override
    public Space<O> observationSpace() {
        return env.observationSpace();
    }

    @Override
    public Space<A> actionSpace() {
        return env.actionSpace();
    }

    @Override
    protected Reset<O> doReset(Long seed, Map<String, Object> options) {
        return env.reset(seed, options);
    }

    @Override
    protected Step<O> doStep(A action) {
        return env.step(action);
    }

    @Override
    public BufferedImage render() {
        return env.render();
    }

    @Override
    public Env<?, ?> unwrapped() {
        return env.unwrapped();
    }

    @Override
    public void close() {
        env.close();
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "<" + env + ">";
    }
}
