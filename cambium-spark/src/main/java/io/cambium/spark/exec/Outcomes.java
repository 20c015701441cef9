package io.cambium.spark.exec;

import io.cambium.nn.Variable;
import io.cambium.nn.optimizers.Optimizer;
import io.cambium.tensor.Tensor;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/** The driver's side of the aggregated results: merging them and applying them to the model. */
public final class Outcomes {
    private Outcomes() {
    }

    /** The neutral element of gradient aggregation. */
    public static Contribution emptyContribution() {
        return Contribution.empty();
    }

    /** Adds two partial gradient sums. */
    public static Contribution merge(Contribution a, Contribution b) {
        return Contribution.merge(a, b);
    }

    /** The neutral element of round aggregation. */
    public static RoundResult emptyRound() {
        return RoundResult.empty();
    }

    /** Adds two partial sums of replica weights and state. */
    public static RoundResult merge(RoundResult a, RoundResult b) {
        return RoundResult.merge(a, b);
    }

    /**
     * Sets the summed gradients on the trainable variables (for the optimizer's step) and the
     * row-weighted mean of the non-trainable ones.
     */
    public static void apply(Contribution c, List<Variable> trainable, List<Variable> fixed) {
        Flat.setGradients(trainable, c.gradient(), c.hasGrad);
        if (!fixed.isEmpty()) {
            Flat.assign(fixed, c.meanState(), 0);
        }
    }

    /** The total loss of the global batch (the sum of each partition's share). */
    public static double loss(Contribution c) {
        return c.loss;
    }

    /** The targets and the predictions of the global batch in batch order, for metrics. */
    public static Tensor[] targetsAndPredictions(Contribution c) {
        List<Contribution.Outputs> parts = new ArrayList<>(c.outputs);
        Contribution.Outputs first = parts.get(0);
        int predLen = numel(first.predictionShape());
        int targetLen = numel(first.targetShape());
        List<int[]> order = new ArrayList<>();
        for (int p = 0; p < parts.size(); p++) {
            for (int i = 0; i < parts.get(p).positions().length; i++) {
                order.add(new int[] {parts.get(p).positions()[i], p, i});
            }
        }
        order.sort(Comparator.comparingInt(o -> o[0]));
        int n = order.size();
        float[] pred = new float[n * predLen];
        float[] target = new float[n * targetLen];
        for (int r = 0; r < n; r++) {
            Contribution.Outputs o = parts.get(order.get(r)[1]);
            int i = order.get(r)[2];
            System.arraycopy(o.predictions(), i * predLen, pred, r * predLen, predLen);
            System.arraycopy(o.targets(), i * targetLen, target, r * targetLen, targetLen);
        }
        return new Tensor[] {new Tensor(target, batchShape(n, first.targetShape())),
            new Tensor(pred, batchShape(n, first.predictionShape()))};
    }

    /** Sets the averaged weights and optimizer state. */
    public static void apply(RoundResult r, List<Variable> trainable, List<Variable> fixed, Optimizer optimizer) {
        float[] p = r.meanParams();
        int off = Flat.assign(trainable, p, 0);
        Flat.assign(fixed, p, off);
        optimizer.loadState(r.meanState());
    }

    /** Adds local step {@code j}'s row-weighted logs to {@code acc} (name -> {sum, rows}). */
    public static void accumulate(RoundResult r, int j, Map<String, double[]> acc) {
        double[] s = r.stepLogs[j];
        if (s[0] == 0) {
            return;
        }
        for (int i = 0; i < r.logNames.length; i++) {
            double[] a = acc.computeIfAbsent(r.logNames[i], k -> new double[2]);
            a[0] += s[i + 1];
            a[1] += s[0];
        }
    }

    private static int numel(int[] shape) {
        int n = 1;
        for (int d : shape) {
            n *= d;
        }
        return n;
    }

    private static int[] batchShape(int n, int[] row) {
        int[] s = new int[row.length + 1];
        s[0] = n;
        System.arraycopy(row, 0, s, 1, row.length);
        return s;
    }
}
