package io.cambium.spark.exec;

import io.cambium.nn.optimizers.StateCodec;
import io.cambium.tensor.Tensor;
import java.io.Serializable;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The outcome of one parameter-averaging round, merged across partitions by tree aggregation:
 * the row-weighted sum of the replicas' weights and optimizer slots, and the per-step sums of
 * loss and metrics (weighted by rows) for the driver's logs.
 *
 * <p>Optimizer state entries merge by kind: step counters ({@code iterations},
 * {@code accumulated}, {@code <variable>/step}) take the maximum (a replica that had no rows in
 * a step did not advance); entries equal on every replica (such as Nadam's momentum product,
 * which depends on the step only) are kept as they are; every other entry (moments,
 * accumulators) is averaged with the row weights, as the weights are.
 */
public final class RoundResult implements Serializable {
    private static final long serialVersionUID = 1L;

    long rows;
    float[] params;
    double[] paramSum;
    final LinkedHashMap<String, float[]> same = new LinkedHashMap<>();
    final LinkedHashMap<String, double[]> sums = new LinkedHashMap<>();
    final LinkedHashMap<String, int[]> shapes = new LinkedHashMap<>();
    /** Per local step: rows, then the row-weighted sums of each logged value. */
    double[][] stepLogs;
    String[] logNames;

    static RoundResult empty() {
        return new RoundResult();
    }

    static boolean isCounter(String key) {
        return key.equals("iterations") || key.equals("accumulated") || key.endsWith("/step");
    }

    static RoundResult merge(RoundResult a, RoundResult b) {
        if (a.rows == 0) {
            return b;
        }
        if (b.rows == 0) {
            return a;
        }
        RoundResult c = new RoundResult();
        c.rows = a.rows + b.rows;
        c.paramSum = new double[a.params != null ? a.params.length : a.paramSum.length];
        for (int i = 0; i < c.paramSum.length; i++) {
            c.paramSum[i] = part(a, i) + part(b, i);
        }
        c.shapes.putAll(a.shapes);
        c.shapes.putAll(b.shapes);
        java.util.Set<String> keys = new java.util.LinkedHashSet<>(a.shapes.keySet());
        keys.addAll(b.shapes.keySet());
        for (String k : keys) {
            float[] as = a.same.get(k);
            float[] bs = b.same.get(k);
            if (isCounter(k)) {
                long v = Math.max(counter(k, as), counter(k, bs));
                c.same.put(k, StateCodec.encodeLong(v).data());
            } else if (as != null && bs != null && Arrays.equals(as, bs)) {
                c.same.put(k, as);
            } else {
                double[] s = sum(a, k);
                double[] t = sum(b, k);
                if (s == null || t == null || s.length != t.length) {
                    throw new IllegalStateException("parameter averaging: optimizer state '" + k
                            + "' is missing or differs in size between replicas");
                }
                for (int i = 0; i < s.length; i++) {
                    s[i] += t[i];
                }
                c.sums.put(k, s);
            }
        }
        c.logNames = a.logNames;
        c.stepLogs = new double[a.stepLogs.length][];
        for (int j = 0; j < a.stepLogs.length; j++) {
            c.stepLogs[j] = new double[a.stepLogs[j].length];
            for (int i = 0; i < a.stepLogs[j].length; i++) {
                c.stepLogs[j][i] = a.stepLogs[j][i] + b.stepLogs[j][i];
            }
        }
        return c;
    }

    private static double part(RoundResult r, int i) {
        return r.params != null ? (double) r.params[i] * r.rows : r.paramSum[i];
    }

    private static long counter(String key, float[] v) {
        return v == null ? 0 : StateCodec.decodeLong(key, new Tensor(v, 4));
    }

    private static double[] sum(RoundResult r, String key) {
        double[] s = r.sums.get(key);
        if (s != null) {
            return s.clone();
        }
        float[] v = r.same.get(key);
        if (v == null) {
            return null;
        }
        double[] out = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = (double) v[i] * r.rows;
        }
        return out;
    }

    /** The rows trained on in this round. */
    public long rows() {
        return rows;
    }

    /** The averaged weights (trainable then non-trainable). */
    float[] meanParams() {
        if (params != null) {
            return params;
        }
        float[] out = new float[paramSum.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) (paramSum[i] / rows);
        }
        return out;
    }

    /** The averaged optimizer state. */
    Map<String, Tensor> meanState() {
        Map<String, Tensor> out = new LinkedHashMap<>();
        for (Map.Entry<String, int[]> e : shapes.entrySet()) {
            String k = e.getKey();
            float[] v = same.get(k);
            if (v == null) {
                double[] s = sums.get(k);
                v = new float[s.length];
                for (int i = 0; i < v.length; i++) {
                    v[i] = (float) (s[i] / rows);
                }
            }
            out.put(k, new Tensor(v.clone(), e.getValue()));
        }
        return out;
    }
}
