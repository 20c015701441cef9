package io.cambium.nn.schedules;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Cosine decay with warm restarts (SGDR, Keras's {@code CosineDecayRestarts}): the first period
 * lasts {@code firstDecaySteps}, each next one is {@code tMul} times longer and starts at
 * {@code mMul} times the previous peak; {@code alpha} is the floor as a fraction of the rate.
 * With {@code mMul = 1} and an integer {@code tMul} this is PyTorch's
 * {@code CosineAnnealingWarmRestarts} with {@code eta_min = alpha * lr}.
 */
public final class CosineDecayRestarts implements LearningRateSchedule {
    private final double initialLearningRate;
    private final long firstDecaySteps;
    private final double tMul;
    private final double mMul;
    private final double alpha;

    /** SGDR with Keras's defaults tMul 2, mMul 1, alpha 0. */
    public CosineDecayRestarts(double initialLearningRate, long firstDecaySteps) {
        this(initialLearningRate, firstDecaySteps, 2.0, 1.0, 0.0);
    }

    /** SGDR. */
    public CosineDecayRestarts(double initialLearningRate, long firstDecaySteps, double tMul, double mMul, double alpha) {
        this.initialLearningRate = Schedules.positive("CosineDecayRestarts", "initial_learning_rate", initialLearningRate);
        this.firstDecaySteps = Schedules.positiveSteps("CosineDecayRestarts", "first_decay_steps", firstDecaySteps);
        if (!(tMul >= 1)) {
            throw new IllegalArgumentException("CosineDecayRestarts: t_mul must be >= 1, got " + tMul);
        }
        this.tMul = tMul;
        this.mMul = mMul;
        this.alpha = alpha;
    }

    @Override
    public double learningRate(long step) {
        double fraction = (double) step / firstDecaySteps;
        double restart;
        if (tMul == 1.0) {
            restart = Math.floor(fraction);
            fraction -= restart;
        } else {
            restart = Math.floor(Math.log(1 - fraction * (1 - tMul)) / Math.log(tMul));
            double done = (1 - Math.pow(tMul, restart)) / (1 - tMul);
            fraction = (fraction - done) / Math.pow(tMul, restart);
        }
        double cosine = 0.5 * Math.pow(mMul, restart) * (1 + Math.cos(Math.PI * fraction));
        return initialLearningRate * ((1 - alpha) * cosine + alpha);
    }

    @Override
    public Map<String, Object> config() {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("initial_learning_rate", initialLearningRate);
        c.put("first_decay_steps", firstDecaySteps);
        c.put("t_mul", tMul);
        c.put("m_mul", mMul);
        c.put("alpha", alpha);
        return c;
    }
}
