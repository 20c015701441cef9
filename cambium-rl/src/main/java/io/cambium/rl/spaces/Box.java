package io.cambium.rl.spaces;

import io.cambium.rl.random.Pcg64;
import java.util.Arrays;

/**
 * A box of float32 vectors, {@code low[i] <= x[i] <= high[i]} (Gymnasium's {@code Box} with
 * {@code dtype=np.float32}); bounds may be infinite. Elements are {@code float[]} of the box's
 * size in row-major order of its shape.
 *
 * <p>Sampling follows Gymnasium: uniform on dimensions bounded on both sides, a normal sample on
 * unbounded ones, and a shifted exponential sample on dimensions bounded on one side.
 */
public final class Box implements Space<float[]> {
    private final float[] low;
    private final float[] high;
    private final int[] shape;
    private Pcg64 random;

    /** A box with the same bounds on every element of the given shape. */
    public Box(float low, float high, int... shape) {
        this(fill(low, shape), fill(high, shape), shape);
    }

    /** A vector box with per-element bounds. */
    public Box(float[] low, float[] high) {
        this(low, high, new int[] {low.length});
    }

    /** The vector box {@code [-high, high]}. */
    public static Box symmetric(float... high) {
        float[] low = new float[high.length];
        for (int i = 0; i < high.length; i++) {
            low[i] = -high[i];
        }
        return new Box(low, high);
    }

    private Box(float[] low, float[] high, int[] shape) {
        int size = 1;
        for (int d : shape) {
            if (d <= 0) {
                throw new IllegalArgumentException("Box: shape dimensions must be positive, got " + Arrays.toString(shape));
            }
            size *= d;
        }
        if (low.length != size || high.length != size) {
            throw new IllegalArgumentException("Box: low and high must have " + size + " elements, got " + low.length
                    + " and " + high.length);
        }
        for (int i = 0; i < size; i++) {
            if (Float.isNaN(low[i]) || Float.isNaN(high[i]) || low[i] > high[i]) {
                throw new IllegalArgumentException("Box: low[" + i + "] = " + low[i] + " must be <= high[" + i + "] = " + high[i]);
            }
        }
        this.low = low.clone();
        this.high = high.clone();
        this.shape = shape.clone();
    }

    private static float[] fill(float v, int[] shape) {
        int size = 1;
        for (int d : shape) {
            size *= d;
        }
        float[] a = new float[Math.max(size, 0)];
        Arrays.fill(a, v);
        return a;
    }

    /** The number of elements of one value. */
    public int size() {
        return low.length;
    }

    /** The lower bounds (a copy). */
    public float[] low() {
        return low.clone();
    }

    /** The upper bounds (a copy). */
    public float[] high() {
        return high.clone();
    }

    /** Whether every dimension has finite bounds on both sides. */
    public boolean isBounded() {
        for (int i = 0; i < low.length; i++) {
            if (Float.isInfinite(low[i]) || Float.isInfinite(high[i])) {
                return false;
            }
        }
        return true;
    }

    @Override
    public boolean contains(Object x) {
        if (!(x instanceof float[] v) || v.length != low.length) {
            return false;
        }
        for (int i = 0; i < v.length; i++) {
            // NaN fails both comparisons, as in NumPy.
            if (!(v[i] >= low[i] && v[i] <= high[i])) {
                return false;
            }
        }
        return true;
    }

    @Override
    public float[] sample() {
        if (random == null) {
            random = Pcg64.fromEntropy();
        }
        float[] out = new float[low.length];
        for (int i = 0; i < out.length; i++) {
            boolean lowBounded = !Float.isInfinite(low[i]);
            boolean highBounded = !Float.isInfinite(high[i]);
            double v;
            if (lowBounded && highBounded) {
                v = random.uniform(low[i], high[i]);
            } else if (lowBounded) {
                v = low[i] + random.exponential();
            } else if (highBounded) {
                v = high[i] - random.exponential();
            } else {
                v = random.normal();
            }
            // Rounding to float32 may step past a bound; keep the sample inside the box.
            out[i] = Math.min(high[i], Math.max(low[i], (float) v));
        }
        return out;
    }

    @Override
    public void seed(long seed) {
        random = new Pcg64(seed);
    }

    @Override
    public int[] shape() {
        return shape.clone();
    }

    @Override
    public String describe(Object x) {
        if (x instanceof float[] v) {
            return Arrays.toString(v);
        }
        if (x instanceof double[] v) {
            return Arrays.toString(v) + " (double[]; Box elements are float[])";
        }
        return x == null ? "null" : x + " (" + x.getClass().getSimpleName() + ")";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Box b && Arrays.equals(b.low, low) && Arrays.equals(b.high, high) && Arrays.equals(b.shape, shape);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(low) + Arrays.hashCode(high);
    }

    @Override
    public String toString() {
        return "Box(" + bound(low) + ", " + bound(high) + ", " + Arrays.toString(shape).replace('[', '(').replace(']', ')')
                .replace(")", shape.length == 1 ? ",)" : ")") + ", float32)";
    }

    private static String bound(float[] b) {
        boolean same = true;
        for (float v : b) {
            same &= Float.compare(v, b[0]) == 0;
        }
        return same ? fmt(b[0]) : Arrays.toString(b);
    }

    private static String fmt(float v) {
        return Float.isInfinite(v) ? (v > 0 ? "inf" : "-inf") : Float.toString(v);
    }
}
