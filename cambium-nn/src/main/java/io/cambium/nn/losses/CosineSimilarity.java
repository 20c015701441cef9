package io.cambium.nn.losses;

/**
 * Keras's cosine similarity loss {@code -sum(l2normalize(y) * l2normalize(p))} over the last
 * axis, where {@code l2normalize(x) = x / sqrt(max(sum(x^2), 1e-12))}: -1 for aligned vectors,
 * 0 for orthogonal ones.
 */
public final class CosineSimilarity extends RowLoss {
    private static final double MIN_SQUARE = 1e-12;

    /** With the Keras default reduction. */
    public CosineSimilarity() {
        this(Reduction.SUM_OVER_BATCH_SIZE);
    }

    /** With the given reduction. */
    public CosineSimilarity(Reduction reduction) {
        super(reduction);
    }

    @Override
    public String name() {
        return "cosine_similarity";
    }

    @Override
    protected double row(float[] t, int tOff, float[] p, int off, int n, float[] grad) {
        double tt = 0;
        double pp = 0;
        double tp = 0;
        for (int j = 0; j < n; j++) {
            double y = t[tOff + j];
            double x = p[off + j];
            tt += y * y;
            pp += x * x;
            tp += y * x;
        }
        double nt = Math.sqrt(Math.max(tt, MIN_SQUARE));
        boolean floored = pp < MIN_SQUARE;
        double np = Math.sqrt(Math.max(pp, MIN_SQUARE));
        double cos = tp / (nt * np);
        if (grad != null) {
            for (int j = 0; j < n; j++) {
                double u = t[tOff + j] / nt;
                double x = p[off + j];
                // d/dx of (x . u) / |x| is (u - (x . u) x / |x|^2) / |x|; below the floor |x| is constant.
                double d = floored ? u / np : (u - cos * x / np) / np;
                grad[off + j] = (float) -d;
            }
        }
        return -cos;
    }
}
