package io.cambium.nn.optimizers;

import io.cambium.nn.schedules.LearningRateSchedule;
import java.util.Map;

/**
 * Adam with decoupled weight decay ({@code torch.optim.AdamW}, Keras's AdamW): before the Adam
 * step each weight is multiplied by {@code 1 - lr * weightDecay}. Defaults follow Keras: rate
 * 0.001, weight decay 0.004, beta1 0.9, beta2 0.999, epsilon 1e-7.
 */
public final class AdamW extends BaseOptimizer<AdamW> {
    private float beta1 = 0.9f;
    private float beta2 = 0.999f;
    private float epsilon = 1e-7f;
    private final boolean amsgrad;

    /** AdamW with Keras's defaults. */
    public AdamW() {
        this(0.001f);
    }

    /** AdamW with the given rate and Keras's weight decay 0.004. */
    public AdamW(double learningRate) {
        this(learningRate, 0.004f, false);
    }

    /** AdamW with the given rate and weight decay. */
    public AdamW(double learningRate, double weightDecay) {
        this(learningRate, weightDecay, false);
    }

    /** AdamW, optionally AMSGrad. */
    public AdamW(double learningRate, double weightDecay, boolean amsgrad) {
        super(learningRate);
        this.amsgrad = amsgrad;
        weightDecay(weightDecay);
    }

    /** AdamW following a schedule (the decay is scaled by the scheduled rate, as in PyTorch and Keras). */
    public AdamW(LearningRateSchedule schedule, double weightDecay, boolean amsgrad) {
        super(schedule);
        this.amsgrad = amsgrad;
        weightDecay(weightDecay);
    }

    /** The decay rates of the moment estimates. */
    public AdamW betas(double b1, double b2) {
        Betas.check("adamw", (float) b1, (float) b2);
        beta1 = (float) b1;
        beta2 = (float) b2;
        return this;
    }

    /** The denominator's epsilon. */
    public AdamW epsilon(double eps) {
        epsilon = Betas.checkEpsilon("adamw", (float) eps);
        return this;
    }

    @Override
    public String name() {
        return "adamw";
    }

    @Override
    protected String[] slotNames() {
        return amsgrad ? new String[] {"m", "v", "vmax"} : new String[] {"m", "v"};
    }

    @Override
    protected void update(float[] p, float[] g, float gs, float clip, SlotState s, float lr, int from, int to) {
        AdamKernel.update(p, g, gs, clip, s, lr, beta1, beta2, epsilon, 0f, weightDecay, amsgrad, from, to);
    }

    @Override
    protected void hyperparameters(Map<String, Object> c) {
        c.put("beta_1", num(beta1));
        c.put("beta_2", num(beta2));
        c.put("epsilon", num(epsilon));
        c.put("amsgrad", amsgrad);
    }
}
