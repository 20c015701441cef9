package io.cambium.nn.schedules;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Multiplies the rate by {@code gamma} every {@code stepSize} steps (PyTorch's {@code StepLR}):
 * {@code lr * gamma^floor(step / stepSize)}.
 */
public final class StepDecay implements LearningRateSchedule {
    private final double initialLearningRate;
    private final long stepSize;
    private final double gamma;

    /** A step decay; PyTorch's default gamma is 0.1. */
    public StepDecay(double initialLearningRate, long stepSize, double gamma) {
        this.initialLearningRate = Schedules.positive("StepDecay", "initial_learning_rate", initialLearningRate);
        this.stepSize = Schedules.positiveSteps("StepDecay", "step_size", stepSize);
        this.gamma = gamma;
    }

    @Override
    public double learningRate(long step) {
        return initialLearningRate * Math.pow(gamma, Math.floorDiv(step, stepSize));
    }

    @Override
    public Map<String, Object> config() {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("initial_learning_rate", initialLearningRate);
        c.put("step_size", stepSize);
        c.put("gamma", gamma);
        return c;
    }
}
