package io.cambium.spark.data;

import io.cambium.tensor.Tensor;
import java.io.Serializable;
import java.util.Arrays;

/**
 * The rows of one DataFrame partition as flat float arrays, cached on an executor: each row's
 * global index (sorted), its features and its label.
 */
public final class Shard implements Serializable {
    private static final long serialVersionUID = 1L;

    private final long[] index;
    private final float[] features;
    private final float[] labels;
    private final int[] featureShape;
    private final int[] labelShape;

    /** Rows in ascending {@code index} order; features and labels row-major. */
    public Shard(long[] index, float[] features, int[] featureShape, float[] labels, int[] labelShape) {
        this.index = index;
        this.features = features;
        this.labels = labels;
        this.featureShape = featureShape.clone();
        this.labelShape = labelShape.clone();
    }

    /** The number of rows. */
    public int size() {
        return index.length;
    }

    /** The global index of each row, ascending. */
    public long[] index() {
        return index;
    }

    /** The shape of one row's features. */
    public int[] featureShape() {
        return featureShape.clone();
    }

    /** The shape of one row's label ({@code []} for a scalar label). */
    public int[] labelShape() {
        return labelShape.clone();
    }

    /**
     * The local rows whose position in the epoch (given by {@code positions}, indexed by global
     * row index) is in {@code [from, to)}, ordered by that position.
     */
    public int[] rowsAt(int[] positions, int from, int to) {
        long[] hits = new long[index.length];
        int n = 0;
        for (int i = 0; i < index.length; i++) {
            int p = positions[(int) index[i]];
            if (p >= from && p < to) {
                hits[n++] = ((long) p << 32) | i;
            }
        }
        long[] sorted = Arrays.copyOf(hits, n);
        Arrays.sort(sorted);
        int[] rows = new int[n];
        for (int i = 0; i < n; i++) {
            rows[i] = (int) sorted[i];
        }
        return rows;
    }

    /** The epoch position of each of {@code rows}. */
    public int[] positionsOf(int[] rows, int[] positions) {
        int[] out = new int[rows.length];
        for (int i = 0; i < rows.length; i++) {
            out[i] = positions[(int) index[rows[i]]];
        }
        return out;
    }

    /** The features of {@code rows} as a batch {@code [rows, featureShape...]}. */
    public Tensor features(int[] rows) {
        return gather(features, featureShape, rows);
    }

    /** The labels of {@code rows} as a batch {@code [rows, labelShape...]}. */
    public Tensor labels(int[] rows) {
        return gather(labels, labelShape, rows);
    }

    private static Tensor gather(float[] src, int[] rowShape, int[] rows) {
        int len = 1;
        for (int d : rowShape) {
            len *= d;
        }
        float[] out = new float[rows.length * len];
        for (int i = 0; i < rows.length; i++) {
            System.arraycopy(src, rows[i] * len, out, i * len, len);
        }
        int[] shape = new int[rowShape.length + 1];
        shape[0] = rows.length;
        System.arraycopy(rowShape, 0, shape, 1, rowShape.length);
        return new Tensor(out, shape);
    }
}
