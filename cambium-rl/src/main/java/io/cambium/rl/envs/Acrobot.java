package io.cambium.rl.envs;

import io.cambium.rl.env.Env;
import io.cambium.rl.env.Reset;
import io.cambium.rl.env.Step;
import io.cambium.rl.render.Canvas;
import io.cambium.rl.spaces.Box;
import io.cambium.rl.spaces.Discrete;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.util.Map;

/**
 * Acrobot-v1 (Sutton's two-link acrobot as in Gymnasium, book dynamics): a torque of -1, 0 or +1
 * (actions 0, 1, 2) on the joint between two links of length 1 and mass 1 (centres of mass at
 * 0.5, moments of inertia 1, g 9.8), integrated over dt = 0.2 s with one classic fourth-order
 * Runge-Kutta step. Angles are wrapped to [-π, π], angular velocities bounded to ±4π and ±9π.
 * Observation {@code (cos θ1, sin θ1, cos θ2, sin θ2, θ̇1, θ̇2)}; reward -1 per step and 0 on the
 * terminating step, which comes when {@code -cos θ1 - cos(θ2 + θ1) > 1}. Gymnasium registers it
 * with a 500-step time limit. The initial state is uniform in [-0.1, 0.1]^4, rounded to float32
 * as in Gymnasium (reset options {@code low}, {@code high}).
 */
public final class Acrobot extends Env<float[], Integer> {
    static final double DT = 0.2;
    static final double LINK_LENGTH_1 = 1.0;
    static final double LINK_LENGTH_2 = 1.0;
    static final double LINK_MASS_1 = 1.0;
    static final double LINK_MASS_2 = 1.0;
    static final double LINK_COM_POS_1 = 0.5;
    static final double LINK_COM_POS_2 = 0.5;
    static final double LINK_MOI = 1.0;
    static final double MAX_VEL_1 = 4 * Math.PI;
    static final double MAX_VEL_2 = 9 * Math.PI;
    static final double[] AVAIL_TORQUE = {-1.0, 0.0, 1.0};


    private static final Box OBSERVATIONS = Box.symmetric(1f, 1f, 1f, 1f, (float) MAX_VEL_1, (float) MAX_VEL_2);

    private final Discrete actionSpace = new Discrete(3);
    private double[] state;

    @Override
    public String id() {
        return "Acrobot-v1";
    }

    @Override
    public Box observationSpace() {
        return OBSERVATIONS;
    }

    @Override
    public Discrete actionSpace() {
        return actionSpace;
    }

    @Override
    protected Reset<float[]> doReset(Long seed, Map<String, Object> options) {
        seedRandom(seed);
        double[] b = ResetOptions.bounds(id(), options, -0.1, 0.1);
        double[] s = random().uniform(b[0], b[1], 4);
        state = new double[4];
        for (int i = 0; i < 4; i++) {
            state[i] = (float) s[i];
        }
        return new Reset<>(observation(), Map.of());
    }

    @Override
    protected Step<float[]> doStep(Integer action) {
        double torque = AVAIL_TORQUE[action];
        double[] ns = rk4(state, torque);
        ns[0] = wrap(ns[0], -Math.PI, Math.PI);
        ns[1] = wrap(ns[1], -Math.PI, Math.PI);
        ns[2] = Math.min(Math.max(ns[2], -MAX_VEL_1), MAX_VEL_1);
        ns[3] = Math.min(Math.max(ns[3], -MAX_VEL_2), MAX_VEL_2);
        state = ns;
        boolean terminated = -Math.cos(state[0]) - Math.cos(state[1] + state[0]) > 1.0;
        return new Step<>(observation(), terminated ? 0.0 : -1.0, terminated, false, Map.of());
    }

    /** One Runge-Kutta step of dt, in the order of Gymnasium's {@code rk4} over {@code [0, dt]}. */
    private static double[] rk4(double[] y0, double a) {
        double dt = DT - 0.0;
        double dt2 = dt / 2.0;
        double[] k1 = dsdt(y0, a);
        double[] k2 = dsdt(add(y0, dt2, k1), a);
        double[] k3 = dsdt(add(y0, dt2, k2), a);
        double[] k4 = dsdt(add(y0, dt, k3), a);
        double[] out = new double[4];
        for (int i = 0; i < 4; i++) {
            out[i] = y0[i] + dt / 6.0 * (k1[i] + 2 * k2[i] + 2 * k3[i] + k4[i]);
        }
        return out;
    }

