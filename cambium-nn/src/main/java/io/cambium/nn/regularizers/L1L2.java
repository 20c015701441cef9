package io.cambium.nn.regularizers;

import io.cambium.tensor.Tensor;
import io.cambium.tensor.autograd.Autograd;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Keras's L1L2 penalty {@code l1 * sum(|x|) + l2 * sum(x^2)} (no factor 1/2), computed as one
 * fused differentiable op; the gradient of {@code |x|} at 0 is 0.
 */
public final class L1L2 implements Regularizer {
    private final float l1;
    private final float l2;

    /** A combined L1 and L2 penalty. */
    public L1L2(double l1, double l2) {
        if (!(l1 >= 0) || !(l2 >= 0)) {
            throw new IllegalArgumentException("L1L2: factors must be >= 0, got l1=" + l1 + ", l2=" + l2);
        }
        this.l1 = (float) l1;
        this.l2 = (float) l2;
    }

    /** The L1 factor. */
    public float l1() {
        return l1;
    }

    /** The L2 factor. */
    public float l2() {
        return l2;
    }

    @Override
    public Tensor penalty(Tensor x) {
        float[] d = x.data();
        double abs = 0;
        double sq = 0;
        for (float v : d) {
            abs += Math.abs(v);
            sq += (double) v * v;
        }
        Tensor out = Tensor.scalar((float) (l1 * abs + l2 * sq));
        return Autograd.record(out, "l1l2_penalty", g -> {
            float scale = g.item();
            float[] gx = new float[d.length];
            for (int i = 0; i < d.length; i++) {
                float v = d[i];
                gx[i] = scale * (l1 * Math.signum(v) + 2 * l2 * v);
            }
            return new Tensor[] {new Tensor(gx, x.shape())};
        }, x);
    }

    /** The Keras-style name: {@code L1}, {@code L2} or {@code L1L2}. */
    public String className() {
        return l2 == 0 ? "L1" : l1 == 0 ? "L2" : "L1L2";
    }

    /** {@code {"l1": .., "l2": ..}}. */
    public Map<String, Object> config() {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("l1", Double.parseDouble(Float.toString(l1)));
        c.put("l2", Double.parseDouble(Float.toString(l2)));
        return c;
    }

    @Override
    public String toString() {
        return className() + config();
    }
}
