package io.cambium.nn.diagnostics;

import io.cambium.nn.ForwardHook;
import io.cambium.nn.InputLayer;
import io.cambium.nn.Layer;
import io.cambium.nn.Model;
import io.cambium.nn.Variable;
import io.cambium.tensor.Tensor;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Measures the layers of one model at the steps it is armed for: forward hooks take the
 * activations, and the gradients and weight changes are read from the variables after the step.
 * Between armed steps the hooks return at once.
 */
final class StatsCollector implements AutoCloseable {
    private final List<Layer> layers = new ArrayList<>();
    private final Map<Layer, List<Variable>> weights = new IdentityHashMap<>();
    private final Map<Layer, float[][]> before = new IdentityHashMap<>();
    private final Map<Layer, Activation> activations = new IdentityHashMap<>();
    private final List<ForwardHook.Handle> handles = new ArrayList<>();
    private final boolean histograms;
    private final int buckets;
    private boolean armed;

    private record Activation(double mean, double std, double dead, Histogram histogram) {
    }

    StatsCollector(Model model, boolean activationStats, boolean histograms, int buckets) {
        this.histograms = histograms;
        this.buckets = buckets;
        for (Layer l : model.allLayersIncludingSelf()) {
            if (l instanceof InputLayer) {
                continue;
            }
            List<Variable> own = new ArrayList<>();
            for (Variable v : l.ownVariables()) {
                if (v.trainable()) {
                    own.add(v);
                }
            }
            boolean leaf = l.childLayers().isEmpty();
            if (!own.isEmpty() || leaf) {
                layers.add(l);
                weights.put(l, own);
                if (activationStats && leaf) {
                    handles.add(l.addForwardHook(new ForwardHook() {
                        @Override
                        public void afterCall(Layer layer, List<Tensor> inputs, List<Tensor> outputs, boolean training) {
                            if (armed && outputs != null && !outputs.isEmpty()) {
                                activations.put(layer, activation(outputs.get(0)));
                            }
                        }
                    }));
                }
            }
        }
    }

    /** The measured layers, in model order. */
    List<Layer> layers() {
        return layers;
    }

    /** Measures the next forward pass and remembers the weights, to see what the step changes. */
    void arm(boolean rememberWeights) {
        armed = true;
        activations.clear();
        before.clear();
        if (rememberWeights) {
            for (Layer l : layers) {
                List<Variable> vs = weights.get(l);
                float[][] copy = new float[vs.size()][];
                for (int i = 0; i < vs.size(); i++) {
                    copy[i] = vs.get(i).value().data().clone();
                }
                before.put(l, copy);
            }
        }
    }

    /** The statistics of the armed step, taken after its update; disarms. */
    List<LayerStats> collect() {
        List<LayerStats> out = new ArrayList<>();
        for (Layer l : layers) {
            List<Variable> vs = weights.get(l);
            long params = 0;
            double g2 = 0;
            double w2 = 0;
            double u2 = 0;
            boolean anyGrad = false;
            float[][] old = before.get(l);
            for (int i = 0; i < vs.size(); i++) {
                Variable v = vs.get(i);
                float[] w = v.value().data();
                params += w.length;
                Tensor g = v.grad();
                float[] gd = g == null ? null : g.data();
                float[] o = old == null ? null : old[i];
                anyGrad |= gd != null;
                // One pass for the three norms of the variable.
                double sw = 0;
                double sg = 0;
                double su = 0;
                for (int k = 0; k < w.length; k++) {
                    double wk = w[k];
                    sw += wk * wk;
                    if (gd != null) {
                        double gk = gd[k];
                        sg += gk * gk;
                    }
                    if (o != null) {
                        double diff = wk - o[k];
                        su += diff * diff;
                    }
                }
                w2 += sw;
                g2 += sg;
                u2 += su;
            }
            Activation a = activations.get(l);
            Histogram gh = null;
            Histogram wh = null;
            if (histograms && params > 0) {
                int stride = (int) Math.max(1, (params + HISTOGRAM_SAMPLE - 1) / HISTOGRAM_SAMPLE);
                float[] ws = sample(vs, false, stride);
                wh = Histogram.of(ws, ws.length, buckets);
                if (anyGrad) {
                    float[] gs = sample(vs, true, stride);
                    gh = Histogram.of(gs, gs.length, buckets);
                }
            }
            out.add(new LayerStats(l.name(), l.className(), params,
                    params > 0 && anyGrad ? Math.sqrt(g2) : Double.NaN,
                    params > 0 ? Math.sqrt(w2) : Double.NaN,
                    params > 0 && old != null ? Math.sqrt(u2) : Double.NaN,
                    a == null ? Double.NaN : a.mean, a == null ? Double.NaN : a.std,
                    a == null ? Double.NaN : a.dead, gh, wh, a == null ? null : a.histogram));
        }
        armed = false;
        activations.clear();
        before.clear();
        return out;
    }

