package io.cambium.compress.quantization;

import io.cambium.tensor.Tensor;
import io.cambium.tensor.quant.ActivationQuant;
import java.util.Arrays;

/**
 * The range from percentiles of the observed values (TensorRT's and NVIDIA's percentile
 * calibration): values beyond the {@code p}-th percentile (and below the {@code 100 - p}-th) are
 * clipped, so that rare outliers do not stretch the quantization step for all other values. Keeps a
 * deterministic sample of at most {@value #MAX_SAMPLE} values (every k-th value once the sample is
 * full, k doubling).
 */
public final class PercentileObserver implements Observer {
    /** The largest number of values kept. */
    public static final int MAX_SAMPLE = 1 << 20;
    private final double percentile;
    private float[] sample = new float[1024];
    private int size;
    private int stride = 1;
    private long seen;

    /**
     * An observer that keeps the values between the {@code 100 - percentile} and {@code percentile}
     * percentiles (e.g. 99.99).
     */
    public PercentileObserver(double percentile) {
        if (!(percentile > 50 && percentile <= 100)) {
            throw new IllegalArgumentException("PercentileObserver: percentile must be in (50, 100], got " + percentile);
        }
        this.percentile = percentile;
    }

    @Override
    public void observe(Tensor values) {
        for (float v : values.data()) {
            if (Float.isNaN(v)) {
                continue;
            }
            if (seen++ % stride != 0) {
                continue;
            }
            if (size == MAX_SAMPLE) {
                // thin the sample to every other value and halve the rate from now on
                for (int i = 0; i < size / 2; i++) {
                    sample[i] = sample[2 * i];
                }
                size /= 2;
                stride *= 2;
            }
            if (size == sample.length) {
                sample = Arrays.copyOf(sample, Math.min(MAX_SAMPLE, 2 * sample.length));
            }
            sample[size++] = v;
        }
    }

    @Override
    public ActivationQuant quantParams() {
        if (size == 0) {
            throw new IllegalStateException("PercentileObserver: nothing observed");
        }
        float[] s = Arrays.copyOf(sample, size);
        Arrays.sort(s);
        return ActivationQuant.ofRange(quantile(s, 100 - percentile), quantile(s, percentile));
    }

    /** Linear interpolation between closest ranks (NumPy's default). */
    static float quantile(float[] sorted, double p) {
        double pos = p / 100 * (sorted.length - 1);
        int lo = (int) Math.floor(pos);
        int hi = Math.min(sorted.length - 1, lo + 1);
        double f = pos - lo;
        return (float) (sorted[lo] + f * (sorted[hi] - sorted[lo]));
    }
}
