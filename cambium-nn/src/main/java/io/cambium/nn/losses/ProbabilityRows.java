package io.cambium.nn.losses;

/**
 * Keras's treatment of a row of class probabilities (or logits) in its probabilistic losses:
 * probabilities are rescaled to sum to 1, logits go through a softmax, and the result is clipped
 * to {@code [eps, 1 - eps]}. A loss gives the derivative with respect to each clipped value; this
 * class chains it back to the raw predictions through the clip, the rescaling or the softmax.
 */
final class ProbabilityRows {
    private static final double EPS = RowLoss.EPSILON;
    private static final double EPS_HI = RowLoss.ONE_MINUS_EPSILON;

    /** Derivative of a row loss with respect to one clipped class probability {@code o}. */
    interface ClassTerm {
        /** The loss term of class {@code j} with target {@code t} and clipped probability {@code o}. */
        double value(double t, double o);

        /** Its derivative with respect to {@code o}. */
        double derivative(double t, double o);
    }

    private ProbabilityRows() {
    }

    /**
     * Sums {@code term} over the classes of a row; when {@code grad} is not null writes the
     * gradient with respect to {@code p} (probabilities or, with {@code logits}, logits).
     *
     * @param t targets (length n from tOff), or {@code null} with {@code label} for one-hot
     * @param label the class of a sparse target (used when {@code t} is null)
     */
    static double sum(float[] t, int tOff, int label, float[] p, int off, int n, boolean logits, double smoothing,
                      ClassTerm term, float[] grad) {
        double scale;
        double shift;
        if (logits) {
            shift = RowLoss.logSumExp(p, off, n);
            scale = 1;
        } else {
            double s = 0;
            for (int j = 0; j < n; j++) {
                s += p[off + j];
            }
            shift = 0;
            scale = 1 / s;
        }
        double loss = 0;
        double dot = 0;
        for (int j = 0; j < n; j++) {
            double q = q(p[off + j], logits, shift, scale);
            double o = RowLoss.clip(q, EPS, EPS_HI);
            double tj = target(t, tOff, label, j, n, smoothing);
            loss += term.value(tj, o);
            if (grad != null) {
                double d = RowLoss.inside(q, EPS, EPS_HI) ? term.derivative(tj, o) : 0;
                dot += d * q;
            }
        }
        if (grad != null) {
            for (int j = 0; j < n; j++) {
                double q = q(p[off + j], logits, shift, scale);
                double o = RowLoss.clip(q, EPS, EPS_HI);
                double tj = target(t, tOff, label, j, n, smoothing);
                double d = RowLoss.inside(q, EPS, EPS_HI) ? term.derivative(tj, o) : 0;
                // softmax: dq_j/dx_i = q_i (delta_ij - q_j); rescaling: dq_j/dp_i = (delta_ij - q_j) / s.
                grad[off + j] = (float) ((logits ? q : scale) * (d - dot));
            }
        }
        return loss;
    }

    private static double q(float x, boolean logits, double shift, double scale) {
        return logits ? Math.exp(x - shift) : x * scale;
    }

    private static double target(float[] t, int tOff, int label, int j, int n, double smoothing) {
        double y = t != null ? t[tOff + j] : (j == label ? 1 : 0);
        return RowLoss.smooth(y, smoothing, 1.0 / n);
    }
}
