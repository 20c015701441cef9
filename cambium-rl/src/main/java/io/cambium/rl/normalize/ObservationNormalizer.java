package io.cambium.rl.normalize;

/**
 * Normalizes observations with running statistics, {@code clip((x - mean) / sqrt(var + eps),
 * -clip, clip)} (Stable-Baselines3's {@code VecNormalize} observation part, eps 1e-8, clip 10).
 * An agent keeps its normalizer so that acting on raw observations after training (and after
 * loading) applies the same, frozen statistics.
 */
public final class ObservationNormalizer {
    private final RunningMeanStd stats;
    private final double clip;
    private final double epsilon;

    /** A normalizer of vectors of {@code size} elements with SB3's clip 10 and epsilon 1e-8. */
    public ObservationNormalizer(int size) {
        this(size, 10.0, 1e-8);
    }

    /** A normalizer with the given clip and epsilon. */
    public ObservationNormalizer(int size, double clip, double epsilon) {
        this.stats = new RunningMeanStd(size);
        this.clip = clip;
        this.epsilon = epsilon;
    }

    /** The running statistics. */
    public RunningMeanStd stats() {
        return stats;
    }

    /** The clip bound. */
    public double clip() {
        return clip;
    }

    /** Normalizes {@code rows} observations stored row by row, into a new array. */
    public float[] normalize(float[] batch, int rows) {
        double[] m = stats.mean();
        double[] v = stats.var();
        int d = m.length;
        float[] out = new float[rows * d];
        for (int r = 0; r < rows; r++) {
            for (int j = 0; j < d; j++) {
                double z = (batch[r * d + j] - m[j]) / Math.sqrt(v[j] + epsilon);
                out[r * d + j] = (float) Math.max(-clip, Math.min(clip, z));
            }
        }
        return out;
    }

    /** Normalizes one observation. */
    public float[] normalize(float[] observation) {
        return normalize(observation, 1);
    }
}
