package io.cambium.nn.optimizers;

import io.cambium.nn.schedules.LearningRateSchedule;
import java.util.Map;

/**
 * Stochastic gradient descent with optional momentum, dampening and Nesterov momentum, with the
 * update of {@code torch.optim.SGD}: {@code g += wd * p; b = momentum * b + (1 - dampening) * g}
 * (the first step sets {@code b = g}); {@code p -= lr * (nesterov ? g + momentum * b : b)}.
 * With a constant rate and no dampening this equals Keras's SGD. Default rate 0.01 (Keras).
 */
public final class SGD extends BaseOptimizer<SGD> {
    private final float momentum;
    private final boolean nesterov;
    private float dampening;

    /** Plain SGD with Keras's default learning rate 0.01. */
    public SGD() {
        this(0.01f);
    }

    /** Plain SGD. */
    public SGD(double learningRate) {
        this(learningRate, 0f, false);
    }

    /** SGD with momentum. */
    public SGD(double learningRate, double momentum) {
        this(learningRate, momentum, false);
    }

    /** SGD with momentum, optionally Nesterov's. */
    public SGD(double learningRate, double momentum, boolean nesterov) {
        super(learningRate);
        this.momentum = checkMomentum((float) momentum, nesterov);
        this.nesterov = nesterov;
    }

    /** SGD following a schedule. */
    public SGD(LearningRateSchedule schedule, double momentum, boolean nesterov) {
        super(schedule);
        this.momentum = checkMomentum((float) momentum, nesterov);
        this.nesterov = nesterov;
    }

    private static float checkMomentum(float momentum, boolean nesterov) {
        if (!(momentum >= 0)) {
            throw new IllegalArgumentException("sgd: momentum must be >= 0, got " + momentum);
        }
        if (nesterov && momentum == 0) {
            throw new IllegalArgumentException("sgd: Nesterov momentum needs a positive momentum");
        }
        return momentum;
    }

    /** The dampening of the momentum (PyTorch; default 0). */
    public SGD dampening(double d) {
        if (nesterov && d != 0) {
            throw new IllegalArgumentException("sgd: Nesterov momentum needs zero dampening");
        }
        dampening = (float) d;
        return this;
    }

    @Override
    public String name() {
        return "sgd";
    }

    @Override
    protected String[] slotNames() {
        return momentum != 0 ? new String[] {"momentum"} : new String[0];
    }

    @Override
    protected void update(float[] p, float[] g, float gs, float clip, SlotState s, float lr, int from, int to) {
        float wd = weightDecay;
        if (momentum == 0) {
            for (int i = from; i < to; i++) {
                float gi = clamp(g[i] * gs, clip) + wd * p[i];
                p[i] -= lr * gi;
            }
            return;
        }
        float[] buf = s.slots[0];
        float mom = momentum;
        float keep = 1 - dampening;
        boolean first = s.step == 1;
        for (int i = from; i < to; i++) {
            float gi = clamp(g[i] * gs, clip) + wd * p[i];
            float b = first ? gi : mom * buf[i] + keep * gi;
            buf[i] = b;
            p[i] -= lr * (nesterov ? gi + mom * b : b);
        }
    }

    @Override
    protected void hyperparameters(Map<String, Object> c) {
        c.put("momentum", num(momentum));
        c.put("nesterov", nesterov);
        c.put("dampening", num(dampening));
    }
}
