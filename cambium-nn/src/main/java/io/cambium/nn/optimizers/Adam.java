package io.cambium.nn.optimizers;

import io.cambium.nn.schedules.LearningRateSchedule;
import java.util.Map;

/**
 * Adam with the update of {@code torch.optim.Adam}, including AMSGrad and coupled (L2) weight
 * decay {@code g += wd * p}. Defaults follow Keras: rate 0.001, beta1 0.9, beta2 0.999,
 * epsilon 1e-7. The epsilon is added to the bias-corrected root of the second moment (PyTorch's
 * placement; Keras adds it to the uncorrected root, a difference only visible when
 * {@code sqrt(v)} is near epsilon).
 */
public final class Adam extends BaseOptimizer<Adam> {
    private float beta1 = 0.9f;
    private float beta2 = 0.999f;
    private float epsilon = 1e-7f;
    private final boolean amsgrad;

    /** Adam with Keras's defaults. */
    public Adam() {
        this(0.001f);
    }

    /** Adam with the given rate. */
    public Adam(double learningRate) {
        this(learningRate, false);
    }

    /** Adam, optionally AMSGrad. */
    public Adam(double learningRate, boolean amsgrad) {
        super(learningRate);
        this.amsgrad = amsgrad;
    }

    /** Adam following a schedule. */
    public Adam(LearningRateSchedule schedule, boolean amsgrad) {
        super(schedule);
        this.amsgrad = amsgrad;
    }

    /** The decay rates of the moment estimates. */
    public Adam betas(double b1, double b2) {
        Betas.check("adam", (float) b1, (float) b2);
        beta1 = (float) b1;
        beta2 = (float) b2;
        return this;
    }

    /** The denominator's epsilon. */
    public Adam epsilon(double eps) {
        epsilon = Betas.checkEpsilon("adam", (float) eps);
        return this;
    }

    @Override
    public String name() {
        return "adam";
    }

    @Override
    protected String[] slotNames() {
        return amsgrad ? new String[] {"m", "v", "vmax"} : new String[] {"m", "v"};
    }

    @Override
    protected void update(float[] p, float[] g, float gs, float clip, SlotState s, float lr, int from, int to) {
        AdamKernel.update(p, g, gs, clip, s, lr, beta1, beta2, epsilon, weightDecay, 0f, amsgrad, from, to);
    }

    @Override
    protected void hyperparameters(Map<String, Object> c) {
        c.put("beta_1", num(beta1));
        c.put("beta_2", num(beta2));
        c.put("epsilon", num(epsilon));
        c.put("amsgrad", amsgrad);
    }
}
