package io.cambium.spark.exec;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * One step's gradient sum, built by tree aggregation: a partition sends its gradient of
 * {@code rows/B · mean loss} as floats; merged partial sums are doubles, so the result does not
 * depend on the order in which Spark combines partitions. Also carries the summed loss, the
 * non-trainable variables (such as batch-norm statistics) weighted by rows, and optionally the
 * outputs and targets for the driver's metrics.
 */
public final class Contribution implements Serializable {
    private static final long serialVersionUID = 1L;

    int rows;
    double loss;
    boolean[] hasGrad;
    float[] grad;
    double[] gradSum;
    float[] state;
    double[] stateSum;
    final List<Outputs> outputs = new ArrayList<>();

    /** Outputs and targets of some rows of the global batch, with their positions in it. */
    record Outputs(int[] positions, float[] predictions, int[] predictionShape, float[] targets, int[] targetShape)
            implements Serializable {
    }

    static Contribution empty() {
        return new Contribution();
    }

    /** Adds two contributions (either may be reused). */
    static Contribution merge(Contribution a, Contribution b) {
        if (a.rows == 0 && a.outputs.isEmpty()) {
            return b;
        }
        if (b.rows == 0 && b.outputs.isEmpty()) {
            return a;
        }
        Contribution c = new Contribution();
        c.rows = a.rows + b.rows;
        c.loss = a.loss + b.loss;
        c.hasGrad = new boolean[a.hasGrad.length];
        for (int i = 0; i < c.hasGrad.length; i++) {
            c.hasGrad[i] = a.hasGrad[i] || b.hasGrad[i];
        }
        c.gradSum = add(a.grad, a.gradSum, 1, b.grad, b.gradSum, 1);
        c.stateSum = add(a.state, a.stateSum, a.rows, b.state, b.stateSum, b.rows);
        c.outputs.addAll(a.outputs);
        c.outputs.addAll(b.outputs);
        return c;
    }

    private static double[] add(float[] af, double[] ad, double aw, float[] bf, double[] bd, double bw) {
        int n = af != null ? af.length : ad.length;
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            double x = af != null ? af[i] * aw : ad[i];
            double y = bf != null ? bf[i] * bw : bd[i];
            out[i] = x + y;
        }
        return out;
    }

    /** The number of rows that contributed. */
    public int rows() {
        return rows;
    }

    /** The summed gradient. */
    float[] gradient() {
        if (grad != null) {
            return grad;
        }
        float[] out = new float[gradSum.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) gradSum[i];
        }
        return out;
    }

    /** The row-weighted mean of the non-trainable variables. */
    float[] meanState() {
        if (state != null) {
            return state;
        }
        float[] out = new float[stateSum.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) (stateSum[i] / rows);
        }
        return out;
    }
}
