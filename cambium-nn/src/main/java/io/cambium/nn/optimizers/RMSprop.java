package io.cambium.nn.optimizers;

import io.cambium.nn.schedules.LearningRateSchedule;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * RMSprop: {@code s = rho s + (1-rho) g^2}; centered: {@code a = rho a + (1-rho) g}. Two updates,
 * which differ in where epsilon goes:
 * <ul>
 *   <li>PyTorch's ({@code torch.optim.RMSprop}, the default): epsilon outside the square root,
 *       {@code d = sqrt(s - a^2) + eps} (centered) or {@code d = sqrt(s) + eps}; with momentum
 *       {@code b = momentum b + g / d; p -= lr b}, else {@code p -= lr g / d};</li>
 *   <li>Keras's ({@link #epsilonInsideSqrt(boolean) epsilonInsideSqrt(true)}): epsilon inside,
 *       {@code d = sqrt(s - a^2 + eps)} or {@code d = sqrt(s + eps)}; the increment
 *       {@code lr g / d} goes into the momentum, {@code m = momentum m + lr g / d; p -= m} (the
 *       same as PyTorch's {@code lr b} while the rate is constant).</li>
 * </ul>
 * The two agree when {@code eps} is negligible against {@code sqrt(s)}; with Keras's 1e-7 they
 * part only for gradients of about 1e-7 and below, with a larger epsilon at once. Defaults follow
 * Keras: rate 0.001, rho 0.9, momentum 0, epsilon 1e-7.
 */
public final class RMSprop extends BaseOptimizer<RMSprop> {
    private float rho = 0.9f;
    private float epsilon = 1e-7f;
    private final float momentum;
    private final boolean centered;
    private boolean epsilonInsideSqrt;

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

    /**
     * Keras's placement of epsilon, inside the square root ({@code true}), or PyTorch's, outside
     * (the default); see the class documentation for both updates.
     */
    public RMSprop epsilonInsideSqrt(boolean inside) {
        epsilonInsideSqrt = inside;
        return this;
    }

    /** Whether epsilon is inside the square root (Keras) rather than outside (PyTorch). */
    public boolean epsilonInsideSqrt() {
        return epsilonInsideSqrt;
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
        boolean inside = epsilonInsideSqrt;
        for (int i = from; i < to; i++) {
            float gi = clamp(g[i] * gs, clip) + wd * p[i];
            float si = r * sq[i] + a * gi * gi;
            sq[i] = si;
            float v = si;
            if (avg != null) {
                float ai = r * avg[i] + a * gi;
                avg[i] = ai;
                v = si - ai * ai;
            }
            if (inside) {
                // Keras: the increment lr g / sqrt(v + eps) goes into the momentum.
                float inc = lr * gi / (float) Math.sqrt(v + eps);
                if (buf != null) {
                    float m = mom * buf[i] + inc;
                    buf[i] = m;
                    p[i] -= m;
                } else {
                    p[i] -= inc;
                }
            } else {
                // PyTorch: the momentum holds g / (sqrt(v) + eps), the rate is applied after.
                float d = (float) Math.sqrt(v) + eps;
                if (buf != null) {
                    float b2 = mom * buf[i] + gi / d;
                    buf[i] = b2;
                    p[i] -= lr * b2;
                } else {
                    p[i] -= lr * gi / d;
                }
            }
        }
    }

    @Override
    protected void hyperparameters(Map<String, Object> c) {
        c.put("rho", num(rho));
        c.put("momentum", num(momentum));
        c.put("epsilon", num(epsilon));
        c.put("centered", centered);
        c.put("epsilon_inside_sqrt", epsilonInsideSqrt);
    }
}
