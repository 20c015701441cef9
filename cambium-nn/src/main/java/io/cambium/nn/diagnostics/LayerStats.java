package io.cambium.nn.diagnostics;

/**
 * Statistics of one layer at one training step. Norms are L2 norms over all the layer's trainable
 * weights together; a value that was not measured is NaN (activations of a layer that was not
 * called, gradients of a layer without trainable weights), a histogram that was not taken null.
 * Norms and moments use every value; a histogram of more than 65,536 values is drawn from an even
 * sample of 65,536 of them.
 *
 * @param layer the layer's name
 * @param className the layer's class (Keras's name, such as {@code Dense})
 * @param params the number of trainable weights
 * @param gradNorm the norm of the gradient of the loss with respect to the weights
 * @param weightNorm the norm of the weights after the step
 * @param updateNorm the norm of what the optimizer step changed in the weights
 * @param activationMean the mean of the layer's output over the batch
 * @param activationStd the standard deviation of the layer's output over the batch
 * @param deadFraction the fraction of output units (last axis) that are exactly 0 for every
 *     sample of the batch: dead ReLUs
 * @param gradHistogram the distribution of the gradient's values, or null
 * @param weightHistogram the distribution of the weights, or null
 * @param activationHistogram the distribution of the output's values, or null
 */
public record LayerStats(String layer, String className, long params, double gradNorm, double weightNorm,
                         double updateNorm, double activationMean, double activationStd, double deadFraction,
                         Histogram gradHistogram, Histogram weightHistogram, Histogram activationHistogram) {

    /** The root mean square of the gradient's values: its norm per weight, comparable across layer sizes. */
    public double gradRms() {
        return params > 0 ? gradNorm / Math.sqrt(params) : Double.NaN;
    }

    /** The gradient's norm relative to the weights' norm (how fast the layer can move). */
    public double relativeGradient() {
        return weightNorm > 0 ? gradNorm / weightNorm : Double.NaN;
    }

    /**
     * The norm of the step's update relative to the weights' norm; around 1e-3 is the classic rule
     * of thumb for a healthy learning rate, far below means the layer hardly learns.
     */
    public double updateRatio() {
        return weightNorm > 0 ? updateNorm / weightNorm : Double.NaN;
    }

    /** Whether the layer has trainable weights (and so gradient statistics). */
    public boolean hasWeights() {
        return params > 0;
    }
}
