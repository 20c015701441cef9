package io.cambium.nn.schedules;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Keras's {@code CosineDecay} with optional linear warm-up. Without warm-up the rate is
 * {@code lr * ((1 - alpha) * 0.5 * (1 + cos(pi * min(step, decaySteps) / decaySteps)) + alpha)}
 * (PyTorch's {@code CosineAnnealingLR} with {@code eta_min = alpha * lr}). With warm-up the rate
 * rises linearly from {@code lr} to {@code warmupTarget} over {@code warmupSteps}, then decays
 * from {@code warmupTarget} as above.
 */
public final class CosineDecay implements LearningRateSchedule {
    private final double initialLearningRate;
    private final long decaySteps;
    private final double alpha;
    private final double warmupTarget;
    private final long warmupSteps;

    /** A cosine decay without warm-up. */
    public CosineDecay(double initialLearningRate, long decaySteps, double alpha) {
        this(initialLearningRate, decaySteps, alpha, Double.NaN, 0);
    }

    /**
     * A cosine decay after a linear warm-up from {@code initialLearningRate} to
     * {@code warmupTarget} ({@code NaN}: no warm-up).
     */
    public CosineDecay(double initialLearningRate, long decaySteps, double alpha, double warmupTarget, long warmupSteps) {
        if (!(initialLearningRate >= 0)) {
            throw new IllegalArgumentException("CosineDecay: initial_learning_rate must be >= 0, got " + initialLearningRate);
        }
        this.initialLearningRate = initialLearningRate;
        this.decaySteps = Schedules.positiveSteps("CosineDecay", "decay_steps", decaySteps);
        this.alpha = alpha;
        this.warmupTarget = warmupTarget;
        if (warmupSteps < 0) {
            throw new IllegalArgumentException("CosineDecay: warmup_steps must be >= 0, got " + warmupSteps);
        }
        this.warmupSteps = warmupSteps;
    }

    @Override
    public double learningRate(long step) {
        if (Double.isNaN(warmupTarget)) {
            return decay(Math.min(step, decaySteps), initialLearningRate);
        }
        long s = Math.min(step, decaySteps + warmupSteps);
        if (s < warmupSteps) {
            return initialLearningRate + (warmupTarget - initialLearningRate) * ((double) s / warmupSteps);
        }
        return decay(s - warmupSteps, warmupTarget);
    }

    private double decay(long step, double from) {
        double cosine = 0.5 * (1 + Math.cos(Math.PI * step / decaySteps));
        return from * ((1 - alpha) * cosine + alpha);
    }

    @Override
    public Map<String, Object> config() {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("initial_learning_rate", initialLearningRate);
        c.put("decay_steps", decaySteps);
        c.put("alpha", alpha);
        c.put("warmup_target", Double.isNaN(warmupTarget) ? null : warmupTarget);
        c.put("warmup_steps", warmupSteps);
        return c;
    }
}
