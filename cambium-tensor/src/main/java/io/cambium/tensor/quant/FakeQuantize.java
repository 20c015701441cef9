package io.cambium.tensor.quant;

import io.cambium.tensor.Parallel;
import io.cambium.tensor.Shape;
import io.cambium.tensor.Tensor;
import io.cambium.tensor.autograd.Autograd;

/**
 * Fake quantization for quantization-aware training, as PyTorch's
 * {@code fake_quantize_per_tensor_affine} and {@code fake_quantize_per_channel_affine}: the forward
 * pass rounds to the quantized grid and back to float ({@code (clamp(rint(x/s) + z, qmin, qmax) - z) · s}),
 * the backward pass is the straight-through estimator: the gradient passes unchanged where
 * {@code qmin <= rint(x/s) + z <= qmax} and is zero where the value was clamped.
 */
public final class FakeQuantize {
    private static final int GRAIN = 1 << 15;

    private FakeQuantize() {
    }

    /** Per-tensor affine fake quantization with the parameters of {@code q} (codes 0..255). */
    public static Tensor perTensor(Tensor x, ActivationQuant q) {
        float s = q.scale();
        int z = q.zeroPoint();
        return apply(x, new float[] {s}, new int[] {z}, ActivationQuant.QMIN, ActivationQuant.QMAX, 1, "fake_quantize");
    }

    /**
     * Per-channel symmetric int8 fake quantization along the last axis (a Dense kernel
     * {@code [in, out]} or a convolution kernel {@code [..., out]}): channel j uses
     * {@code scale[j]}, zero point 0 and codes -127..127, as {@link Int8Matrix} stores weights.
     */
    public static Tensor perChannelSymmetric(Tensor w, float[] scale) {
        int channels = w.dim(-1);
        if (scale.length != channels) {
            throw new IllegalArgumentException("fake_quantize_per_channel: " + scale.length + " scales for the "
                    + channels + " channels of " + Shape.str(w.shape()));
        }
        return apply(w, scale, new int[channels], -127, 127, channels, "fake_quantize_per_channel");
    }

    /** The symmetric int8 scales of {@link Int8Matrix#quantize} for a kernel's last axis. */
    public static float[] symmetricScales(Tensor w) {
        int channels = w.dim(-1);
        float[] d = w.data();
        float[] scale = new float[channels];
        for (int i = 0; i < d.length; i++) {
            int j = i % channels;
            scale[j] = Math.max(scale[j], Math.abs(d[i]));
        }
        for (int j = 0; j < channels; j++) {
            scale[j] = scale[j] == 0f || !Float.isFinite(scale[j]) ? 1f : scale[j] / 127f;
        }
        return scale;
    }

    private static Tensor apply(Tensor x, float[] scale, int[] zero, int qmin, int qmax, int channels, String op) {
        float[] xd = x.data();
        float[] out = new float[xd.length];
        byte[] pass = new byte[xd.length];
        Parallel.range(xd.length, GRAIN, (s, e) -> {
            for (int i = s; i < e; i++) {
                int c = channels == 1 ? 0 : i % channels;
                float sc = scale[c];
                double code = Math.rint(xd[i] / sc) + zero[c];
                boolean inside = code >= qmin && code <= qmax;
                double clamped = inside ? code : code < qmin ? qmin : qmax;
                if (Double.isNaN(code)) {
                    out[i] = Float.NaN;
                    continue;
                }
                out[i] = (float) ((clamped - zero[c]) * sc);
                pass[i] = (byte) (inside ? 1 : 0);
            }
        });
        Tensor y = new Tensor(out, x.shape());
        return Autograd.record(y, op, g -> {
            float[] gd = g.data();
            float[] gx = new float[gd.length];
            for (int i = 0; i < gd.length; i++) {
                gx[i] = pass[i] != 0 ? gd[i] : 0f;
            }
            return new Tensor[] {Tensor.wrapOwned(gx, x.shape())};
        }, x);
    }
}
