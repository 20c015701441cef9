package io.cambium.nn.optimizers;

import io.cambium.nn.schedules.LearningRateSchedule;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * RMSprop with the update of {@code torch.optim.RMSprop}: {@code s = rho s + (1-rho) g^2};
 * centered: {@code a = rho a + (1-rho) g} and {@code d = sqrt(s - a^2) + eps}, else
 * {@code d = sqrt(s) + eps}; with momentum {@code b = momentum b + g / d; p -= lr b}, else
 * {@code p -= lr g / d}. Defaults follow Keras: rate 0.001, rho 0.9, momentum 0, epsilon 1e-7.
 */
public final class RMSprop extends BaseOptimizer<RMSprop> {
    private float rho = 0.9f;
    private float epsilon = 1e-7f;
    private final float momentum;
    private final boolean centered;

    /** RMSprop with Keras's defaults. */
    public RMSprop() {
        this(0.001f);
    }

    /** RMSprop with the given rate. */
    public RMSprop(double learningRate) {
        this(learningRate, 0f, false);
    }

    /** RMSprop with momentum and optional centering. */
    public RMSprop(double learningRate, double momentum, boolean centered) {
        super(learningRate);
        this.momentum = check((float) momentum);
        this.centered = centered;
    }

    /** RMSprop following a schedule. */
    public RMSprop(LearningRateSchedule schedule, double momentum, boolean centered) {
        super(schedule);
        this.momentum = check((float) momentum);
        this.centered = centered;
    }

    private static float check(float momentum) {
        if (!(momentum >= 0)) {
            throw new IllegalArgumentException("rmsprop: momentum must be >= 0, got " + momentum);
        }
        return momentum;
    }

    /** The decay of the squared-gradient average (PyTorch's {@code alpha}). */
    public RMSprop rho(double r) {
        rho = Betas.checkRate("rmsprop", "rho", (float) r);
        return this;
    }

    /** The epsilon. */
    public RMSprop epsilon(double eps) {
        epsilon = Betas.checkEpsilon("rmsprop", (float) eps);
        return this;
    }

    @Override
    public String name() {
        return "rmsprop";
    }

    @Override
    protected String[] slotNames() {
        List<String> n = new ArrayList<>(List.of("square_avg"));
        if (momentum > 0) {
            n.add("momentum");
        }
        if (centered) {
            n.add("grad_avg");
        }
        return n.toArray(new String[0]);
    }

    @Override
    protected void update(float[] p, float[] g, float gs, float clip, SlotState s, float lr, int from, int to) {
        float[] sq = s.slots[0];
        float[] buf = momentum > 0 ? s.slots[1] : null;
        float[] avg = centered ? s.slots[momentum > 0 ? 2 : 1] : null;
        float r = rho;
        float a = 1 - r;
        float wd = weightDecay;
        float eps = epsilon;
        float mom = momentum;
        for (int i = from; i < to; i++) {
            float gi = clamp(g[i] * gs, clip) + wd * p[i];
            float si = r * sq[i] + a * gi * gi;
            sq[i] = si;
            float d;
            if (avg != null) {
                float ai = r * avg[i] + a * gi;
                avg[i] = ai;
                d = (float) Math.sqrt(si - ai * ai) + eps;
            } else {
                d = (float) Math.sqrt(si) + eps;
            }
            if (buf != null) {
                float b = mom * buf[i] + gi / d;
                buf[i] = b;
                p[i] -= lr * b;
            } else {
                p[i] -= lr * gi / d;
            }
        }
    }

    @Override
    protected void hyperparameters(Map<String, Object> c) {
        c.put("rho", num(rho));
        c.put("momentum", num(momentum));
        c.put("epsilon", num(epsilon));
        c.put("centered", centered);
    }
}
