package io.cambium.nn.layers.attention;

import io.cambium.nn.Configs;
import io.cambium.nn.FluentLayer;
import io.cambium.tensor.Tensor;
import java.util.Map;

/**
 * Rotary position embedding (RoPE, Su et al.; keras_nlp's RotaryEmbedding): rotates pairs of
 * features by an angle proportional to the position, so that the dot product of a rotated query and
 * key depends only on their distance. The feature axis (last) is split into halves
 * {@code x1, x2}: {@code out = x·cos + concat(-x2, x1)·sin}, angles {@code pos / (w^(2i/d))},
 * positions along axis 1. Apply it to queries and keys, e.g. {@code (batch, T, heads, d)}.
 */
public class RotaryEmbedding extends FluentLayer<RotaryEmbedding> {
    private final float maxWavelength;

    /** With the usual maximum wavelength 10000. */
    public RotaryEmbedding() {
        this(10000f);
    }

    /** With the given maximum wavelength. */
    public RotaryEmbedding(double maxWavelength) {
        this.maxWavelength = (float) maxWavelength;
    }

    @Override
    protected void checkInputs(java.util.List<int[]> inputShapes) {
        int[] s = inputShapes.get(0);
        expectMinRank(s, 3);
        if (s[s.length - 1] > 0 && s[s.length - 1] % 2 != 0) {
            throw new IllegalArgumentException(describe() + ": the feature axis must be even, got " + shapeStr(s));
        }
    }

    @Override
    public Tensor call(Tensor x, boolean training) {
        return apply(x, maxWavelength);
    }

    /** Rotates {@code x} (positions on axis 1, features on the last axis, even). */
    public static Tensor apply(Tensor x, float maxWavelength) {
        int r = x.rank();
        int t = x.dim(1);
        int d = x.dim(r - 1);
        if (d % 2 != 0) {
            throw new IllegalArgumentException("rotary_embedding: the feature axis must be even, got " + d);
        }
        int half = d / 2;
        float[] cos = new float[t * d];
        float[] sin = new float[t * d];
        for (int p = 0; p < t; p++) {
            for (int i = 0; i < half; i++) {
                double inv = 1.0 / Math.pow(maxWavelength, 2.0 * i / d);
                double a = p * inv;
                cos[p * d + i] = cos[p * d + half + i] = (float) Math.cos(a);
                sin[p * d + i] = sin[p * d + half + i] = (float) Math.sin(a);
            }
        }
        int[] bshape = new int[r];
        java.util.Arrays.fill(bshape, 1);
        bshape[1] = t;
        bshape[r - 1] = d;
        Tensor[] halves = x.split(r - 1, half, half);
        Tensor rotated = Tensor.concat(r - 1, halves[1].neg(), halves[0]);
        return x.mul(new Tensor(cos, bshape)).add(rotated.mul(new Tensor(sin, bshape)));
    }

    @Override
    public Map<String, Object> config() {
        Map<String, Object> c = super.config();
        c.put("max_wavelength", (double) maxWavelength);
        return c;
    }

    /** Re-creates the layer from {@link #config()}. */
    public static RotaryEmbedding fromConfig(Map<String, Object> c) {
        RotaryEmbedding l = new RotaryEmbedding(Configs.number(c, "max_wavelength", 10000f));
        l.applyBaseConfig(c);
        return l;
    }
}
