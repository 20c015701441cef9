package io.cambium.nn;

import java.util.List;
import java.util.Map;

/**
 * What {@link Model#loadWeightsByName} did, layer by layer: which layers got the file's weights,
 * which were skipped because their weights did not fit (and why), which layers with weights the
 * file does not mention (they keep their values), and which layers of the file the model lacks.
 *
 * @param loaded    names of the layers whose weights were assigned
 * @param skipped   layer name to the reason its weights were not assigned (only with skipMismatch)
 * @param untouched names of the model's layers with weights that the file does not hold
 * @param unused    names of the file's layers that the model does not have
 */
public record WeightLoadReport(List<String> loaded, Map<String, String> skipped, List<String> untouched,
                               List<String> unused) {
    public WeightLoadReport {
        loaded = List.copyOf(loaded);
        skipped = Map.copyOf(skipped);
        untouched = List.copyOf(untouched);
        unused = List.copyOf(unused);
    }

    @Override
    public String toString() {
        return "loaded " + loaded.size() + " layers, skipped " + skipped.size() + (skipped.isEmpty() ? "" : " " + skipped)
                + ", untouched " + untouched + ", unused " + unused;
    }
}
