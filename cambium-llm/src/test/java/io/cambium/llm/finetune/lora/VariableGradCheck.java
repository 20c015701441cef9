package io.cambium.llm.finetune.lora;

import io.cambium.nn.Variable;
import io.cambium.tensor.Tensor;
import io.cambium.tensor.autograd.NoGrad;
import io.cambium.tensor.random.Rng;
import java.util.List;
import java.util.function.Supplier;

/**
 * Finite-difference check of the gradients autograd gives a model's variables: central
 * differences of a scalar function of the model, element by element (a random subset of each
 * variable), against the gradient of one backward pass. The LoRA layers' factors are variables
 * read inside the layers, which {@link io.cambium.tensor.autograd.GradCheck} (a function of its
 * input tensors) cannot perturb.
 */
final class VariableGradCheck {
    private VariableGradCheck() {
    }

    /**
     * Checks {@code perVariable} elements of each variable: autograd's derivative of
     * {@code scalar} against {@code (f(w + eps) - f(w - eps)) / 2eps} within
     * {@code atol + rtol · max(|analytic|, |numeric|)}; returns the number of elements checked.
     *
     * @throws AssertionError naming the variable, the element and both derivatives on a mismatch
     */
    static int check(Supplier<Tensor> scalar, List<Variable> vars, int perVariable, double eps, double atol,
            double rtol) {
        for (Variable v : vars) {
            v.value().zeroGrad();
        }
        scalar.get().backward();
        Rng rng = new Rng(99);
        int checked = 0;
        for (Variable v : vars) {
            float[] w = v.value().data();
            float[] g = v.grad().data().clone();
            double largest = 0;
            for (float x : g) {
                largest = Math.max(largest, Math.abs(x));
            }
            if (largest < 1e-6) {
                throw new AssertionError("the gradient of " + v.name() + " is zero: a check of it would prove nothing");
            }
            for (int k = 0; k < perVariable; k++) {
                int i = (int) (rng.nextDouble() * w.length);
                float orig = w[i];
                double plus;
                double minus;
                try (NoGrad ng = NoGrad.scope()) {
                    w[i] = (float) (orig + eps);
                    plus = scalar.get().item();
                    w[i] = (float) (orig - eps);
                    minus = scalar.get().item();
                } finally {
                    w[i] = orig;
                }
                double step = (double) (float) (orig + eps) - (double) (float) (orig - eps);
                double numeric = (plus - minus) / step;
                double analytic = g[i];
                double tol = atol + rtol * Math.max(Math.abs(analytic), Math.abs(numeric));
                if (!(Math.abs(analytic - numeric) <= tol)) {
                    throw new AssertionError("gradient of " + v.name() + " at flat index " + i + ": autograd "
                            + analytic + ", finite difference " + numeric + " (tolerance " + tol + ")");
                }
                checked++;
            }
        }
        for (Variable v : vars) {
            v.value().zeroGrad();
        }
        return checked;
    }
}
