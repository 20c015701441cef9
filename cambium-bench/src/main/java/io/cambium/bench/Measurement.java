package io.cambium.bench;

import java.util.Arrays;
import java.util.List;

/** The figures of one case: every repetition and their median. */
public record Measurement(String name, String unit, int threads, double median, List<Double> reps) {
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
