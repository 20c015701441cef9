package io.cambium.data.preprocessing;

import io.cambium.tensor.Shape;
import io.cambium.tensor.Tensor;

/**
 * A per-feature affine scaler with scikit-learn's fit / transform / inverse_transform contract.
 * Features are the last axis of the input (a matrix {@code [samples, features]} in the usual case).
 * NaN values are ignored when fitting and stay NaN when transforming, as in scikit-learn.
 */
public abstract class Scaler {
    /** Per-feature offset subtracted before scaling ({@code transform(x) = (x - center) / scale}). */
    protected float[] center;
    /** Per-feature divisor. */
    protected float[] scale;

    /** Learns the per-feature statistics from {@code x}. */
    public final Scaler fit(Tensor x) {
        int f = features(x);
        int n = x.numel() / f;
        if (n == 0) {
            throw new IllegalArgumentException(name() + ".fit: no samples in " + Shape.str(x.shape()));
        }
        float[][] columns = new float[f][];
        float[] d = x.data();
        for (int j = 0; j < f; j++) {
            float[] col = new float[n];
            int k = 0;
            for (int i = 0; i < n; i++) {
                float v = d[i * f + j];
                if (!Float.isNaN(v)) {
                    col[k++] = v;
                }
            }
            columns[j] = java.util.Arrays.copyOf(col, k);
        }
        center = new float[f];
        scale = new float[f];
        fitColumns(columns);
        return this;
    }

    /** Computes {@link #center} and {@link #scale} from the non-NaN values of each feature. */
    protected abstract void fitColumns(float[][] columns);

    /** {@code (x - center) / scale} per feature. */
    public final Tensor transform(Tensor x) {
        check(x);
        float[] d = x.data();
        float[] out = new float[d.length];
        int f = center.length;
        for (int i = 0; i < d.length; i++) {
            int j = i % f;
            out[i] = (d[i] - center[j]) / scale[j];
        }
        return new Tensor(out, x.shape());
    }

    /** The inverse of {@link #transform(Tensor)}. */
    public final Tensor inverseTransform(Tensor x) {
        check(x);
        float[] d = x.data();
        float[] out = new float[d.length];
        int f = center.length;
        for (int i = 0; i < d.length; i++) {
            int j = i % f;
            out[i] = d[i] * scale[j] + center[j];
        }
        return new Tensor(out, x.shape());
    }

    /** {@code fit(x)} then {@code transform(x)}. */
    public final Tensor fitTransform(Tensor x) {
        return fit(x).transform(x);
    }

    /** The fitted per-feature offset. */
    public float[] center() {
        requireFitted();
        return center.clone();
    }

    /** The fitted per-feature divisor. */
    public float[] scale() {
        requireFitted();
        return scale.clone();
    }

    private String name() {
        return getClass().getSimpleName();
    }

    private void requireFitted() {
        if (center == null) {
            throw new IllegalStateException(name() + " is not fitted; call fit(x) first");
        }
    }

    private void check(Tensor x) {
        requireFitted();
        int f = features(x);
        if (f != center.length) {
            throw new IllegalArgumentException(name() + ": fitted on " + center.length + " features, got input "
                    + Shape.str(x.shape()) + " with " + f);
        }
    }

    private int features(Tensor x) {
        if (x.rank() < 1) {
            throw new IllegalArgumentException(name() + ": expected [samples, features], got a scalar");
        }
        return x.dim(x.rank() - 1);
    }

    /** scikit-learn's rule: a (near) zero scale is replaced by 1 so constant features stay finite. */
    static float handleZero(double s) {
        return Math.abs(s) < 10 * Math.ulp(1.0f) ? 1f : (float) s;
    }
}
