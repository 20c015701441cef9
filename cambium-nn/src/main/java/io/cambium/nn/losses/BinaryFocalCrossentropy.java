package io.cambium.nn.losses;

import java.util.Map;

/**
 * Keras's binary focal cross-entropy (Lin et al. 2017), the mean over the last axis of
 * {@code w * (1 - p_t)^gamma * bce}, where {@code p} is the probability (the sigmoid of a logit
 * with {@code fromLogits}), {@code p_t = y p + (1 - y)(1 - p)}, {@code bce} is
 * {@link BinaryCrossentropy}'s term (the stable logit form with {@code fromLogits}) and, with
 * class balancing, {@code w = y alpha + (1 - y)(1 - alpha)} (else 1). Label smoothing as in
 * binary cross-entropy.
 */
public final class BinaryFocalCrossentropy extends RowLoss {
    private final boolean applyClassBalancing;
    private final double alpha;
    private final double gamma;
    private final boolean fromLogits;
    private final double labelSmoothing;

    /** Keras's defaults: no class balancing, alpha 0.25, gamma 2, probabilities. */
    public BinaryFocalCrossentropy() {
        this(false, 0.25, 2.0, false, 0, Reduction.SUM_OVER_BATCH_SIZE);
    }

    /** All options. */
    public BinaryFocalCrossentropy(boolean applyClassBalancing, double alpha, double gamma, boolean fromLogits,
                                   double labelSmoothing, Reduction reduction) {
        super(reduction);
        if (!(alpha >= 0 && alpha <= 1) || !(gamma >= 0)) {
            throw new IllegalArgumentException(name() + ": need alpha in [0, 1] and gamma >= 0, got " + alpha + ", " + gamma);
        }
        this.applyClassBalancing = applyClassBalancing;
        this.alpha = alpha;
        this.gamma = gamma;
        this.fromLogits = fromLogits;
        this.labelSmoothing = Losses.checkSmoothing(name(), labelSmoothing);
    }

    @Override
    public String name() {
        return "binary_focal_crossentropy";
    }

    @Override
    protected double row(float[] t, int tOff, float[] p, int off, int n, float[] grad) {
        double s = 0;
        for (int j = 0; j < n; j++) {
            double y = smooth(t[tOff + j], labelSmoothing, 0.5);
            double x = p[off + j];
            double prob;
            double bce;
            double dBce;
            double dProb;
            if (fromLogits) {
                prob = sigmoid(x);
                bce = Math.max(x, 0) - x * y + Math.log1p(Math.exp(-Math.abs(x)));
                dBce = prob - y;
                dProb = prob * (1 - prob);
            } else {
                prob = x;
                double c = clip(x, EPSILON, ONE_MINUS_EPSILON);
                bce = -(y * Math.log(c) + (1 - y) * Math.log(1 - c));
                dBce = inside(x, EPSILON, ONE_MINUS_EPSILON) ? -(y / c - (1 - y) / (1 - c)) : 0;
                dProb = 1;
            }
            double base = y * (1 - prob) + (1 - y) * prob;
            double focal = Math.pow(base, gamma);
            double w = applyClassBalancing ? y * alpha + (1 - y) * (1 - alpha) : 1;
            s += w * focal * bce;
            if (grad != null) {
                double dFocal = gamma == 0 ? 0 : base > 0 ? gamma * Math.pow(base, gamma - 1) : (gamma == 1 ? 1 : 0);
                double d = w * (dFocal * (1 - 2 * y) * dProb * bce + focal * dBce);
                grad[off + j] = (float) (d / n);
            }
        }
        return s / n;
    }

    @Override
    public Map<String, Object> config() {
        Map<String, Object> c = super.config();
        c.put("apply_class_balancing", applyClassBalancing);
        c.put("alpha", alpha);
        c.put("gamma", gamma);
        c.put("from_logits", fromLogits);
        c.put("label_smoothing", labelSmoothing);
        return c;
    }
}
