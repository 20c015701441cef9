package io.cambium.nn.optimizers;

import io.cambium.nn.schedules.LearningRateSchedule;
import java.util.Arrays;
import java.util.Map;

/**
 * Adagrad with the update of {@code torch.optim.Adagrad}: {@code s += g^2;
 * p -= lr / (1 + (t - 1) lrDecay) * g / (sqrt(s) + eps)}, the sum starting at
 * {@code initialAccumulatorValue}. Defaults follow Keras: rate 0.001, initial accumulator 0.1,
 * epsilon 1e-7 (Keras puts epsilon inside the root; the two agree unless {@code s} is tiny).
 */
public final class Adagrad extends BaseOptimizer<Adagrad> {
    private float initialAccumulatorValue = 0.1f;
    private float epsilon = 1e-7f;
    private float lrDecay;

    /** Adagrad with Keras's defaults. */
    public Adagrad() {
        this(0.001f);
    }

    /** Adagrad with the given rate. */
    public Adagrad(double learningRate) {
        super(learningRate);
    }

    /** Adagrad following a schedule. */
    public Adagrad(LearningRateSchedule schedule) {
        super(schedule);
    }

    /** The starting value of the squared-gradient sum. */
    public Adagrad initialAccumulatorValue(double v) {
        if (!(v >= 0)) {
            throw new IllegalArgumentException("adagrad: initial_accumulator_value must be >= 0, got " + v);
        }
        initialAccumulatorValue = (float) v;
        return this;
    }

    /** The epsilon. */
    public Adagrad epsilon(double eps) {
        epsilon = Betas.checkEpsilon("adagrad", (float) eps);
        return this;
    }

    /** PyTorch's {@code lr_decay} (default 0). */
    public Adagrad lrDecay(double d) {
        if (!(d >= 0)) {
            throw new IllegalArgumentException("adagrad: lr_decay must be >= 0, got " + d);
        }
        lrDecay = (float) d;
        return this;
    }

    @Override
    public String name() {
        return "adagrad";
    }

    @Override
    protected String[] slotNames() {
        return new String[] {"sum"};
    }

    @Override
    protected void initSlots(SlotState s) {
        Arrays.fill(s.slots[0], initialAccumulatorValue);
    }

    @Override
    protected void update(float[] p, float[] g, float gs, float clip, SlotState s, float lr, int from, int to) {
        float[] sum = s.slots[0];
        float clr = (float) (lr / (1 + (s.step - 1) * num(lrDecay)));
        float wd = weightDecay;
        float eps = epsilon;
        for (int i = from; i < to; i++) {
            float gi = clamp(g[i] * gs, clip) + wd * p[i];
            float si = sum[i] + gi * gi;
            sum[i] = si;
            p[i] -= clr * gi / ((float) Math.sqrt(si) + eps);
        }
    }

    @Override
    protected void hyperparameters(Map<String, Object> c) {
        c.put("initial_accumulator_value", num(initialAccumulatorValue));
        c.put("epsilon", num(epsilon));
        c.put("lr_decay", num(lrDecay));
    }
}
