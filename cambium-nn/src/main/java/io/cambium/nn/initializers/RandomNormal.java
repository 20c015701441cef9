package io.cambium.nn.initializers;

import io.cambium.tensor.Tensor;
import io.cambium.tensor.random.Rng;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Normal samples with the given mean and standard deviation; when {@code truncated}, samples more
 * than two standard deviations from the mean are redrawn (Keras's TruncatedNormal).
 */
public final class RandomNormal implements SerializableInitializer {
    private final double mean;
    private final double stddev;
    private final boolean truncated;

    /** A (possibly truncated) normal initializer. */
    public RandomNormal(double mean, double stddev, boolean truncated) {
        if (!(stddev >= 0)) {
            throw new IllegalArgumentException(
                    (truncated ? "TruncatedNormal" : "RandomNormal") + ": stddev must be >= 0, got " + stddev);
        }
        this.mean = mean;
        this.stddev = stddev;
        this.truncated = truncated;
    }

    @Override
    public Tensor initialize(int[] shape, Rng rng) {
        Tensor t = Tensor.zeros(shape);
        fill(t.data(), rng, mean, stddev, truncated);
        return t;
    }

    /** Fills {@code d} with (truncated at two standard deviations) normal samples. */
    static void fill(float[] d, Rng rng, double mean, double stddev, boolean truncated) {
        for (int i = 0; i < d.length; i++) {
            double z = rng.nextGaussian();
            while (truncated && Math.abs(z) > 2) {
                z = rng.nextGaussian();
            }
            d[i] = (float) (mean + stddev * z);
        }
    }

    @Override
    public String className() {
        return truncated ? "TruncatedNormal" : "RandomNormal";
    }

    @Override
    public Map<String, Object> config() {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("mean", mean);
        c.put("stddev", stddev);
        return c;
    }
}
