package io.cambium.rl.env;

import io.cambium.rl.random.Pcg64;
import io.cambium.rl.spaces.Space;
import java.awt.image.BufferedImage;
import java.util.Map;

/**
 * A reinforcement-learning environment with Gymnasium's interface and semantics:
 * {@link #reset(long)} starts an episode and returns the first observation and an info map;
 * {@link #step(Object)} applies an action and returns the next observation, the reward and the
 * {@code terminated} / {@code truncated} flags.
 *
 * <p>The base class enforces the protocol that Gymnasium's wrappers check: stepping before the
 * first reset, stepping an episode that has ended, and an action outside {@link #actionSpace()}
 * raise exceptions that name the environment and the value. A seeded reset re-creates the
 * environment's generator as Gymnasium does ({@code numpy.random.default_rng(seed)}, see
 * {@link Pcg64}); an unseeded reset keeps drawing from the current one.
 *
 * <p>Subclasses implement {@link #doReset} (calling {@link #seedRandom(Long)} first, like
 * Gymnasium's {@code super().reset(seed=seed)}) and {@link #doStep}.
 *
 * @param <O> the observation type ({@code float[]} for boxes, {@code Integer} for discrete spaces)
 * @param <A> the action type
 */
public abstract class Env<O, A> implements AutoCloseable {
    private enum Status { NOT_STARTED, RUNNING, ENDED }

    private Pcg64 random;
    private Status status = Status.NOT_STARTED;
    private long episodeSteps;
    private boolean endedByTermination;

    /** The registered id, such as {@code CartPole-v1}, used in every error message. */
    public abstract String id();

    /** The space of observations. */
    public abstract Space<O> observationSpace();

    /** The space of valid actions. */
    public abstract Space<A> actionSpace();

    /** Starts an episode with a fresh generator seeded with {@code seed} ({@code reset(seed=seed)}). */
    public final Reset<O> reset(long seed) {
        return reset(seed, Map.of());
    }

    /** Starts an episode, continuing the current generator (seeded from entropy on first use). */
    public final Reset<O> reset() {
        return reset(null, Map.of());
    }

    /**
     * Starts an episode.
     *
     * @param seed a non-negative seed, or {@code null} to continue the current generator
     * @param options environment-specific options, such as the bounds of the initial state
     * @throws IllegalArgumentException for a negative seed or an invalid option
     */
    public final Reset<O> reset(Long seed, Map<String, Object> options) {
        if (seed != null && seed < 0) {
            throw new IllegalArgumentException(id() + ": the seed must be a non-negative integer, got " + seed);
        }
        Reset<O> r = doReset(seed, options == null ? Map.of() : options);
        status = Status.RUNNING;
        episodeSteps = 0;
        return r;
    }

    /**
     * Applies {@code action}.
     *
     * @throws IllegalStateException before the first reset and after the episode ended
     * @throws IllegalArgumentException when the action is not in the action space
     */
    public final Step<O> step(A action) {
        if (status == Status.NOT_STARTED) {
            throw new IllegalStateException(id() + ": step(" + actionSpace().describe(action)
                    + ") called before reset(); call reset() to start an episode");
        }
        if (status == Status.ENDED) {
            throw new IllegalStateException(id() + ": step(" + actionSpace().describe(action) + ") called after the episode "
                    + (endedByTermination ? "terminated" : "was truncated") + " at step " + episodeSteps
                    + "; call reset() to start a new episode");
        }
        if (!actionSpace().contains(action)) {
            throw new IllegalArgumentException(id() + ": action " + actionSpace().describe(action)
                    + " is not in the action space " + actionSpace());
        }
        Step<O> s = doStep(action);
        episodeSteps++;
        if (s.done()) {
            status = Status.ENDED;
            endedByTermination = s.terminated();
        }
        return s;
    }

    /** Whether the current episode ended (or none started), so that the next call must be a reset. */
    public final boolean needsReset() {
        return status != Status.RUNNING;
    }

    /** Steps taken in the current episode. */
    public final long episodeSteps() {
        return episodeSteps;
    }

    /**
     * Starts an episode: call {@link #seedRandom(Long)} first, then draw the initial state from
     * {@link #random()}.
     */
    protected abstract Reset<O> doReset(Long seed, Map<String, Object> options);

    /** Applies a valid action to a running episode. */
    protected abstract Step<O> doStep(A action);

    /** Re-creates the generator from {@code seed}, or creates one from entropy if there is none. */
    protected final void seedRandom(Long seed) {
        if (seed != null) {
            random = new Pcg64(seed);
        } else if (random == null) {
            random = Pcg64.fromEntropy();
        }
    }

    /** The environment's generator (Gymnasium's {@code np_random}). */
    protected final Pcg64 random() {
        if (random == null) {
            random = Pcg64.fromEntropy();
        }
        return random;
    }

    /**
     * A picture of the current state (Gymnasium's {@code render_mode="rgb_array"}).
     *
     * @throws UnsupportedOperationException when the environment cannot render
     * @throws IllegalStateException before the first reset
     */
    public BufferedImage render() {
        throw new UnsupportedOperationException(id() + " cannot render");
    }

    /** Fails with a message naming the environment when no episode was started yet. */
    protected final void requireStarted(String what) {
        if (status == Status.NOT_STARTED) {
            throw new IllegalStateException(id() + ": " + what + " called before reset()");
        }
    }

    /** The innermost environment below any wrappers. */
    public Env<?, ?> unwrapped() {
        return this;
    }

    /** Releases resources (none by default). */
    @Override
    public void close() {
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "<" + id() + ">";
    }
}
