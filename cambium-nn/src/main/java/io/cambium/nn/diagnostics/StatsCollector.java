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
                w2 += sumSquares(w, w.length);
                Tensor g = v.grad();
                if (g != null) {
                    anyGrad = true;
                    g2 += sumSquares(g.data(), g.numel());
                }
                if (old != null) {
                    float[] o = old[i];
                    double d = 0;
                    for (int k = 0; k < w.length; k++) {
                        double diff = (double) w[k] - o[k];
                        d += diff * diff;
                    }
                    u2 += d;
                }
            }
            Activation a = activations.get(l);
            Histogram gh = null;
            Histogram wh = null;
            if (histograms && params > 0) {
                wh = Histogram.of(concat(vs, false), (int) params, buckets);
                gh = anyGrad ? Histogram.of(concat(vs, true), (int) params, buckets) : null;
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

    /** The L2 norm of the gradients of {@code vars} together (NaN when one holds NaN). */
    static double globalGradNorm(List<Variable> vars) {
        double s = 0;
        for (Variable v : vars) {
            Tensor g = v.grad();
            if (g != null) {
                s += sumSquares(g.data(), g.numel());
            }
        }
        return Math.sqrt(s);
    }

    private Activation activation(Tensor out) {
        float[] d = out.data();
        int n = out.numel();
        if (n == 0) {
            return new Activation(Double.NaN, Double.NaN, Double.NaN, null);
        }
        double s = 0;
        double sq = 0;
        for (int i = 0; i < n; i++) {
            s += d[i];
            sq += (double) d[i] * d[i];
        }
        double mean = s / n;
        double var = Math.max(0, sq / n - mean * mean);
        int units = out.rank() == 0 ? 1 : out.dim(out.rank() - 1);
        int rows = n / Math.max(1, units);
        int dead = 0;
        for (int j = 0; j < units; j++) {
            boolean zero = true;
            for (int r = 0; r < rows && zero; r++) {
                zero = d[r * units + j] == 0f;
            }
            if (zero) {
                dead++;
            }
        }
        return new Activation(mean, Math.sqrt(var), units == 0 ? Double.NaN : (double) dead / units,
                histograms ? Histogram.of(d, n, buckets) : null);
    }

    private static float[] concat(List<Variable> vs, boolean grads) {
        if (vs.size() == 1) {
            return grads ? vs.get(0).grad().data() : vs.get(0).value().data();
        }
        int n = 0;
        for (Variable v : vs) {
            n += v.value().numel();
        }
        float[] out = new float[n];
        int off = 0;
        for (Variable v : vs) {
            Tensor t = grads ? v.grad() : v.value();
            int len = v.value().numel();
            if (t != null) {
                System.arraycopy(t.data(), 0, out, off, len);
            }
            off += len;
        }
        return out;
    }

    static double sumSquares(float[] a, int n) {
        double s = 0;
        for (int i = 0; i < n; i++) {
            s += (double) a[i] * a[i];
        }
        return s;
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
