package io.cambium.rl.env;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Adds the return, length and wall time of an episode to the info of its last step, under
 * {@code "episode"} as a map with keys {@code r}, {@code l} and {@code t} (Gymnasium's
 * {@code RecordEpisodeStatistics}; SB3's {@code Monitor}). Training loops read the undiscounted,
 * unnormalized returns from it.
 *
 * @param <O> the observation type
 * @param <A> the action type
 */
public final class RecordEpisodeStatistics<O, A> extends Wrapper<O, A> {
    /** The info key of the episode statistics. */
    public static final String KEY = "episode";

    private double episodeReturn;
    private int episodeLength;
    private long startNanos;

    /** Records the episodes of {@code env}. */
    public RecordEpisodeStatistics(Env<O, A> env) {
        super(env);
    }

    @Override
    protected Reset<O> doReset(Long seed, Map<String, Object> options) {
        episodeReturn = 0;
        episodeLength = 0;
        startNanos = System.nanoTime();
        return env.reset(seed, options);
    }

    @Override
    protected Step<O> doStep(A action) {
        Step<O> s = env.step(action);
        episodeReturn += s.reward();
        episodeLength++;
        if (!s.done()) {
            return s;
        }
        Map<String, Object> info = new LinkedHashMap<>(s.info());
        info.put(KEY, Map.of("r", episodeReturn, "l", episodeLength, "t", (System.nanoTime() - startNanos) / 1e9));
        return new Step<>(s.observation(), s.reward(), s.terminated(), s.truncated(), info);
    }

    /** The return of a finished episode from a step's info, or {@code null} when the step did not end one. */
    public static Double episodeReturn(Map<String, Object> info) {
        return info.get(KEY) instanceof Map<?, ?> m && m.get("r") instanceof Double r ? r : null;
    }

    /** The length of a finished episode from a step's info, or {@code null}. */
    public static Integer episodeLength(Map<String, Object> info) {
        return info.get(KEY) instanceof Map<?, ?> m && m.get("l") instanceof Integer l ? l : null;
    }
}
