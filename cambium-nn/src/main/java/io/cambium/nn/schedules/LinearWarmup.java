package io.cambium.nn.schedules;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A linear warm-up in front of another schedule: during the first {@code warmupSteps} steps the
 * rate is {@code inner(0) * (startFactor + (1 - startFactor) * step / warmupSteps)}, afterwards
 * {@code inner(step - warmupSteps)}. This is PyTorch's {@code SequentialLR} of
 * {@code LinearLR(start_factor, total_iters=warmupSteps)} and the inner scheduler.
 */
public final class LinearWarmup implements LearningRateSchedule {
    private final LearningRateSchedule inner;
    private final long warmupSteps;
    private final double startFactor;

    /** A warm-up from {@code startFactor * inner(0)} to {@code inner(0)}. */
    public LinearWarmup(LearningRateSchedule inner, long warmupSteps, double startFactor) {
        this.inner = inner;
        this.warmupSteps = Schedules.positiveSteps("LinearWarmup", "warmup_steps", warmupSteps);
        if (!(startFactor >= 0 && startFactor <= 1)) {
            throw new IllegalArgumentException("LinearWarmup: start_factor must be in [0, 1], got " + startFactor);
        }
        this.startFactor = startFactor;
    }

    @Override
    public double learningRate(long step) {
        if (step < warmupSteps) {
            return inner.learningRate(0) * (startFactor + (1 - startFactor) * ((double) step / warmupSteps));
        }
        return inner.learningRate(step - warmupSteps);
    }

    @Override
    public Map<String, Object> config() {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("schedule", Schedules.toConfig(inner));
        c.put("warmup_steps", warmupSteps);
        c.put("start_factor", startFactor);
        return c;
    }
}
