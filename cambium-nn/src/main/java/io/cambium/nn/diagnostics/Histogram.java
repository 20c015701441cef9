package io.cambium.nn.diagnostics;

import java.util.Arrays;

/**
 * The distribution of a set of values in equal-width buckets between their minimum and maximum
 * (30 by default, as TensorFlow's {@code tf.summary.histogram}), with the moments TensorBoard's
 * histogram format carries. Non-finite values are counted apart and left out of everything else.
 */
public final class Histogram {
    /** TensorFlow's default bucket count. */
    public static final int DEFAULT_BUCKETS = 30;

    private final double min;
    private final double max;
    private final long count;
    private final double sum;
    private final double sumSquares;
    private final double[] upperEdges;
    private final long[] counts;
    private final long nonFinite;

    private Histogram(double min, double max, long count, double sum, double sumSquares, double[] upperEdges,
                      long[] counts, long nonFinite) {
        this.min = min;
        this.max = max;
        this.count = count;
        this.sum = sum;
        this.sumSquares = sumSquares;
        this.upperEdges = upperEdges;
        this.counts = counts;
        this.nonFinite = nonFinite;
    }

    /** The histogram of the first {@code n} values in {@code buckets} equal-width buckets. */
    public static Histogram of(float[] values, int n, int buckets) {
        return of(values, 0, n, 1, buckets);
    }

    /**
     * The histogram of {@code count} values of {@code values} taken {@code stride} apart from
     * {@code offset} (a stride above 1 samples a large array evenly).
     */
    public static Histogram of(float[] values, int offset, int count, int stride, int buckets) {
        if (buckets < 1) {
            throw new IllegalArgumentException("Histogram: buckets must be >= 1, got " + buckets);
        }
        float lo = Float.POSITIVE_INFINITY;
        float hi = Float.NEGATIVE_INFINITY;
        double s = 0;
        double sq = 0;
        long finite = 0;
        int end = offset + count * stride;
        for (int i = offset; i < end; i += stride) {
            float v = values[i];
            if (v - v != 0f) {
                continue; // NaN or infinite
            }
            finite++;
            if (v < lo) {
                lo = v;
            }
            if (v > hi) {
                hi = v;
            }
            s += v;
            sq += (double) v * v;
        }
        long bad = count - finite;
        if (finite == 0) {
            return new Histogram(0, 0, 0, 0, 0, new double[0], new long[0], bad);
        }
        if (hi == lo) {
            // One bucket holding everything, as TensorFlow does for constant input.
            return new Histogram(lo, hi, finite, s, sq, new double[] {hi}, new long[] {finite}, bad);
        }
        double width = ((double) hi - lo) / buckets;
        double scale = 1 / width;
        long[] c = new long[buckets];
        int last = buckets - 1;
        for (int i = offset; i < end; i += stride) {
            float v = values[i];
            if (v - v != 0f) {
                continue;
            }
            int b = (int) ((v - lo) * scale);
            c[b > last ? last : b]++;
        }
        double[] edges = new double[buckets];
        for (int b = 0; b < buckets; b++) {
            edges[b] = b == last ? hi : lo + (b + 1) * width;
        }
        return new Histogram(lo, hi, finite, s, sq, edges, c, bad);
    }

    /** The smallest finite value (0 when there is none). */
    public double min() {
        return min;
    }

    /** The largest finite value (0 when there is none). */
    public double max() {
        return max;
    }

    /** The number of finite values. */
    public long count() {
        return count;
    }

    /** The sum of the finite values. */
    public double sum() {
        return sum;
    }

    /** The sum of the squares of the finite values. */
    public double sumSquares() {
        return sumSquares;
    }

    /** The upper edge of each bucket; bucket 0 starts at {@link #min()}. */
    public double[] upperEdges() {
        return upperEdges.clone();
    }

    /** The number of values in each bucket. */
    public long[] counts() {
        return counts.clone();
    }

    /** The number of NaN and infinite values left out. */
    public long nonFinite() {
        return nonFinite;
    }

    @Override
    public String toString() {
        return "Histogram[min=" + min + ", max=" + max + ", count=" + count + ", buckets=" + Arrays.toString(counts)
                + (nonFinite > 0 ? ", nonFinite=" + nonFinite : "") + "]";
    }
}
