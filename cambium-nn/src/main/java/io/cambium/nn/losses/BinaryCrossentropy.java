package io.cambium.nn.losses;

import java.util.Map;

/**
 * Keras's binary cross-entropy, the mean over the last axis of
 * {@code -(y log p + (1 - y) log(1 - p))}. From probabilities, {@code p} is clipped to
 * {@code [1e-7, 1 - 1e-7]} in float32, as Keras clips (so 1 - 1e-7 is 0.99999988; no gradient where clipped); from logits the stable form
 * {@code max(x, 0) - x y + log(1 + exp(-|x|))} is used (PyTorch's
 * {@code binary_cross_entropy_with_logits}), finite for any logit. Label smoothing moves targets
 * towards 0.5: {@code y (1 - s) + 0.5 s}.
 */
public final class BinaryCrossentropy extends RowLoss {
    private final boolean fromLogits;
    private final double labelSmoothing;

    /** From probabilities, no smoothing. */
    public BinaryCrossentropy() {
        this(false, 0, Reduction.SUM_OVER_BATCH_SIZE);
    }

    /** From logits or probabilities, no smoothing. */
    public BinaryCrossentropy(boolean fromLogits) {
        this(fromLogits, 0, Reduction.SUM_OVER_BATCH_SIZE);
    }

    /** All options. */
    public BinaryCrossentropy(boolean fromLogits, double labelSmoothing, Reduction reduction) {
        super(reduction);
        this.fromLogits = fromLogits;
        this.labelSmoothing = Losses.checkSmoothing(name(), labelSmoothing);
    }

    @Override
    public String name() {
        return "binary_crossentropy";
    }

    /** Whether predictions are logits. */
    public boolean fromLogits() {
        return fromLogits;
    }

    @Override
    protected double row(float[] t, int tOff, float[] p, int off, int n, float[] grad) {
        double s = 0;
        for (int j = 0; j < n; j++) {
            double y = smooth(t[tOff + j], labelSmoothing, 0.5);
            double x = p[off + j];
            double g;
            if (fromLogits) {
                s += Math.max(x, 0) - x * y + Math.log1p(Math.exp(-Math.abs(x)));
                g = sigmoid(x) - y;
            } else {
                double c = clip(x, EPSILON, ONE_MINUS_EPSILON);
                s -= y * Math.log(c) + (1 - y) * Math.log(1 - c);
                g = inside(x, EPSILON, ONE_MINUS_EPSILON) ? -(y / c - (1 - y) / (1 - c)) : 0;
            }
            if (grad != null) {
                grad[off + j] = (float) (g / n);
            }
        }
        return s / n;
    }

    @Override
    public Map<String, Object> config() {
        Map<String, Object> c = super.config();
        c.put("from_logits", fromLogits);
        c.put("label_smoothing", labelSmoothing);
        return c;
    }
}
