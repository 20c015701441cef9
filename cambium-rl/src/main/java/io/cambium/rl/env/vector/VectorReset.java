package io.cambium.rl.env.vector;

import java.util.List;
import java.util.Map;

/**
 * The first observations and infos of every sub-environment after a reset.
 *
 * @param <O> the observation type
 */
public record VectorReset<O>(List<O> observations, List<Map<String, Object>> infos) {
}
