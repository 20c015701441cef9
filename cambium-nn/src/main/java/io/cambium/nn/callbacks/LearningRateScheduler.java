package io.cambium.nn.callbacks;

import java.util.Map;
import java.util.function.BiFunction;

/**
 * Sets the learning rate at the start of each epoch from {@code schedule(epoch, currentLr)}
 * (Keras's LearningRateScheduler; epochs from 0). Adds {@code lr} to the logs.
 */
public class LearningRateScheduler extends Callback {
    private final BiFunction<Integer, Double, Double> schedule;

    /** A scheduler calling {@code schedule(epoch, lr)}. */
    public LearningRateScheduler(BiFunction<Integer, Double, Double> schedule) {
        this.schedule = schedule;
    }

    @Override
    public void onEpochBegin(int epoch, Map<String, Double> logs) {
        double lr = model().optimizer().learningRate();
        Double next = schedule.apply(epoch, lr);
        if (next == null || next.isNaN() || next < 0) {
            throw new IllegalArgumentException("LearningRateScheduler: the schedule returned " + next
                    + " for epoch " + epoch);
        }
        model().optimizer().setLearningRate(next.floatValue());
    }

    @Override
    public void onEpochEnd(int epoch, Map<String, Double> logs) {
        logs.put("lr", (double) model().optimizer().learningRate());
    }
}
