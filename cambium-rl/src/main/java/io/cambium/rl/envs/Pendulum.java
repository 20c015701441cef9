package io.cambium.rl.envs;

import io.cambium.rl.env.Env;
import io.cambium.rl.env.Reset;
import io.cambium.rl.env.Step;
import io.cambium.rl.render.Canvas;
import io.cambium.rl.spaces.Box;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.util.Map;

/**
 * Pendulum-v1 (Gymnasium's inverted-pendulum swing-up): a torque in [-2, 2] (a float32 vector of
 * one element) swings a pendulum of mass 1 and length 1 under gravity {@code g} (default 10).
 * Observation {@code (cos θ, sin θ, θ̇)}; reward {@code -(norm(θ)^2 + 0.1 θ̇^2 + 0.001 u^2)} with θ
 * normalized to [-π, π); {@code θ̇ += (3g/2 sin θ + 3 u) dt}, clipped to ±8, {@code θ += θ̇ dt}
 * with dt 0.05. It never terminates; Gymnasium registers it with a 200-step time limit. The
 * initial state is uniform in [-π, π] x [-1, 1] (reset options {@code x_init}, {@code y_init}).
 *
 * <p>Arithmetic follows Gymnasium on NumPy 1.x: the torque stays float32 where NumPy keeps it
 * ({@code u**2}) and is widened to float64 where it meets a Python float.
 */
public final class Pendulum extends Env<float[], float[]> {
    static final double MAX_SPEED = 8;
    static final double MAX_TORQUE = 2.0;
    static final double DT = 0.05;
    static final double M = 1.0;
    static final double L = 1.0;

    private static final Box OBSERVATIONS = new Box(new float[] {-1f, -1f, (float) -MAX_SPEED},
            new float[] {1f, 1f, (float) MAX_SPEED});

    private final double g;
    private final Box actionSpace = new Box((float) -MAX_TORQUE, (float) MAX_TORQUE, 1);
    private double theta;
    private double thetaDot;
    private Float lastU;
    private boolean started;

    /** The pendulum with Gymnasium's default gravity 10. */
    public Pendulum() {
        this(10.0);
    }

    /** The pendulum under gravity {@code g}. */
    public Pendulum(double g) {
        if (!(g > 0) || Double.isInfinite(g)) {
            throw new IllegalArgumentException("Pendulum-v1: g must be positive and finite, got " + g);
        }
        this.g = g;
    }

    @Override
    public String id() {
        return "Pendulum-v1";
    }

    @Override
    public Box observationSpace() {
        return OBSERVATIONS;
    }

    @Override
    public Box actionSpace() {
        return actionSpace;
    }

    @Override
    protected Reset<float[]> doReset(Long seed, Map<String, Object> options) {
        seedRandom(seed);
        double x = ResetOptions.number(id(), options, "x_init", Math.PI);
        double y = ResetOptions.number(id(), options, "y_init", 1.0);
        theta = random().uniform(-x, x);
        thetaDot = random().uniform(-y, y);
        lastU = null;
        started = true;
        return new Reset<>(observation(), Map.of());
    }

    @Override
    protected Step<float[]> doStep(float[] action) {
        float u = Math.min(Math.max(action[0], (float) -MAX_TORQUE), (float) MAX_TORQUE);
        lastU = u;
        double an = angleNormalize(theta);
        float u2 = u * u;
        double costs = an * an + 0.1 * (thetaDot * thetaDot) + 0.001 * u2;
        double newThetaDot = thetaDot + (3 * g / (2 * L) * Math.sin(theta) + 3.0 / (M * (L * L)) * u) * DT;
        newThetaDot = Math.min(Math.max(newThetaDot, -MAX_SPEED), MAX_SPEED);
        double newTheta = theta + newThetaDot * DT;
        theta = newTheta;
        thetaDot = newThetaDot;
        return new Step<>(observation(), -costs, false, false, Map.of());
    }

    /** {@code ((x + π) mod 2π) - π} with Python's modulo (the result takes the divisor's sign). */
    static double angleNormalize(double x) {
        double b = 2 * Math.PI;
        double m = (x + Math.PI) % b;
        if (m != 0 && (m < 0) != (b < 0)) {
            m += b;
        }
        return m - Math.PI;
    }

    private float[] observation() {
        return new float[] {(float) Math.cos(theta), (float) Math.sin(theta), (float) thetaDot};
    }

    /** The float64 state {@code (θ, θ̇)}, or {@code null} before reset. */
    public double[] state() {
        return started ? new double[] {theta, thetaDot} : null;
    }

    /** A 500x500 picture of the rod and, after a step, an arc showing the last torque. */
    @Override
    public BufferedImage render() {
        requireStarted("render()");
        int dim = 500;
        double scale = dim / (2.2 * 2);
        double offset = dim / 2.0;
        double rodLength = scale;
        double rodWidth = 0.2 * scale;
        Color red = new Color(204, 77, 77);
        Canvas c = new Canvas(dim, dim);
        double angle = theta + Math.PI / 2;
        c.rotatedRect(0, rodLength, -rodWidth / 2, rodWidth / 2, angle, offset, offset, red);
        c.circle(offset, offset, rodWidth / 2, red);
        c.circle(offset + rodLength * Math.cos(angle), offset + rodLength * Math.sin(angle), rodWidth / 2, red);
        if (lastU != null && lastU != 0) {
            // Gymnasium blits a clockwise-arrow image scaled by |u|; an arc of that size stands in for it.
            double r = scale * Math.abs(lastU) / 4;
            int n = 24;
            double[][] arc = new double[n][];
            for (int i = 0; i < n; i++) {
                double a = Math.signum(lastU) * (Math.PI * 1.5) * i / (n - 1);
                arc[i] = new double[] {offset + r * Math.cos(a), offset + r * Math.sin(a)};
            }
            c.polyline(arc, 3f, Color.DARK_GRAY);
        }
        c.circle(offset, offset, 0.05 * scale, Color.BLACK);
        return c.image();
    }
}
