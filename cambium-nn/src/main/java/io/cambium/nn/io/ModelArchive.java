package io.cambium.nn.io;

import io.cambium.tensor.Tensor;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Everything needed to rebuild a model and resume its training: the architecture as JSON (made
 * by the model), the weights by variable name, the optimizer's config and state (either may be
 * empty), and the training state (may be {@code null}). Saved and loaded by {@link ModelFile}.
 */
public record ModelArchive(String architecture, Map<String, Tensor> weights, Map<String, Object> optimizerConfig,
                           Map<String, Tensor> optimizerState, TrainingState training) {
    /** Copies the maps (not the tensors) so that the archive does not change under a writer. */
    public ModelArchive {
        weights = Collections.unmodifiableMap(new LinkedHashMap<>(weights == null ? Map.of() : weights));
        optimizerConfig = optimizerConfig == null ? null : Collections.unmodifiableMap(new LinkedHashMap<>(optimizerConfig));
        optimizerState = Collections.unmodifiableMap(new LinkedHashMap<>(optimizerState == null ? Map.of() : optimizerState));
    }

    /** An archive with architecture and weights only. */
    public static ModelArchive of(String architecture, Map<String, Tensor> weights) {
        return new ModelArchive(architecture, weights, null, Map.of(), null);
    }
}
