package io.cambium.nn.optimizers;

/** The fused update of Adam and AdamW ({@code torch.optim.Adam}'s formula). */
final class AdamKernel {
    private AdamKernel() {
    }

    /**
     * One Adam step on {@code p[from, to)}: {@code m = b1 m + (1-b1) g; v = b2 v + (1-b2) g^2;
     * p -= lr / (1 - b1^t) * m / (sqrt(v or max v) / sqrt(1 - b2^t) + eps)}.
     */
    static void update(float[] p, float[] g, float gs, float clip, SlotState s, float lr, float beta1, float beta2,
                       float eps, float coupledDecay, float decoupledDecay, boolean amsgrad, int from, int to) {
        float[] m = s.slots[0];
        float[] v = s.slots[1];
        float[] vmax = amsgrad ? s.slots[2] : null;
        double bc1 = 1 - Math.pow(beta1, s.step);
        double bc2 = 1 - Math.pow(beta2, s.step);
        float stepSize = (float) (lr / bc1);
        float invBc2Sqrt = (float) (1 / Math.sqrt(bc2));
        float keep = 1 - lr * decoupledDecay;
        float a1 = 1 - beta1;
        float a2 = 1 - beta2;
        if (vmax == null && clip == Float.POSITIVE_INFINITY) {
            // Clamping to infinity is the identity (NaN stays NaN), and without the float min/max
            // C2 vectorizes this loop: about twice as fast, with the same results.
            for (int i = from; i < to; i++) {
                float pi = p[i] * keep;
                float gi = g[i] * gs + coupledDecay * pi;
                float mi = beta1 * m[i] + a1 * gi;
                float vi = beta2 * v[i] + a2 * gi * gi;
                m[i] = mi;
                v[i] = vi;
                p[i] = pi - stepSize * mi / ((float) Math.sqrt(vi) * invBc2Sqrt + eps);
            }
            return;
        }
        for (int i = from; i < to; i++) {
            float pi = p[i] * keep;
            float gi = BaseOptimizer.clamp(g[i] * gs, clip) + coupledDecay * pi;
            float mi = beta1 * m[i] + a1 * gi;
            float vi = beta2 * v[i] + a2 * gi * gi;
            m[i] = mi;
            v[i] = vi;
            if (vmax != null) {
                vi = Math.max(vmax[i], vi);
                vmax[i] = vi;
            }
            p[i] = pi - stepSize * mi / ((float) Math.sqrt(vi) * invBc2Sqrt + eps);
        }
    }
}
