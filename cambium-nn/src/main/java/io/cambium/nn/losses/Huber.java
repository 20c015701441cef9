package io.cambium.nn.losses;

import java.util.Map;

/**
 * Keras's Huber loss, the mean over the last axis of {@code 0.5 e^2} where {@code |e| <= delta}
 * and {@code delta |e| - 0.5 delta^2} elsewhere, with {@code e = p - y} (PyTorch's
 * {@code huber_loss}).
 */
public final class Huber extends RowLoss {
    private final double delta;

    /** Keras's default delta 1. */
    public Huber() {
        this(1.0, Reduction.SUM_OVER_BATCH_SIZE);
    }

    /** With the given delta and reduction. */
    public Huber(double delta, Reduction reduction) {
        super(reduction);
        if (!(delta > 0)) {
            throw new IllegalArgumentException("huber: delta must be positive, got " + delta);
        }
        this.delta = delta;
    }

    @Override
    public String name() {
        return "huber";
    }

    @Override
    protected double row(float[] t, int tOff, float[] p, int off, int n, float[] grad) {
        double s = 0;
        for (int j = 0; j < n; j++) {
            double e = (double) p[off + j] - t[tOff + j];
            double a = Math.abs(e);
            boolean quadratic = a <= delta;
            s += quadratic ? 0.5 * e * e : delta * a - 0.5 * delta * delta;
            if (grad != null) {
                grad[off + j] = (float) ((quadratic ? e : delta * Math.signum(e)) / n);
            }
        }
        return s / n;
    }

    @Override
    public Map<String, Object> config() {
        Map<String, Object> c = super.config();
        c.put("delta", delta);
        return c;
    }
}
