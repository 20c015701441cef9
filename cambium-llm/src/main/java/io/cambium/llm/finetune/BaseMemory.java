package io.cambium.llm.finetune;

import io.cambium.llm.finetune.quant.QuantizedLinear;
import io.cambium.nn.Layer;
import io.cambium.nn.Variable;
import io.cambium.nn.layers.core.Dense;
import io.cambium.tensor.Shape;

/**
 * Bytes held by a model's frozen base: its linear layers (float32 Dense kernels and biases, or
 * quantized kernels with their scales and float biases), and everything frozen (those plus frozen
 * embeddings and norms). Adapters and other trainable variables are not counted.
 */
public record BaseMemory(long linearBytes, long frozenBytes) {
    /** Measures {@code model}. */
    public static BaseMemory of(Layer model) {
        long linear = 0;
        long frozen = 0;
        for (Layer l : model.allLayersIncludingSelf()) {
            if (l instanceof QuantizedLinear q) {
                linear += q.storageBytes();
                frozen += q.weight().storageBytes();
            } else if (l instanceof Dense d && !d.kernel().trainable()) {
                linear += 4L * Shape.numel(d.kernel().shape()) + (d.bias() == null ? 0 : 4L * Shape.numel(d.bias().shape()));
            }
        }
        for (Variable v : model.variables()) {
            if (!v.trainable()) {
                frozen += 4L * Shape.numel(v.shape());
            }
        }
        return new BaseMemory(linear, frozen);
    }
}
