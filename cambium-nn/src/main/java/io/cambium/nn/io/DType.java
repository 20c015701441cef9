package io.cambium.nn.io;

/**
 * The safetensors element types that Cambium reads (converted to float32); it writes F32 only.
 */
enum DType {
    F32(4), F16(2), BF16(2), F64(8);

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
