package io.cambium.nn.schedules;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Keras's {@code ExponentialDecay}: {@code lr * decayRate^(step / decaySteps)}, with the exponent
 * floored when {@code staircase} is set.
 */
public final class ExponentialDecay implements LearningRateSchedule {
    private final double initialLearningRate;
    private final long decaySteps;
    private final double decayRate;
    private final boolean staircase;

    /** An exponential decay. */
    public ExponentialDecay(double initialLearningRate, long decaySteps, double decayRate, boolean staircase) {
        this.initialLearningRate = Schedules.positive("ExponentialDecay", "initial_learning_rate", initialLearningRate);
        this.decaySteps = Schedules.positiveSteps("ExponentialDecay", "decay_steps", decaySteps);
        this.decayRate = decayRate;
        this.staircase = staircase;
    }

    @Override
    public double learningRate(long step) {
        double p = (double) step / decaySteps;
        if (staircase) {
            p = Math.floor(p);
        }
        return initialLearningRate * Math.pow(decayRate, p);
    }

    @Override
    public Map<String, Object> config() {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("initial_learning_rate", initialLearningRate);
        c.put("decay_steps", decaySteps);
        c.put("decay_rate", decayRate);
        c.put("staircase", staircase);
        return c;
    }
}
