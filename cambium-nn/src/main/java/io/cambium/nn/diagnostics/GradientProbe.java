package io.cambium.nn.diagnostics;

import io.cambium.nn.Model;
import io.cambium.nn.Variable;
import io.cambium.nn.losses.Loss;
import io.cambium.nn.training.Trainer;
import io.cambium.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;

/**
 * Per-layer gradient statistics of a model on one batch, without training it: one forward pass
 * (training mode) and one backward pass of the compiled loss, no optimizer step. The weights,
 * the normalization statistics and the gradients are as they were before. For the seed
 * questions' experiments: is this architecture's gradient vanishing at initialization?
 * <pre>{@code
 * GradientReport r = GradientProbe.report(model, x, y);
 * r.overall();                               // VANISHING
 * r.layersWith(GradientHealth.VANISHING);    // [dense_1, dense_2, ...]
 * }</pre>
 */
public final class GradientProbe {
    private GradientProbe() {
    }

    /** The statistics of every layer on the batch {@code (x, y)} (step 0). */
    public static StepDiagnostics measure(Model model, Tensor x, Tensor y) {
        return measure(model, List.of(x), List.of(y));
    }

    /** {@link #measure(Model, Tensor, Tensor)} with integer class labels. */
    public static StepDiagnostics measure(Model model, Tensor x, int[] y) {
        return measure(model, x, Tensor.of(y, y.length));
    }

    /** The verdict on one batch: vanishing, dead or healthy (one step cannot show an explosion over time). */
    public static GradientReport report(Model model, Tensor x, Tensor y) {
        return GradientReport.of(List.of(measure(model, x, y)));
    }

    /** {@link #report(Model, Tensor, Tensor)} with integer class labels. */
    public static GradientReport report(Model model, Tensor x, int[] y) {
        return GradientReport.of(List.of(measure(model, x, y)));
    }

    /** The statistics of every layer on one batch of a model with several inputs or outputs. */
    public static StepDiagnostics measure(Model model, List<Tensor> xs, List<Tensor> ys) {
        Trainer trainer = model.trainer();
        List<Variable> trainable = model.trainableVariables();
        List<Variable> frozen = model.nonTrainableVariables();
        List<Tensor> savedState = new ArrayList<>();
        for (Variable v : frozen) {
            savedState.add(v.value().copy());
        }
        List<Tensor> savedGrads = new ArrayList<>();
        for (Variable v : trainable) {
            savedGrads.add(v.grad() == null ? null : v.grad().copy());
            v.value().zeroGrad();
        }
        try (StatsCollector collector = new StatsCollector(model, true, true, Histogram.DEFAULT_BUCKETS)) {
            collector.arm(false);
            List<Tensor> outs = model.applyAll(xs, true);
            if (ys.size() != outs.size()) {
                throw new IllegalArgumentException(model.describe() + ": GradientProbe got " + ys.size()
                        + " target arrays for " + outs.size() + " outputs");
            }
            List<Loss> losses = trainer.losses();
            float[] weights = trainer.lossWeights();
            Tensor total = null;
            for (int i = 0; i < outs.size(); i++) {
                Tensor l = losses.get(i).call(ys.get(i), outs.get(i));
                if (l.numel() != 1) {
                    l = l.mean();
                }
                Tensor w = weights[i] == 1f ? l : l.mul(weights[i]);
                total = total == null ? w : total.add(w);
            }
            for (Tensor r : model.regularizationLosses()) {
                total = total.add(r);
            }
            for (Tensor a : model.losses()) {
                total = total.add(a);
            }
            model.clearLosses();
            if (total.requiresGrad()) {
                total.backward();
            }
            double lr = trainer.optimizer().learningRate();
            return new StepDiagnostics(0, -1, -1, total.item(), lr, StatsCollector.globalGradNorm(trainable),
                    collector.collect());
        } finally {
            for (int i = 0; i < frozen.size(); i++) {
                frozen.get(i).assign(savedState.get(i));
            }
            for (int i = 0; i < trainable.size(); i++) {
                Tensor t = trainable.get(i).value();
                t.setGrad(savedGrads.get(i));
            }
        }
    }
}
