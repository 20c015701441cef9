package io.cambium.tensor.ops;

import io.cambium.tensor.Shape;
import io.cambium.tensor.Tensor;
import io.cambium.tensor.random.Rng;

/** Factories for new tensors; see the static methods of {@link Tensor}. */
public final class Creation {
    private Creation() {
    }

    /** A matrix copied from a rectangular Java array. */
    public static Tensor fromMatrix(float[][] rows) {
        int r = rows.length;
        int c = r == 0 ? 0 : rows[0].length;
        float[] d = new float[r * c];
        for (int i = 0; i < r; i++) {
            if (rows[i].length != c) {
                throw new IllegalArgumentException("Tensor.of: row " + i + " has " + rows[i].length
                        + " values, expected " + c);
            }
            System.arraycopy(rows[i], 0, d, i * c, c);
        }
        return new Tensor(d, r, c);
    }

    /** A rank-3 tensor copied from a rectangular Java array. */
    public static Tensor fromCube(float[][][] v) {
        int a = v.length;
        int b = a == 0 ? 0 : v[0].length;
        int c = b == 0 ? 0 : v[0][0].length;
        float[] d = new float[a * b * c];
        for (int i = 0; i < a; i++) {
            if (v[i].length != b) {
                throw new IllegalArgumentException("Tensor.of: block " + i + " has " + v[i].length + " rows, expected " + b);
            }
            for (int j = 0; j < b; j++) {
                if (v[i][j].length != c) {
                    throw new IllegalArgumentException("Tensor.of: row [" + i + "][" + j + "] has "
                            + v[i][j].length + " values, expected " + c);
                }
                System.arraycopy(v[i][j], 0, d, (i * b + j) * c, c);
            }
        }
        return new Tensor(d, a, b, c);
    }

    /** Values start, start+step, ... below end. */
    public static Tensor arange(float start, float end, float step) {
        if (step == 0 || Float.isNaN(step)) {
            throw new IllegalArgumentException("arange: step must be non-zero, got " + step);
        }
        int n = (int) Math.max(0, Math.ceil((end - start) / (double) step));
        float[] d = new float[n];
        for (int i = 0; i < n; i++) {
            d[i] = (float) (start + (double) i * step);
        }
        return new Tensor(d, n);
    }

    /** {@code count} evenly spaced values from start to end inclusive. */
    public static Tensor linspace(float start, float end, int count) {
        if (count < 0) {
            throw new IllegalArgumentException("linspace: count must be non-negative, got " + count);
        }
        float[] d = new float[count];
        if (count == 1) {
            d[0] = start;
        } else {
            double step = ((double) end - start) / (count - 1);
            for (int i = 0; i < count; i++) {
                d[i] = (float) (start + i * step);
            }
            if (count > 1) {
                d[count - 1] = end;
            }
        }
        return new Tensor(d, count);
    }

    /** The n-by-n identity matrix. */
    public static Tensor eye(int n) {
        float[] d = new float[Shape.numel(n, n)];
        for (int i = 0; i < n; i++) {
            d[i * n + i] = 1f;
        }
        return new Tensor(d, n, n);
    }

    /** Uniform values in [low, high). */
    public static Tensor uniform(Rng rng, float low, float high, int... shape) {
        float[] d = new float[Shape.numel(shape)];
        float span = high - low;
        for (int i = 0; i < d.length; i++) {
            d[i] = low + span * rng.nextFloat();
        }
        return new Tensor(d, shape);
    }

    /** Normal values with the given mean and standard deviation. */
    public static Tensor normal(Rng rng, float mean, float std, int... shape) {
        float[] d = new float[Shape.numel(shape)];
        for (int i = 0; i < d.length; i++) {
            d[i] = (float) (mean + std * rng.nextGaussian());
        }
        return new Tensor(d, shape);
    }
}
