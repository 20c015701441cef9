package io.cambium.nn.schedules;

import java.util.LinkedHashMap;
import java.util.Map;

/** The same learning rate at every step. */
public final class ConstantSchedule implements LearningRateSchedule {
    private final double learningRate;

    /** A constant rate. */
    public ConstantSchedule(double learningRate) {
        this.learningRate = Schedules.positive("ConstantSchedule", "learning_rate", learningRate);
    }

    @Override
    public double learningRate(long step) {
        return learningRate;
    }

    @Override
    public Map<String, Object> config() {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("learning_rate", learningRate);
        return c;
    }
}
