package io.cambium.tensor.ops.attention;

import io.cambium.tensor.Parallel;
import io.cambium.tensor.Tensor;
import io.cambium.tensor.autograd.Autograd;

/**
 * Rotary position embedding (RoPE, Su et al. 2021) of the queries and keys in a packed
 * projection {@code qkv [B, T, (H + 2·G)·hd]} (the layout of {@link PackedAttention}): the
 * features of every query and key head are split into halves {@code x1, x2} and rotated by an
 * angle that grows with the position, {@code out = x·cos + concat(−x2, x1)·sin}, with angles
 * {@code pos · base^(−2i/hd)} for {@code i < hd/2} (Hugging Face's {@code rotate_half} form, as
 * in its LLaMA). The values are copied unchanged. Row {@code t} of the input has position
 * {@code start + t}, so a decoding step rotates the new tokens at their absolute positions.
 * Differentiable: the gradient is rotated back by the same angles.
 */
public final class PackedRotary {
    private static final int GRAIN_ELEMENTS = 1 << 14;

    private PackedRotary() {
    }

    /**
     * The packed projection with its query and key heads rotated for positions
     * {@code start..start+T-1}.
     *
     * @throws IllegalArgumentException when the shape does not fit the heads or the head width is odd
     */
    public static Tensor apply(Tensor qkv, int heads, int kvHeads, int start, double base) {
        PackedAttention.Layout l = PackedAttention.Layout.of("packed_rotary", qkv.shape(), heads, kvHeads);
        int hd = l.headDim;
        if (hd % 2 != 0) {
            throw new IllegalArgumentException("packed_rotary: the head width must be even, got " + hd);
        }
        if (start < 0 || !(base > 0)) {
            throw new IllegalArgumentException("packed_rotary: start must be >= 0 and base > 0, got start " + start
                    + ", base " + base);
        }
        int t = l.time;
        int w = l.width;
        int rows = l.batch * t;
        float[][] table = table(start, t, hd, base);
        float[] cos = table[0];
        float[] sin = table[1];
        int rotated = (heads + kvHeads) * hd;
        float[] x = qkv.data();
        float[] out = new float[x.length];
        int grain = Math.max(1, GRAIN_ELEMENTS / Math.max(1, w));
        Parallel.range(rows, grain, (s, e) -> {
            for (int r = s; r < e; r++) {
                int o = r * w;
                int pos = (r % t) * (hd / 2);
                rotate(x, out, o, rotated, hd, cos, sin, pos, 1f);
                System.arraycopy(x, o + rotated, out, o + rotated, w - rotated);
            }
        });
        Tensor result = Tensor.wrapOwned(out, qkv.shape());
        return Autograd.record(result, "packed_rotary", g -> {
            float[] gd = g.data();
            float[] gx = new float[gd.length];
            Parallel.range(rows, grain, (s, e) -> {
                for (int r = s; r < e; r++) {
                    int o = r * w;
                    int pos = (r % t) * (hd / 2);
                    rotate(gd, gx, o, rotated, hd, cos, sin, pos, -1f);
                    System.arraycopy(gd, o + rotated, gx, o + rotated, w - rotated);
                }
            });
            return new Tensor[] {Tensor.wrapOwned(gx, qkv.shape())};
        }, qkv);
    }

    /** Rotates the heads in {@code [o, o + width)} by the angles of row {@code pos}; {@code dir −1} rotates back. */
    private static void rotate(float[] x, float[] out, int o, int width, int hd, float[] cos, float[] sin, int pos,
            float dir) {
        int half = hd / 2;
        for (int h = o; h < o + width; h += hd) {
            for (int i = 0; i < half; i++) {
                float c = cos[pos + i];
                float s = dir * sin[pos + i];
                float x1 = x[h + i];
                float x2 = x[h + half + i];
                out[h + i] = x1 * c - x2 * s;
                out[h + half + i] = x2 * c + x1 * s;
            }
        }
    }

    /**
     * cos and sin of {@code (start + t) · base^(−2i/hd)}, {@code [T, hd/2]} each, row-major: the
     * angles {@link #apply} rotates by (public so that an exported graph can hold the same values).
     *
     * @throws IllegalArgumentException when a size is negative, the width odd or the base not positive
     */
    public static float[][] table(int start, int t, int hd, double base) {
        if (start < 0 || t < 0 || hd <= 0 || hd % 2 != 0 || !(base > 0)) {
            throw new IllegalArgumentException("packed_rotary table: needs start >= 0, length >= 0, an even positive width"
                    + " and a positive base, got start " + start + ", length " + t + ", width " + hd + ", base " + base);
        }
        int half = hd / 2;
        float[] cos = new float[t * half];
        float[] sin = new float[t * half];
        for (int i = 0; i < half; i++) {
            // The frequency in float, as Hugging Face computes it, then the angle in double.
            float inv = (float) (1.0 / Math.pow(base, (2.0 * i) / hd));
            for (int p = 0; p < t; p++) {
                double a = (double) (start + p) * inv;
                cos[p * half + i] = (float) Math.cos(a);
                sin[p * half + i] = (float) Math.sin(a);
            }
        }
        return new float[][] {cos, sin};
    }
}
