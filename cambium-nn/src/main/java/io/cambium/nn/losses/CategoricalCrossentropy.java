package io.cambium.nn.losses;

import java.util.Map;

/**
 * Keras's categorical cross-entropy {@code -sum(y log q)} over the last axis with one-hot (or
 * soft) targets. From logits, {@code log q} is a stable log-softmax (PyTorch's
 * {@code cross_entropy} with probability targets), finite for any logit; from probabilities,
 * the row is rescaled to sum to 1 and clipped to {@code [1e-7, 1 - 1e-7]} as Keras does. Label
 * smoothing: {@code y (1 - s) + s / classes}.
 */
public final class CategoricalCrossentropy extends RowLoss {
    private static final ProbabilityRows.ClassTerm XENT = new ProbabilityRows.ClassTerm() {
        @Override
        public double value(double t, double o) {
            return t == 0 ? 0 : -t * Math.log(o);
        }

        @Override
        public double derivative(double t, double o) {
            return -t / o;
        }
    };
    private final boolean fromLogits;
    private final double labelSmoothing;

    /** From probabilities, no smoothing. */
    public CategoricalCrossentropy() {
        this(false, 0, Reduction.SUM_OVER_BATCH_SIZE);
    }

    /** From logits or probabilities, no smoothing. */
    public CategoricalCrossentropy(boolean fromLogits) {
        this(fromLogits, 0, Reduction.SUM_OVER_BATCH_SIZE);
    }

    /** All options. */
    public CategoricalCrossentropy(boolean fromLogits, double labelSmoothing, Reduction reduction) {
        super(reduction);
        this.fromLogits = fromLogits;
        this.labelSmoothing = Losses.checkSmoothing(name(), labelSmoothing);
    }

    @Override
    public String name() {
        return "categorical_crossentropy";
    }

    /** Whether predictions are logits. */
    public boolean fromLogits() {
        return fromLogits;
    }

    @Override
    protected double row(float[] t, int tOff, float[] p, int off, int n, float[] grad) {
        if (!fromLogits) {
            return ProbabilityRows.sum(t, tOff, -1, p, off, n, false, labelSmoothing, XENT, grad);
        }
        double lse = grad != null ? softmaxInto(p, off, n, grad) : logSumExp(p, off, n);
        double sumT = 0;
        double dot = 0;
        for (int j = 0; j < n; j++) {
            double y = smooth(t[tOff + j], labelSmoothing, 1.0 / n);
            sumT += y;
            if (y != 0) {
                dot += y * p[off + j];
            }
        }
        if (grad != null) {
            for (int j = 0; j < n; j++) {
                double y = smooth(t[tOff + j], labelSmoothing, 1.0 / n);
                grad[off + j] = (float) (grad[off + j] * sumT - y);
            }
        }
        return lse * sumT - dot;
    }

    @Override
    public Map<String, Object> config() {
        Map<String, Object> c = super.config();
        c.put("from_logits", fromLogits);
        c.put("label_smoothing", labelSmoothing);
        return c;
    }
}
