package io.cambium.tensor.quant;

/**
 * Per-tensor affine quantization of activations to unsigned 8 bits, PyTorch's {@code quint8}:
 * {@code q = clamp(rint(x / scale) + zeroPoint, 0, 255)} and {@code x ≈ (q - zeroPoint) · scale}.
 * The represented range always contains 0, so that zero padding and ReLU zeros are exact.
 *
 * @param scale the step between representable values (positive, finite)
 * @param zeroPoint the code of 0.0, in [0, 255]
 */
public record ActivationQuant(float scale, int zeroPoint) {
    /** The smallest code. */
    public static final int QMIN = 0;
    /** The largest code. */
    public static final int QMAX = 255;

    /** Checks the parameters. */
    public ActivationQuant {
        if (!(scale > 0f) || Float.isInfinite(scale)) {
            throw new IllegalArgumentException("ActivationQuant: scale must be positive and finite, got " + scale);
        }
        if (zeroPoint < QMIN || zeroPoint > QMAX) {
            throw new IllegalArgumentException("ActivationQuant: zero point must be in [0, 255], got " + zeroPoint);
        }
    }

    /**
     * The parameters for values observed in [min, max], as PyTorch's observers compute them for
     * {@code quint8} with {@code per_tensor_affine}: the range is widened to contain 0,
     * {@code scale = (max - min) / 255} and {@code zeroPoint = clamp(rint(-min / scale), 0, 255)}.
     * An empty range (all zeros) gets scale 1.
     *
     * @throws IllegalArgumentException when a bound is NaN or infinite
     */
    public static ActivationQuant ofRange(float min, float max) {
        if (!Float.isFinite(min) || !Float.isFinite(max) || min > max) {
            throw new IllegalArgumentException("ActivationQuant: invalid range [" + min + ", " + max + "]");
        }
        float lo = Math.min(min, 0f);
        float hi = Math.max(max, 0f);
        if (hi - lo == 0f) {
            return new ActivationQuant(1f, 0);
        }
        float scale = (hi - lo) / (QMAX - QMIN);
        if (scale < Float.MIN_NORMAL) {
            scale = Float.MIN_NORMAL;
        }
        int zp = (int) Math.max(QMIN, Math.min(QMAX, QMIN - Math.rint(lo / scale)));
        return new ActivationQuant(scale, zp);
    }

    /** The code of {@code x}. */
    public int quantize(float x) {
        float v = (float) Math.rint(x / scale) + zeroPoint;
        // NaN compares false both ways and lands on the zero point
        return v >= QMAX ? QMAX : v > QMIN ? (int) v : v <= QMIN ? QMIN : zeroPoint;
    }

    /** {@code quantize(x) - zeroPoint}: the centred code, in [-255, 255], that the int8 kernels read. */
    public short centred(float x) {
        return (short) (quantize(x) - zeroPoint);
    }

    /** The value of a code. */
    public float dequantize(int q) {
        return (q - zeroPoint) * scale;
    }

    /** {@code x} quantized and dequantized (what the quantized model sees). */
    public float fakeQuantize(float x) {
        return dequantize(quantize(x));
    }

    /** The smallest representable value. */
    public float min() {
        return dequantize(QMIN);
    }

    /** The largest representable value. */
    public float max() {
        return dequantize(QMAX);
    }
}
