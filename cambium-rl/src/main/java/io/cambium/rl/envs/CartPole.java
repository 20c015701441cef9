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
 * CartPole-v1 (Barto, Sutton and Anderson's cart-pole as in Gymnasium): push a cart left (0) or
 * right (1) with a force of 10 N to keep a pole upright. Observation: cart position, cart
 * velocity, pole angle, pole angular velocity (float32); reward +1 for every step including the
 * terminating one; terminates when the angle leaves ±12° or the position leaves ±2.4. Gymnasium
 * registers it with a 500-step time limit ({@link Envs#make(String)} adds it).
 *
 * <p>Dynamics as Gymnasium: gravity 9.8, cart mass 1.0, pole mass 0.1, half pole length 0.5,
 * explicit Euler with tau 0.02 s; the state is kept in float64 and rounded to float32 only in
 * the observation. The initial state is uniform in [-0.05, 0.05] (reset options {@code low},
 * {@code high}) from the seeded generator, so a seeded reset starts where Gymnasium's does.
 */
public final class CartPole extends Env<float[], Integer> {
    static final double GRAVITY = 9.8;
    static final double MASS_CART = 1.0;
    static final double MASS_POLE = 0.1;
    static final double TOTAL_MASS = MASS_POLE + MASS_CART;
    static final double LENGTH = 0.5;
    static final double POLE_MASS_LENGTH = MASS_POLE * LENGTH;
    static final double FORCE_MAG = 10.0;
    static final double TAU = 0.02;
    static final double THETA_THRESHOLD = 12 * 2 * Math.PI / 360;
    static final double X_THRESHOLD = 2.4;


    // The angle bound is twice the failure angle, so that the observation that fails is still in the space.
    private static final Box OBSERVATIONS = Box.symmetric((float) (X_THRESHOLD * 2), Float.MAX_VALUE,
            (float) (THETA_THRESHOLD * 2), Float.MAX_VALUE);

    private final Discrete actionSpace = new Discrete(2);
    private double[] state;

    @Override
    public String id() {
        return "CartPole-v1";
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
        double[] b = ResetOptions.bounds(id(), options, -0.05, 0.05);
        state = random().uniform(b[0], b[1], 4);
        return new Reset<>(observation(), Map.of());
    }

    @Override
    protected Step<float[]> doStep(Integer action) {
        double x = state[0];
        double xDot = state[1];
        double theta = state[2];
        double thetaDot = state[3];
        double force = action == 1 ? FORCE_MAG : -FORCE_MAG;
        double cos = Math.cos(theta);
        double sin = Math.sin(theta);
        double temp = (force + POLE_MASS_LENGTH * (thetaDot * thetaDot) * sin) / TOTAL_MASS;
        double thetaAcc = (GRAVITY * sin - cos * temp)
                / (LENGTH * (4.0 / 3.0 - MASS_POLE * (cos * cos) / TOTAL_MASS));
        double xAcc = temp - POLE_MASS_LENGTH * thetaAcc * cos / TOTAL_MASS;
        x = x + TAU * xDot;
        xDot = xDot + TAU * xAcc;
        theta = theta + TAU * thetaDot;
        thetaDot = thetaDot + TAU * thetaAcc;
        state = new double[] {x, xDot, theta, thetaDot};
        boolean terminated = x < -X_THRESHOLD || x > X_THRESHOLD || theta < -THETA_THRESHOLD || theta > THETA_THRESHOLD;
        return new Step<>(observation(), 1.0, terminated, false, Map.of());
    }

    private float[] observation() {
        return new float[] {(float) state[0], (float) state[1], (float) state[2], (float) state[3]};
    }

    /** The float64 state {@code (x, x_dot, theta, theta_dot)} (a copy), or {@code null} before reset. */
    public double[] state() {
        return state == null ? null : state.clone();
    }

    /** A 600x400 picture of the cart and pole, drawn as Gymnasium draws it. */
    @Override
    public BufferedImage render() {
        requireStarted("render()");
        int width = 600;
        int height = 400;
        double scale = width / (X_THRESHOLD * 2);
        double poleWidth = 10.0;
        double poleLen = scale * (2 * LENGTH);
        double cartWidth = 50.0;
        double cartHeight = 30.0;
        double cartX = state[0] * scale + width / 2.0;
        double cartY = 100;
        double axleOffset = cartHeight / 4.0;
        Canvas c = new Canvas(width, height);
        c.line(0, cartY, width, cartY, 1f, Color.BLACK);
        c.rotatedRect(-cartWidth / 2, cartWidth / 2, -cartHeight / 2, cartHeight / 2, 0, cartX, cartY, Color.BLACK);
        // The pole leans right for a positive angle: rotate by -theta.
        c.rotatedRect(-poleWidth / 2, poleWidth / 2, -poleWidth / 2, poleLen - poleWidth / 2, -state[2], cartX,
                cartY + axleOffset, new Color(202, 152, 101));
        c.circle(cartX, cartY + axleOffset, poleWidth / 2, new Color(129, 132, 203));
        return c.image();
    }
}
