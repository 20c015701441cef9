package io.cambium.rl.agents;

import io.cambium.rl.env.Env;
import io.cambium.rl.env.Reset;
import io.cambium.rl.env.Step;
import io.cambium.rl.spaces.Box;
import java.util.Map;

/**
 * A one-step continuous task for the Gaussian policies: observe x uniform in [-1, 1], act a in
 * [-2, 2], get -(a - x)^2. The optimal deterministic policy returns 0; the initial Gaussian
 * policy (mean near 0, std 1) about -4/3.
 */
public final class TargetEnv extends Env<float[], float[]> {
    private final Box obs = new Box(-1f, 1f, 1);
    private final Box act = new Box(-2f, 2f, 1);
    private float x;

    @Override
    public String id() {
        return "Target-v0";
    }

    @Override
    public Box observationSpace() {
        return obs;
    }

    @Override
    public Box actionSpace() {
        return act;
    }

    @Override
    protected Reset<float[]> doReset(Long seed, Map<String, Object> options) {
        seedRandom(seed);
        x = (float) random().uniform(-1, 1);
        return new Reset<>(new float[] {x}, Map.of());
    }

    @Override
    protected Step<float[]> doStep(float[] a) {
        double d = a[0] - x;
        return new Step<>(new float[] {x}, -d * d, true, false, Map.of());
    }
}
