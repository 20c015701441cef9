package io.cambium.lab.support;

import io.cambium.nn.Layer;
import io.cambium.nn.Model;
import io.cambium.nn.Variable;
import io.cambium.nn.losses.Loss;
import io.cambium.tensor.Tensor;

import java.util.ArrayList;
import java.util.List;

/**
 * Per-layer gradient norms computed with the public API only: one forward pass in training mode,
 * the loss, {@code backward()}, then the L2 norm of each layer's kernel gradient. (A diagnostics
 * callback that records these statistics during {@code fit} would replace this; see the lab README.)
 */
public final class GradientNorms {
    private GradientNorms() {
    }

    /** A layer with a kernel, and the norm of that kernel's gradient. */
    public record LayerNorm(String layer, double norm) {
    }

    /**
     * The gradient norm of every layer's kernel (the variables whose name ends in {@code kernel}),
     * in the model's layer order, for the loss on one batch. Gradients are cleared before and after.
     */
    public static List<LayerNorm> kernels(Model model, Tensor x, int[] y, Loss loss) {
        List<Variable> vars = model.trainableVariables();
        clear(vars);
        Tensor value = loss.call(y, model.call(x, true));
        value.backward();
        List<LayerNorm> out = new ArrayList<>();
        for (Layer layer : model.layers()) {
            for (Variable v : layer.trainableVariables()) {
                if (v.name().endsWith("kernel") && v.grad() != null) {
                    out.add(new LayerNorm(layer.name(), v.grad().norm().item()));
                }
            }
        }
        clear(vars);
        return out;
    }

    /** The L2 norm of all the gradients together (what global-norm clipping measures). */
    public static double global(List<Variable> vars) {
        double s = 0;
        for (Variable v : vars) {
            if (v.grad() != null) {
                double n = v.grad().norm().item();
                s += n * n;
            }
        }
        return Math.sqrt(s);
    }

    private static void clear(List<Variable> vars) {
        for (Variable v : vars) {
            v.value().zeroGrad();
        }
    }
}
