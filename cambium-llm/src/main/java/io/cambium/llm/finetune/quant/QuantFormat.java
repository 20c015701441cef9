package io.cambium.llm.finetune.quant;

import java.util.Locale;

/** How a frozen base's linear kernels are stored. */
public enum QuantFormat {
    /** Symmetric int8 per output channel ({@link io.cambium.tensor.quant.Int8Matrix}): ~8 bits per value. */
    INT8,
    /** 4-bit NormalFloat with float32 absmax per block of 64 ({@link Nf4Matrix}): 4.5 bits per value. */
    NF4;

    /**
     * {@code int8} or {@code nf4} (any case).
     *
     * @throws IllegalArgumentException naming the value and the choices
     */
    public static QuantFormat parse(String s) {
        return switch (s.toLowerCase(Locale.ROOT)) {
            case "int8" -> INT8;
            case "nf4" -> NF4;
            default -> throw new IllegalArgumentException("unknown quantization '" + s + "' (int8 or nf4)");
        };
    }
}
