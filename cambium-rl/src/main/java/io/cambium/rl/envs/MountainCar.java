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
 * MountainCar-v0 (Moore's mountain car as in Gymnasium): accelerate left (0), not at all (1) or
 * right (2) to drive an underpowered car up the right hill. {@code velocity += (action - 1) *
 * 0.001 - cos(3 * position) * 0.0025}, clipped to ±0.07; {@code position += velocity}, clipped to
 * [-1.2, 0.6], with the velocity zeroed when the car hits the left wall. Reward -1 per step;
 * terminates when {@code position >= 0.5} (with a non-negative velocity). Gymnasium registers it
 * with a 200-step time limit. The initial position is uniform in [-0.6, -0.4] (reset options
 * {@code low}, {@code high}), the velocity 0.
 */
public final class MountainCar extends Env<float[], Integer> {
    static final double MIN_POSITION = -1.2;
    static final double MAX_POSITION = 0.6;
    static final double MAX_SPEED = 0.07;
    static final double GOAL_POSITION = 0.5;
    static final double GOAL_VELOCITY = 0;
    static final double FORCE = 0.001;
    static final double GRAVITY = 0.0025;

    private static final Box OBSERVATIONS = new Box(new float[] {(float) MIN_POSITION, (float) -MAX_SPEED},
            new float[] {(float) MAX_POSITION, (float) MAX_SPEED});

    private final Discrete actionSpace = new Discrete(3);
    private double position;
    private double velocity;
    private boolean started;

    @Override
    public String id() {
        return "MountainCar-v0";
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
        double[] b = ResetOptions.bounds(id(), options, -0.6, -0.4);
        position = random().uniform(b[0], b[1]);
        velocity = 0;
        started = true;
        return new Reset<>(observation(), Map.of());
    }

    @Override
    protected Step<float[]> doStep(Integer action) {
        velocity += (action - 1) * FORCE + Math.cos(3 * position) * (-GRAVITY);
        velocity = Math.min(Math.max(velocity, -MAX_SPEED), MAX_SPEED);
        position += velocity;
        position = Math.min(Math.max(position, MIN_POSITION), MAX_POSITION);
        if (position == MIN_POSITION && velocity < 0) {
            velocity = 0;
        }
        boolean terminated = position >= GOAL_POSITION && velocity >= GOAL_VELOCITY;
        return new Step<>(observation(), -1.0, terminated, false, Map.of());
    }

    private float[] observation() {
        return new float[] {(float) position, (float) velocity};
    }

    /** The float64 state {@code (position, velocity)}, or {@code null} before reset. */
    public double[] state() {
        return started ? new double[] {position, velocity} : null;
    }

    private static double height(double x) {
        return Math.sin(3 * x) * 0.45 + 0.55;
    }

    /** A 600x400 picture of the valley, the car and the flag, drawn as Gymnasium draws them. */
    @Override
    public BufferedImage render() {
        requireStarted("render()");
        int width = 600;
        double scale = width / (MAX_POSITION - MIN_POSITION);
        Canvas c = new Canvas(width, 400);
        double[][] track = new double[100][];
        for (int i = 0; i < 100; i++) {
            double x = MIN_POSITION + (MAX_POSITION - MIN_POSITION) * i / 99;
            track[i] = new double[] {(x - MIN_POSITION) * scale, height(x) * scale};
        }
        c.polyline(track, 1.5f, Color.BLACK);
        double clearance = 10;
        double angle = Math.cos(3 * position);
        double px = (position - MIN_POSITION) * scale;
        double py = clearance + height(position) * scale;
        c.rotatedRect(-20, 20, 0, 20, angle, px, py, Color.BLACK);
        for (double wx : new double[] {10, -10}) {
            double cx = wx * Math.cos(angle) + px;
            double cy = wx * Math.sin(angle) + py;
            c.circle(cx, cy, 8, new Color(128, 128, 128));
        }
        double flagX = (GOAL_POSITION - MIN_POSITION) * scale;
        double flagY1 = height(GOAL_POSITION) * scale;
        double flagY2 = flagY1 + 50;
        c.line(flagX, flagY1, flagX, flagY2, 1.5f, Color.BLACK);
        c.polygon(new double[][] {{flagX, flagY2}, {flagX, flagY2 - 10}, {flagX + 25, flagY2 - 5}}, new Color(204, 204, 0));
        return c.image();
    }
}
