package io.cambium.nn.schedules;

import java.util.Map;

/**
 * A learning rate as a function of the optimizer step (Keras's {@code LearningRateSchedule}). The
 * step is the number of updates applied before the one that uses the rate, so the first update
 * uses {@code learningRate(0)}, like Keras's {@code optimizer.iterations} and a PyTorch scheduler
 * stepped once per batch.
 */
public interface LearningRateSchedule {
    /** The learning rate for the update that follows {@code step} earlier updates. */
    double learningRate(long step);

    /** The hyperparameters, JSON-compatible, for {@link Schedules#fromConfig(Map)}. */
    Map<String, Object> config();

    /** The Keras-style class name, such as {@code CosineDecay}. */
    default String className() {
        return getClass().getSimpleName();
    }
}
