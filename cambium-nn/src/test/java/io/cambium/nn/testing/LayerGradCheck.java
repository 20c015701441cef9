package io.cambium.nn.testing;

import io.cambium.nn.Layer;
import io.cambium.nn.Variable;
import io.cambium.tensor.Shape;
import io.cambium.tensor.Tensor;
import io.cambium.tensor.autograd.NoGrad;
import io.cambium.tensor.random.Rng;
import java.util.ArrayList;
import java.util.List;

/**
 * Finite-difference check of a layer: the gradients autograd gives for the input and for every
 * trainable variable are compared with central differences of a random projection of the output.
 */
public final class LayerGradCheck {
    private LayerGradCheck() {
    }

    /** Checks {@code layer} at {@code input} (training mode off unless {@code training}). */
    public static void check(Layer layer, Tensor input, boolean training) {
        Tensor x = input.copy().requiresGrad(true);
        Tensor out = layer.apply(x, training);
        Rng rng = new Rng(77);
        float[] w = new float[out.numel()];
        for (int i = 0; i < w.length; i++) {
            w[i] = (float) (rng.nextDouble() * 2 - 1);
        }
        for (Variable v : layer.trainableVariables()) {
            v.value().zeroGrad();
        }
        out.backward(new Tensor(w, out.shape()));
        List<Tensor> targets = new ArrayList<>();
        List<Tensor> grads = new ArrayList<>();
        List<String> names = new ArrayList<>();
        targets.add(x);
        grads.add(x.grad());
        names.add("input");
        for (Variable v : layer.trainableVariables()) {
            targets.add(v.value());
            grads.add(v.grad());
            names.add(v.name());
        }
        double eps = 1e-2;
        for (int t = 0; t < targets.size(); t++) {
            float[] d = targets.get(t).data();
            int n = Math.min(d.length, 60);
            int[] picks = rng.permutation(d.length);
            for (int k = 0; k < n; k++) {
                int idx = picks[k];
                float orig = d[idx];
                double plus;
                double minus;
                try (NoGrad g = NoGrad.scope()) {
                    d[idx] = (float) (orig + eps);
                    plus = project(layer.apply(x, training), w);
                    d[idx] = (float) (orig - eps);
                    minus = project(layer.apply(x, training), w);
                } finally {
                    d[idx] = orig;
                }
                double numeric = (plus - minus) / (2 * eps);
                double analytic = grads.get(t) == null ? 0 : grads.get(t).data()[idx];
                double tol = 2e-2 + 2e-2 * Math.max(Math.abs(numeric), Math.abs(analytic));
                if (Math.abs(numeric - analytic) > tol) {
                    throw new AssertionError(layer.describe() + ": gradient of " + names.get(t) + " "
                            + Shape.str(targets.get(t).shape()) + " at " + idx + ": autograd " + analytic
                            + ", finite difference " + numeric);
                }
            }
        }
    }

    private static double project(Tensor out, float[] w) {
        double s = 0;
        float[] d = out.data();
        for (int i = 0; i < d.length; i++) {
            s += (double) d[i] * w[i];
        }
        return s;
    }
}
