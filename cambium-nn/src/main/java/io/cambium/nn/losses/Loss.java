package io.cambium.nn.losses;

import io.cambium.tensor.Tensor;

/**
 * A differentiable loss with Keras semantics. Subclasses compute one loss value per sample
 * ({@link #perSample}); this class applies sample weights and the reduction. With the default
 * {@link Reduction#SUM_OVER_BATCH_SIZE}, weighted losses are summed and divided by the number of
 * samples (not by the sum of the weights), as Keras does.
 */
public abstract class Loss {
    private final Reduction reduction;

    protected Loss(Reduction reduction) {
        this.reduction = reduction;
    }

    /** How per-sample losses are combined. */
    public Reduction reduction() {
        return reduction;
    }

    /** The name used in logs and saved models, such as {@code categorical_crossentropy}. */
    public abstract String name();

    /** One loss value per sample: shape {@code [batch]} (or the leading axes of the prediction). */
    public abstract Tensor perSample(Tensor yTrue, Tensor yPred);

    /** The reduced loss. */
    public Tensor call(Tensor yTrue, Tensor yPred) {
        return call(yTrue, yPred, null);
    }

    /**
     * The reduced loss for integer class labels (sparse losses), as Keras accepts an int array:
     * {@code call(new int[] {2, 0, 1}, probs)}.
     */
    public Tensor call(int[] yTrue, Tensor yPred) {
        return call(Tensor.of(yTrue), yPred, null);
    }

    /** The reduced loss with optional per-sample weights of shape {@code [batch]}. */
    public Tensor call(Tensor yTrue, Tensor yPred, Tensor sampleWeight) {
        Tensor l = perSample(yTrue, yPred);
        if (sampleWeight != null) {
            l = l.mul(sampleWeight.reshape(broadcastableShape(sampleWeight, l)));
        }
        return switch (reduction) {
            case NONE -> l;
            case SUM -> l.sum();
            case SUM_OVER_BATCH_SIZE -> l.mean();
        };
    }

    private static int[] broadcastableShape(Tensor w, Tensor l) {
        int[] s = new int[l.rank()];
        java.util.Arrays.fill(s, 1);
        int[] ws = w.shape();
        System.arraycopy(ws, 0, s, 0, Math.min(ws.length, s.length));
        return s;
    }

    /** How per-sample losses are combined into the reported value. */
    public enum Reduction {
        /** Keep one value per sample. */
        NONE,
        /** Sum over samples. */
        SUM,
        /** Sum divided by the number of samples (the Keras default). */
        SUM_OVER_BATCH_SIZE
    }
}
