package io.cambium.nn.optimizers;

import io.cambium.nn.schedules.LearningRateSchedule;
import java.util.Map;

/**
 * Adadelta with the update of {@code torch.optim.Adadelta} (the same formula as Keras):
 * {@code s = rho s + (1-rho) g^2; d = sqrt(a + eps) / sqrt(s + eps) * g;
 * a = rho a + (1-rho) d^2; p -= lr d}. Defaults follow Keras: rate 0.001, rho 0.95, epsilon 1e-7
 * (PyTorch's default rate is 1.0).
 */
public final class Adadelta extends BaseOptimizer<Adadelta> {
    private float rho = 0.95f;
    private float epsilon = 1e-7f;

    /** Adadelta with Keras's defaults. */
    public Adadelta() {
        this(0.001f);
    }

    /** Adadelta with the given rate. */
    public Adadelta(double learningRate) {
        super(learningRate);
    }

    /** Adadelta following a schedule. */
    public Adadelta(LearningRateSchedule schedule) {
        super(schedule);
    }

    /** The decay of the running averages. */
    public Adadelta rho(double r) {
        rho = Betas.checkRate("adadelta", "rho", (float) r);
        return this;
    }

    /** The epsilon. */
    public Adadelta epsilon(double eps) {
        epsilon = Betas.checkEpsilon("adadelta", (float) eps);
        return this;
    }

    @Override
    public String name() {
        return "adadelta";
    }

    @Override
    protected String[] slotNames() {
        return new String[] {"square_avg", "acc_delta"};
    }

    @Override
    protected void update(float[] p, float[] g, float gs, float clip, SlotState s, float lr, int from, int to) {
        float[] sq = s.slots[0];
        float[] acc = s.slots[1];
        float r = rho;
        float a = 1 - r;
        float wd = weightDecay;
        float eps = epsilon;
        for (int i = from; i < to; i++) {
            float gi = clamp(g[i] * gs, clip) + wd * p[i];
            float si = r * sq[i] + a * gi * gi;
            sq[i] = si;
            float d = (float) Math.sqrt(acc[i] + eps) / (float) Math.sqrt(si + eps) * gi;
            acc[i] = r * acc[i] + a * d * d;
            p[i] -= lr * d;
        }
    }

    @Override
    protected void hyperparameters(Map<String, Object> c) {
        c.put("rho", num(rho));
        c.put("epsilon", num(epsilon));
    }
}