    private static double[] add(double[] y, double h, double[] k) {
        return new double[] {y[0] + h * k[0], y[1] + h * k[1], y[2] + h * k[2], y[3] + h * k[3]};
    }

    /** The time derivative of the state under torque {@code a} (the book's equations). */
    private static double[] dsdt(double[] s, double a) {
        double m1 = LINK_MASS_1;
        double m2 = LINK_MASS_2;
        double l1 = LINK_LENGTH_1;
        double lc1 = LINK_COM_POS_1;
        double lc2 = LINK_COM_POS_2;
        double i1 = LINK_MOI;
        double i2 = LINK_MOI;
        double g = 9.8;
        double theta1 = s[0];
        double theta2 = s[1];
        double dtheta1 = s[2];
        double dtheta2 = s[3];
        double d1 = m1 * (lc1 * lc1) + m2 * (l1 * l1 + lc2 * lc2 + 2 * l1 * lc2 * Math.cos(theta2)) + i1 + i2;
        double d2 = m2 * (lc2 * lc2 + l1 * lc2 * Math.cos(theta2)) + i2;
        double phi2 = m2 * lc2 * g * Math.cos(theta1 + theta2 - Math.PI / 2.0);
        double phi1 = -m2 * l1 * lc2 * (dtheta2 * dtheta2) * Math.sin(theta2)
                - 2 * m2 * l1 * lc2 * dtheta2 * dtheta1 * Math.sin(theta2)
                + (m1 * lc1 + m2 * l1) * g * Math.cos(theta1 - Math.PI / 2)
                + phi2;
        double ddtheta2 = (a + d2 / d1 * phi1 - m2 * l1 * lc2 * (dtheta1 * dtheta1) * Math.sin(theta2) - phi2)
                / (m2 * (lc2 * lc2) + i2 - (d2 * d2) / d1);
        double ddtheta1 = -(d2 * ddtheta2 + phi1) / d1;
        return new double[] {dtheta1, dtheta2, ddtheta1, ddtheta2};
    }

    /** Wraps {@code x} into [m, M] by whole turns (Gymnasium's {@code wrap}). */
    static double wrap(double x, double m, double bigM) {
        double diff = bigM - m;
        while (x > bigM) {
            x = x - diff;
        }
        while (x < m) {
            x = x + diff;
        }
        return x;
    }

    private float[] observation() {
        return new float[] {(float) Math.cos(state[0]), (float) Math.sin(state[0]), (float) Math.cos(state[1]),
            (float) Math.sin(state[1]), (float) state[2], (float) state[3]};
    }

    /** The float64 state {@code (θ1, θ2, θ̇1, θ̇2)} (a copy), or {@code null} before reset. */
    public double[] state() {
        return state == null ? null : state.clone();
    }

    /** A 500x500 picture of the two links and the target height, drawn as Gymnasium draws them. */
    @Override
    public BufferedImage render() {
        requireStarted("render()");
        int dim = 500;
        double bound = LINK_LENGTH_1 + LINK_LENGTH_2 + 0.2;
        double scale = dim / (bound * 2);
        double offset = dim / 2.0;
        Canvas c = new Canvas(dim, dim);
        c.line(-2.2 * scale + offset, 1 * scale + offset, 2.2 * scale + offset, 1 * scale + offset, 1f, Color.BLACK);
        double[] p1 = {-LINK_LENGTH_1 * Math.cos(state[0]) * scale, LINK_LENGTH_1 * Math.sin(state[0]) * scale};
        double[] p2 = {p1[0] - LINK_LENGTH_2 * Math.cos(state[0] + state[1]) * scale,
            p1[1] + LINK_LENGTH_2 * Math.sin(state[0] + state[1]) * scale};
        // Gymnasium swaps the coordinates ([:, ::-1]) so that the links hang down from the pivot.
        double[][] xys = {{0, 0}, {p1[1], p1[0]}, {p2[1], p2[0]}};
        double[] thetas = {state[0] - Math.PI / 2, state[0] + state[1] - Math.PI / 2};
        double[] lengths = {LINK_LENGTH_1 * scale, LINK_LENGTH_2 * scale};
        for (int i = 0; i < 2; i++) {
            double x = xys[i][0] + offset;
            double y = xys[i][1] + offset;
            c.rotatedRect(0, lengths[i], -0.1 * scale, 0.1 * scale, thetas[i], x, y, new Color(0, 204, 204));
            c.circle(x, y, 0.1 * scale, new Color(204, 204, 0));
        }
        return c.image();
    }
}
