package io.cambium.lab.support;

import io.cambium.nn.Model;
import io.cambium.nn.Variable;
import io.cambium.nn.diagnostics.GradientProbe;
import io.cambium.nn.diagnostics.LayerStats;
import io.cambium.nn.diagnostics.StepDiagnostics;
import io.cambium.tensor.Tensor;

import java.util.ArrayList;
import java.util.List;

/**
 * Per-layer gradient norms from cambium-nn's diagnostics ({@link GradientProbe}: one forward and
 * backward pass of the compiled loss on a batch, the model left as it was), and the global norm
 * that norm clipping measures.
 */
public final class GradientNorms {
    private GradientNorms() {
    }

    /** A layer with weights, and the norm of the gradient of the loss with respect to them. */
    public record LayerNorm(String layer, double norm) {
    }

    /**
     * The gradient norm of every layer with weights except normalization layers (their scale and
     * offset are not the weights the question is about), in the model's layer order, for the
     * compiled loss on one batch. The model must be compiled; it is left unchanged.
     */
    public static List<LayerNorm> kernels(Model compiled, Tensor x, int[] y) {
        StepDiagnostics d = GradientProbe.measure(compiled, x, y);
        List<LayerNorm> out = new ArrayList<>();
        for (LayerStats s : d.layers()) {
            if (s.hasWeights() && !s.className().contains("Normalization")) {
                out.add(new LayerNorm(s.layer(), s.gradNorm()));
            }
        }
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
}
