package io.cambium.rl.env.vector;

import java.util.List;
import java.util.Map;

/**
 * The result of stepping every sub-environment once: one observation, reward, pair of flags and
 * info map per sub-environment (Gymnasium batches infos into one dict of arrays; here each
 * sub-environment keeps its own map).
 *
 * @param <O> the observation type
 */
public record VectorStep<O>(List<O> observations, double[] rewards, boolean[] terminated, boolean[] truncated,
                            List<Map<String, Object>> infos) {
    /** Whether sub-environment {@code i} ended its episode on this step. */
    public boolean done(int i) {
        return terminated[i] || truncated[i];
    }
}
