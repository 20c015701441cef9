package io.cambium.nn.optimizers;

import io.cambium.nn.schedules.LearningRateSchedule;
import java.util.Map;

/**
 * Adamax (Adam with the infinity norm) with the update of {@code torch.optim.Adamax}:
 * {@code m = b1 m + (1-b1) g; u = max(b2 u, |g| + eps); p -= lr / (1 - b1^t) * m / u}. Keras adds
 * epsilon to {@code u} in the division instead of inside the maximum; the two agree unless
 * {@code u} is near epsilon. Defaults follow Keras: rate 0.001, beta1 0.9, beta2 0.999, epsilon 1e-7.
 */
public final class Adamax extends BaseOptimizer<Adamax> {
    private float beta1 = 0.9f;
    private float beta2 = 0.999f;
    private float epsilon = 1e-7f;

    /** Adamax with Keras's defaults. */
    public Adamax() {
        this(0.001f);
    }

    /** Adamax with the given rate. */
    public Adamax(double learningRate) {
        super(learningRate);
    }

    /** Adamax following a schedule. */
    public Adamax(LearningRateSchedule schedule) {
        super(schedule);
    }

    /** The decay rates of the moment and of the infinity norm. */
    public Adamax betas(double b1, double b2) {
        Betas.check("adamax", (float) b1, (float) b2);
        beta1 = (float) b1;
        beta2 = (float) b2;
        return this;
    }

    /** The epsilon. */
    public Adamax epsilon(double eps) {
        epsilon = Betas.checkEpsilon("adamax", (float) eps);
        return this;
    }

    @Override
    public String name() {
        return "adamax";
    }

    @Override
    protected String[] slotNames() {
        return new String[] {"m", "u"};
    }

    @Override
    protected void update(float[] p, float[] g, float gs, float clip, SlotState s, float lr, int from, int to) {
        float[] m = s.slots[0];
        float[] u = s.slots[1];
        float clr = (float) (lr / (1 - Math.pow(beta1, s.step)));
        float wd = weightDecay;
        float b1 = beta1;
        float b2 = beta2;
        float a1 = 1 - b1;
        float eps = epsilon;
        for (int i = from; i < to; i++) {
            float gi = clamp(g[i] * gs, clip) + wd * p[i];
            float mi = b1 * m[i] + a1 * gi;
            float ui = Math.max(b2 * u[i], Math.abs(gi) + eps);
            m[i] = mi;
            u[i] = ui;
            p[i] -= clr * mi / ui;
        }
    }

    @Override
    protected void hyperparameters(Map<String, Object> c) {
        c.put("beta_1", num(beta1));
        c.put("beta_2", num(beta2));
        c.put("epsilon", num(epsilon));
    }
}
