package io.cambium.nn.diagnostics;

import java.util.List;

/**
 * What {@link GradientDiagnostics} measured at one training step.
 *
 * @param step the optimizer step, counted from 1 over the callback's life
 * @param epoch the epoch (from 0), or -1 outside {@code fit}
 * @param batch the batch within the epoch (from 0), or -1 outside {@code fit}
 * @param loss the running mean of the training loss in the epoch so far ({@code fit}'s batch
 *     logs), or the batch's loss for a probe
 * @param learningRate the optimizer's learning rate at the step, or NaN
 * @param globalGradNorm the L2 norm of all trainable gradients together
 * @param layers one entry per layer that has trainable weights or was called, in model order
 */
public record StepDiagnostics(long step, int epoch, int batch, double loss, double learningRate,
                              double globalGradNorm, List<LayerStats> layers) {
    /** A copy of the layers list that cannot change. */
    public StepDiagnostics {
        layers = List.copyOf(layers);
    }

    /** This record without its histograms (what older records keep, to bound a long run's memory). */
    public StepDiagnostics withoutHistograms() {
        List<LayerStats> light = new java.util.ArrayList<>();
        for (LayerStats s : layers) {
            light.add(new LayerStats(s.layer(), s.className(), s.params(), s.gradNorm(), s.weightNorm(), s.updateNorm(),
                    s.activationMean(), s.activationStd(), s.deadFraction(), null, null, null));
        }
        return new StepDiagnostics(step, epoch, batch, loss, learningRate, globalGradNorm, light);
    }

    /** The statistics of one layer, or null when the layer is not in this record. */
    public LayerStats layer(String name) {
        for (LayerStats s : layers) {
            if (s.layer().equals(name)) {
                return s;
            }
        }
        return null;
    }
}
