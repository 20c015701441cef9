package io.cambium.bench;

import java.util.Arrays;
import java.util.List;

/** The figures of one case: every repetition and their median. */
public record Measurement(String name, String unit, int threads, double median, List<Double> reps) {
    /**
     * Whether a smaller figure is better: time units such as {@code s/epoch}. Every other unit
     * (GFLOP/s, samples/s, tokens/s, accuracy) is better when larger.
     */
    public boolean lowerIsBetter() {
        return unit.startsWith("s/") || unit.startsWith("ms/");
    }

    /**
     * Cambium's figure relative to the reference's, oriented so that above 1 means Cambium is
     * better: cambium / reference, or reference / cambium for a lower-is-better unit.
     */
    public static double ratio(Measurement cambium, Measurement reference) {
        return cambium.lowerIsBetter() ? reference.median() / cambium.median() : cambium.median() / reference.median();
    }

    /** The median of the repetitions (mean of the middle two for an even count). */
    public static double median(List<Double> values) {
        double[] v = values.stream().mapToDouble(Double::doubleValue).toArray();
        if (v.length == 0) {
            throw new IllegalArgumentException("median of no values");
        }
        Arrays.sort(v);
        int h = v.length / 2;
        return v.length % 2 == 1 ? v[h] : (v[h - 1] + v[h]) / 2;
    }
}
