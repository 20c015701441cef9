package io.cambium.nn.losses;

import java.util.Map;

/**
 * Categorical cross-entropy with integer class labels stored as floats, one per row (shape of
 * the prediction without its last axis, or with a trailing 1). From logits it is the fused
 * {@code logsumexp(x) - x[label]} with gradient {@code softmax(x) - onehot}, finite for any
 * logit; from probabilities the row is rescaled to sum to 1 and clipped to
 * {@code [1e-7, 1 - 1e-7]} before {@code -log q[label]} (Keras). A label that is not an integer
 * in {@code [0, classes)} is an error naming it.
 */
public final class SparseCategoricalCrossentropy extends RowLoss {
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

    /** From probabilities. */
    public SparseCategoricalCrossentropy() {
        this(false, Reduction.SUM_OVER_BATCH_SIZE);
    }

    /** From logits or probabilities. */
    public SparseCategoricalCrossentropy(boolean fromLogits) {
        this(fromLogits, Reduction.SUM_OVER_BATCH_SIZE);
    }

    /** All options. */
    public SparseCategoricalCrossentropy(boolean fromLogits, Reduction reduction) {
        super(reduction);
        this.fromLogits = fromLogits;
    }

    @Override
    public String name() {
        return "sparse_categorical_crossentropy";
    }

    /** Whether predictions are logits. */
    public boolean fromLogits() {
        return fromLogits;
    }

    @Override
    protected int targetWidth(int n) {
        return 1;
    }

    @Override
    protected double row(float[] t, int tOff, float[] p, int off, int n, float[] grad) {
        float lf = t[tOff];
        int label = (int) lf;
        if (label != lf || label < 0 || label >= n) {
            throw new IllegalArgumentException(name() + ": label " + lf + " of sample " + tOff
                    + " is not a class index in [0, " + n + ")");
        }
        if (!fromLogits) {
            return ProbabilityRows.sum(null, 0, label, p, off, n, false, 0, XENT, grad);
        }
        double lse = logSumExp(p, off, n);
        if (grad != null) {
            for (int j = 0; j < n; j++) {
                grad[off + j] = (float) (Math.exp(p[off + j] - lse) - (j == label ? 1 : 0));
            }
        }
        return lse - p[off + label];
    }

    @Override
    public Map<String, Object> config() {
        Map<String, Object> c = super.config();
        c.put("from_logits", fromLogits);
        return c;
    }
}
