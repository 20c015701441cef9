package io.cambium.nn.optimizers;

import io.cambium.tensor.Shape;
import io.cambium.tensor.Tensor;

/**
 * Stores exact 64-bit counters and doubles in float32 tensors (the only dtype of a checkpoint):
 * four 16-bit chunks, each exactly representable as a float, most significant first.
 */
public final class StateCodec {
    private StateCodec() {
    }

    /** A 4-element tensor holding {@code v} exactly. */
    public static Tensor encodeLong(long v) {
        float[] d = new float[4];
        for (int i = 0; i < 4; i++) {
            d[i] = (float) ((v >>> (48 - 16 * i)) & 0xFFFF);
        }
        return new Tensor(d, 4);
    }

    /**
     * The value stored by {@link #encodeLong(long)}.
     *
     * @throws IllegalArgumentException naming {@code key} when the tensor is not such an encoding
     */
    public static long decodeLong(String key, Tensor t) {
        float[] d = t.data();
        if (t.rank() != 1 || d.length != 4) {
            throw new IllegalArgumentException("optimizer state '" + key + "': expected an encoded counter of shape (4,), got "
                    + Shape.str(t.shape()));
        }
        long v = 0;
        for (int i = 0; i < 4; i++) {
            float f = d[i];
            if (!(f >= 0 && f <= 0xFFFF) || f != Math.rint(f)) {
                throw new IllegalArgumentException("optimizer state '" + key + "': invalid counter chunk " + f);
            }
            v = (v << 16) | (long) f;
        }
        return v;
    }

    /** A 4-element tensor holding the bits of {@code v} exactly. */
    public static Tensor encodeDouble(double v) {
        return encodeLong(Double.doubleToRawLongBits(v));
    }

    /** The value stored by {@link #encodeDouble(double)}. */
    public static double decodeDouble(String key, Tensor t) {
        return Double.longBitsToDouble(decodeLong(key, t));
    }
}
