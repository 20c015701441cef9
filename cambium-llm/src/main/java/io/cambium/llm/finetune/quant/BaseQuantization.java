package io.cambium.llm.finetune.quant;

import io.cambium.llm.model.Composite;
import io.cambium.llm.model.LayerPaths;
import io.cambium.nn.Layer;
import io.cambium.nn.layers.core.Dense;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Replaces the linear layers of a model by frozen {@link QuantizedLinear}s (the QLoRA recipe's
 * first step: quantize the base, then add float adapters): every {@link Dense} without activation
 * below the root, in place. Embeddings and normalizations stay float32, as in QLoRA.
 */
public final class BaseQuantization {
    private BaseQuantization() {
    }

    /** Quantizes every linear Dense of {@code root}; returns their paths. */
    public static List<String> quantize(Composite root, QuantFormat format) {
        Set<String> linear = new HashSet<>();
        LayerPaths.all(root).forEach((p, l) -> {
            if (l instanceof Dense d && "linear".equals(d.activationName())) {
                linear.add(p);
            }
        });
        return new ArrayList<>(LayerPaths.replace(root, linear::contains,
                l -> QuantizedLinear.of((Dense) l, format)).keySet());
    }

    /** Bytes of the quantized layers in {@code root}, also inside wrappers (kernels, scales, biases). */
    public static long quantizedBytes(Layer root) {
        long n = 0;
        for (Layer l : root.allLayersIncludingSelf()) {
            if (l instanceof QuantizedLinear q) {
                n += q.storageBytes();
            }
        }
        return n;
    }
}
