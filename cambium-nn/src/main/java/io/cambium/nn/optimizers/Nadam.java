package io.cambium.nn.optimizers;

import io.cambium.nn.schedules.LearningRateSchedule;
import java.util.Map;

/**
 * Nadam (Adam with Nesterov momentum) with the momentum schedule of Dozat (2016), as in Keras's
 * Nadam and {@code torch.optim.NAdam}: {@code mu_t = b1 (1 - 0.5 * 0.96^(t * momentumDecay))},
 * {@code p -= lr (1 - mu_t) / (1 - prod mu) * g / d + lr mu_{t+1} / (1 - prod mu * mu_{t+1}) * m / d}
 * with {@code d = sqrt(v / (1 - b2^t)) + eps}. Keras fixes {@code momentumDecay} at 0.004 (the
 * default here). PyTorch 1.13's default single-tensor NAdam multiplies the momentum product by
 * {@code mu_t} twice in the second term (fixed in PyTorch 2.0); this class follows Keras and the
 * corrected formula (PyTorch 1.13 with {@code foreach=True}). Defaults follow Keras: rate 0.001,
 * beta1 0.9, beta2 0.999, epsilon 1e-7.
 */
public final class Nadam extends BaseOptimizer<Nadam> {
    private float beta1 = 0.9f;
    private float beta2 = 0.999f;
    private float epsilon = 1e-7f;
    private double momentumDecay = 0.004;

    /** Nadam with Keras's defaults. */
    public Nadam() {
        this(0.001f);
    }

    /** Nadam with the given rate. */
    public Nadam(double learningRate) {
        super(learningRate);
    }

    /** Nadam following a schedule. */
    public Nadam(LearningRateSchedule schedule) {
        super(schedule);
    }

    /** The decay rates of the moment estimates. */
    public Nadam betas(double b1, double b2) {
        Betas.check("nadam", (float) b1, (float) b2);
        beta1 = (float) b1;
        beta2 = (float) b2;
        return this;
    }

    /** The epsilon. */
    public Nadam epsilon(double eps) {
        epsilon = Betas.checkEpsilon("nadam", (float) eps);
        return this;
    }

    /** The momentum decay of the mu schedule (PyTorch's {@code momentum_decay}, default 0.004). */
    public Nadam momentumDecay(double d) {
        if (!(d >= 0)) {
            throw new IllegalArgumentException("nadam: momentum_decay must be >= 0, got " + d);
        }
        momentumDecay = d;
        return this;
    }

    @Override
    public String name() {
        return "nadam";
    }

    @Override
    protected String[] slotNames() {
        return new String[] {"m", "v"};
    }

    @Override
    protected String[] scalarNames() {
        return new String[] {"mu_product"};
    }

    @Override
    protected void initSlots(SlotState s) {
        s.scalars[0] = 1.0;
    }

    @Override
    protected void update(float[] p, float[] g, float gs, float clip, SlotState s, float lr, int from, int to) {
        // The stored product covers the previous steps; afterUpdate advances it once per step.
        double t = s.step;
        double mu = beta1 * (1 - 0.5 * Math.pow(0.96, t * momentumDecay));
        double muNext = beta1 * (1 - 0.5 * Math.pow(0.96, (t + 1) * momentumDecay));
        double product = s.scalars[0] * mu;
        float c1 = (float) (lr * (1 - mu) / (1 - product));
        float c2 = (float) (lr * muNext / (1 - product * muNext));
        float invBc2 = (float) (1 / (1 - Math.pow(beta2, t)));
        float wd = weightDecay;
        float b1 = beta1;
        float b2 = beta2;
        float a1 = 1 - b1;
        float a2 = 1 - b2;
        float eps = epsilon;
        float[] m = s.slots[0];
        float[] v = s.slots[1];
        for (int i = from; i < to; i++) {
            float gi = clamp(g[i] * gs, clip) + wd * p[i];
            float mi = b1 * m[i] + a1 * gi;
            float vi = b2 * v[i] + a2 * gi * gi;
            m[i] = mi;
            v[i] = vi;
            float d = (float) Math.sqrt(vi * invBc2) + eps;
            p[i] -= c1 * gi / d + c2 * mi / d;
        }
    }

    @Override
    protected void afterUpdate(SlotState s) {
        s.scalars[0] *= beta1 * (1 - 0.5 * Math.pow(0.96, s.step * momentumDecay));
    }

    @Override
    protected void hyperparameters(Map<String, Object> c) {
        c.put("beta_1", num(beta1));
        c.put("beta_2", num(beta2));
        c.put("epsilon", num(epsilon));
        c.put("momentum_decay", momentumDecay);
    }
}
