package io.cambium.nn.losses;

import java.util.Map;

/**
 * Keras's categorical focal cross-entropy: over the last axis,
 * {@code sum(-alpha * (1 - o)^gamma * y * log o)} where {@code o} is the row's probabilities
 * (the softmax of logits with {@code fromLogits}), rescaled to sum to 1 and clipped to
 * {@code [1e-7, 1 - 1e-7]}. Label smoothing as in categorical cross-entropy.
 */
public final class CategoricalFocalCrossentropy extends RowLoss {
    private final double alpha;
    private final double gamma;
    private final boolean fromLogits;
    private final double labelSmoothing;
    private final ProbabilityRows.ClassTerm term;

    /** Keras's defaults: alpha 0.25, gamma 2, probabilities. */
    public CategoricalFocalCrossentropy() {
        this(0.25, 2.0, false, 0, Reduction.SUM_OVER_BATCH_SIZE);
    }

    /** All options. */
    public CategoricalFocalCrossentropy(double alpha, double gamma, boolean fromLogits, double labelSmoothing,
                                        Reduction reduction) {
        super(reduction);
        if (!(gamma >= 0)) {
            throw new IllegalArgumentException(name() + ": gamma must be >= 0, got " + gamma);
        }
        this.alpha = alpha;
        this.gamma = gamma;
        this.fromLogits = fromLogits;
        this.labelSmoothing = Losses.checkSmoothing(name(), labelSmoothing);
        this.term = new ProbabilityRows.ClassTerm() {
            @Override
            public double value(double t, double o) {
                return t == 0 ? 0 : -alpha * Math.pow(1 - o, gamma) * t * Math.log(o);
            }

            @Override
            public double derivative(double t, double o) {
                if (t == 0) {
                    return 0;
                }
                double m = Math.pow(1 - o, gamma);
                double dm = gamma == 0 ? 0 : -gamma * Math.pow(1 - o, gamma - 1);
                return -alpha * t * (dm * Math.log(o) + m / o);
            }
        };
    }

    @Override
    public String name() {
        return "categorical_focal_crossentropy";
    }

    @Override
    protected double row(float[] t, int tOff, float[] p, int off, int n, float[] grad) {
        return ProbabilityRows.sum(t, tOff, -1, p, off, n, fromLogits, labelSmoothing, term, grad);
    }

    @Override
    public Map<String, Object> config() {
        Map<String, Object> c = super.config();
        c.put("alpha", alpha);
        c.put("gamma", gamma);
        c.put("from_logits", fromLogits);
        c.put("label_smoothing", labelSmoothing);
        return c;
    }
}
