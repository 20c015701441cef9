package io.cambium.tensor.quant;

import io.cambium.tensor.Shape;
import io.cambium.tensor.Tensor;

/**
 * Values stored in a 16-bit format ({@link HalfPrecision}): half the memory of float32. The engine
 * computes in float32, so a half tensor is decoded ({@link #toTensor()}) where it is used; it is the
 * storage type of 16-bit model files and of weights kept in 16 bits.
 */
public final class HalfTensor {
    private final HalfPrecision precision;
    private final short[] bits;
    private final int[] shape;

    /**
     * Wraps 16-bit values (not copied).
     *
     * @throws IllegalArgumentException when the length does not match the shape
     */
    public HalfTensor(HalfPrecision precision, short[] bits, int... shape) {
        if (bits.length != Shape.numel(shape)) {
            throw new IllegalArgumentException("HalfTensor: " + bits.length + " values do not fill shape "
                    + Shape.str(shape));
        }
        this.precision = precision;
        this.bits = bits;
        this.shape = shape.clone();
    }

    /** {@code t} rounded to nearest even in {@code precision}. */
    public static HalfTensor of(Tensor t, HalfPrecision precision) {
        return new HalfTensor(precision, precision.encode(t.data()), t.shape());
    }

    /** The format. */
    public HalfPrecision precision() {
        return precision;
    }

    /** The raw 16-bit values (the live array). */
    public short[] bits() {
        return bits;
    }

    /** The shape (a copy). */
    public int[] shape() {
        return shape.clone();
    }

    /** The number of values. */
    public int numel() {
        return bits.length;
    }

    /** Bytes of storage (2 per value). */
    public long storageBytes() {
        return 2L * bits.length;
    }

    /** The values as a float32 tensor (exact). */
    public Tensor toTensor() {
        return new Tensor(precision.decode(bits), shape);
    }
}
