package io.cambium.nn.losses;

import io.cambium.tensor.Tensor;
import java.util.Map;

/**
 * Categorical cross-entropy with integer class labels stored as floats, one per row (shape of
 * the prediction without its last axis, or with a trailing 1). From logits it is the fused
 * {@code logsumexp(x) - x[label]} with gradient {@code softmax(x) - onehot}, finite for any
 * logit; from probabilities the row is rescaled to sum to 1 and clipped to
 * {@code [1e-7, 1 - 1e-7]} before {@code -log q[label]} (Keras). A label that is not an integer
 * in {@code [0, classes)} is an error naming it.
 *
 * <p>With an {@code ignoreClass} (Keras's {@code ignore_class}, PyTorch's {@code ignore_index}),
 * rows with that label have loss 0 and no gradient, and {@code SUM_OVER_BATCH_SIZE} divides by
 * the number of other rows (0 when every row is ignored), as both frameworks do; this is the
 * usual way to skip padding in sequence models.
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
    private final Integer ignoreClass;

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
        this(fromLogits, null, reduction);
    }

    /** All options; {@code ignoreClass} may be null. */
    public SparseCategoricalCrossentropy(boolean fromLogits, Integer ignoreClass, Reduction reduction) {
        super(reduction);
        this.fromLogits = fromLogits;
        this.ignoreClass = ignoreClass;
    }

    @Override
    public Tensor call(Tensor yTrue, Tensor yPred, Tensor sampleWeight) {
        if (ignoreClass == null || reduction() != Reduction.SUM_OVER_BATCH_SIZE) {
            return super.call(yTrue, yPred, sampleWeight);
        }
        Tensor l = perSample(yTrue, yPred);
        if (sampleWeight != null) {
            l = l.mul(sampleWeight.reshape(weightShape(sampleWeight, l)));
        }
        int valid = 0;
        for (float v : yTrue.data()) {
            if (v != ignoreClass) {
                valid++;
            }
        }
        return l.sum().mul(valid == 0 ? 0f : 1f / valid);
    }

    private static int[] weightShape(Tensor w, Tensor l) {
        int[] s = new int[l.rank()];
        java.util.Arrays.fill(s, 1);
        int[] ws = w.shape();
        System.arraycopy(ws, 0, s, 0, Math.min(ws.length, s.length));
        return s;
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
        if (ignoreClass != null && lf == ignoreClass) {
            if (grad != null) {
                java.util.Arrays.fill(grad, off, off + n, 0f);
            }
            return 0;
        }
        int label = (int) lf;
        if (label != lf || label < 0 || label >= n) {
            throw new IllegalArgumentException(name() + ": label " + lf + " of sample " + tOff
                    + " is not a class index in [0, " + n + ")");
        }
        if (!fromLogits) {
            return ProbabilityRows.sum(null, 0, label, p, off, n, false, 0, XENT, grad);
        }
        if (grad == null) {
            return logSumExp(p, off, n) - p[off + label];
        }
        double lse = softmaxInto(p, off, n, grad);
        grad[off + label] -= 1f;
        return lse - p[off + label];
    }

    @Override
    public Map<String, Object> config() {
        Map<String, Object> c = super.config();
        c.put("from_logits", fromLogits);
        c.put("ignore_class", ignoreClass);
        return c;
    }
}
