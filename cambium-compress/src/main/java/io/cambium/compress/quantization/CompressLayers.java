package io.cambium.compress.quantization;

import io.cambium.nn.LayerRegistry;

/**
 * Registers the layers of cambium-compress with {@link LayerRegistry}, so that saved quantized
 * models load with {@code Model.load}. Called by every entry point of the module; call it yourself
 * before loading a quantized model in a program that uses nothing else from it.
 */
public final class CompressLayers {
    private static volatile boolean done;

    private CompressLayers() {
    }

    /** Registers QuantizedDense and QuantizedConv2D (idempotent). */
    public static void register() {
        if (!done) {
            LayerRegistry.register("QuantizedDense", QuantizedDense::fromConfig);
            LayerRegistry.register("QuantizedConv2D", QuantizedConv2D::fromConfig);
            done = true;
        }
    }
}
