package io.cambium.nn.io;

/**
 * The safetensors element types that Cambium reads (converted to float32) and writes (F32 by
 * default; F16, BF16 and I8 for weights stored in fewer bits, see {@link WeightStorage}).
 */
enum DType {
    F32(4), F16(2), BF16(2), F64(8), I8(1), U8(1);

    final int bytes;

    DType(int bytes) {
        this.bytes = bytes;
    }

    /** The type named {@code name}, or {@code null} when it is not supported. */
    static DType of(String name) {
        for (DType d : values()) {
            if (d.name().equals(name)) {
                return d;
            }
        }
        return null;
    }
}