    /**
     * The L2 norm of the gradients of {@code vars} together (NaN when one holds NaN), taken every
     * step: eight float32 partial sums per block of 4,096 values, added up in double, so that it
     * costs about one read of the gradients (relative error about 1e-6).
     */
    static double globalGradNorm(List<Variable> vars) {
        double s = 0;
        for (Variable v : vars) {
            Tensor g = v.grad();
            if (g != null) {
                s += fastSumSquares(g.data(), g.numel());
            }
        }
        return Math.sqrt(s);
    }

    private static double fastSumSquares(float[] a, int n) {
        double total = 0;
        for (int start = 0; start < n; start += 4096) {
            int end = Math.min(n, start + 4096);
            float s0 = 0;
            float s1 = 0;
            float s2 = 0;
            float s3 = 0;
            float s4 = 0;
            float s5 = 0;
            float s6 = 0;
            float s7 = 0;
            int i = start;
            for (; i + 7 < end; i += 8) {
                s0 += a[i] * a[i];
                s1 += a[i + 1] * a[i + 1];
                s2 += a[i + 2] * a[i + 2];
                s3 += a[i + 3] * a[i + 3];
                s4 += a[i + 4] * a[i + 4];
                s5 += a[i + 5] * a[i + 5];
                s6 += a[i + 6] * a[i + 6];
                s7 += a[i + 7] * a[i + 7];
            }
            for (; i < end; i++) {
                s0 += a[i] * a[i];
            }
            total += ((double) s0 + s1) + ((double) s2 + s3) + ((double) s4 + s5) + ((double) s6 + s7);
        }
        if (Double.isInfinite(total)) {
            // Squares beyond float32's range (values above 1.8e19): add them up in double instead.
            total = 0;
            for (int i = 0; i < n; i++) {
                total += (double) a[i] * a[i];
            }
        }
        return total;
    }

    /** Activation histograms sample at most this many values, evenly spaced. */
    static final int HISTOGRAM_SAMPLE = 1 << 16;

    private Activation activation(Tensor out) {
        float[] d = out.data();
        int n = out.numel();
        if (n == 0) {
            return new Activation(Double.NaN, Double.NaN, Double.NaN, null);
        }
        int units = out.rank() == 0 ? 1 : Math.max(1, out.dim(out.rank() - 1));
        int rows = n / units;
        // One sequential pass: the moments, and which units are ever non-zero.
        boolean[] alive = new boolean[units];
        double s = 0;
        double sq = 0;
        for (int r = 0, base = 0; r < rows; r++, base += units) {
            double rs = 0;
            double rq = 0;
            for (int j = 0; j < units; j++) {
                float v = d[base + j];
                rs += v;
                rq += (double) v * v;
                alive[j] |= v != 0f;
            }
            s += rs;
            sq += rq;
        }
        int dead = 0;
        for (boolean a : alive) {
            dead += a ? 0 : 1;
        }
        double mean = s / n;
        double var = Math.max(0, sq / n - mean * mean);
        Histogram h = null;
        if (histograms) {
            int stride = Math.max(1, n / HISTOGRAM_SAMPLE);
            h = Histogram.of(d, 0, (n + stride - 1) / stride, stride, buckets);
        }
        return new Activation(mean, Math.sqrt(var), (double) dead / units, h);
    }

    /**
     * Every {@code stride}-th value of the variables' values (or gradients) taken as one array:
     * all of them for a stride of 1, an even sample of a large layer otherwise.
     */
    private static float[] sample(List<Variable> vs, boolean grads, int stride) {
        long total = 0;
        for (Variable v : vs) {
            total += v.value().numel();
        }
        float[] out = new float[(int) ((total + stride - 1) / stride)];
        int k = 0;
        long next = 0;
        long base = 0;
        for (Variable v : vs) {
            Tensor t = grads ? v.grad() : v.value();
            int len = v.value().numel();
            float[] d = t == null ? null : t.data();
            for (; next < base + len; next += stride) {
                out[k++] = d == null ? 0f : d[(int) (next - base)];
            }
            base += len;
        }
        return out;
    }

    @Override
    public void close() {
        for (ForwardHook.Handle h : handles) {
            h.close();
        }
        handles.clear();
        armed = false;
    }
}
