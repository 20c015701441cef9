package io.cambium.ml.metrics;

import java.util.Arrays;

/**
 * A regression metric of multi-output targets, one value per output, with scikit-learn's ways of
 * combining them ({@code multioutput}): {@link #rawValues()}, {@link #uniformAverage()},
 * {@link #varianceWeighted()} (R² and explained variance only) and {@link #average(double...)}
 * with explicit output weights.
 */
public final class OutputScores {
    private final String metric;
    private final double[] values;
    private final double[] variances;

    OutputScores(String metric, double[] values, double[] variances) {
        this.metric = metric;
        this.values = values;
        this.variances = variances;
    }

    /** Number of outputs. */
    public int outputs() {
        return values.length;
    }

    /** One value per output ({@code multioutput="raw_values"}). */
    public double[] rawValues() {
        return values.clone();
    }

    /** The mean over outputs ({@code multioutput="uniform_average"}, scikit-learn's default). */
    public double uniformAverage() {
        return average(null);
    }

    /**
     * The mean over outputs weighted by the variance of each output's true values
     * ({@code multioutput="variance_weighted"}); uniform when every output is constant.
     */
    public double varianceWeighted() {
        if (variances == null) {
            throw new UnsupportedOperationException(metric + ": variance_weighted is defined for r2_score and "
                    + "explained_variance_score only; use rawValues(), uniformAverage() or average(weights)");
        }
        boolean any = false;
        for (double v : variances) {
            any |= v != 0;
        }
        return average(any ? variances : null);
    }

    /** The mean over outputs weighted by {@code outputWeights}, one per output. */
    public double average(double... outputWeights) {
        if (outputWeights != null && outputWeights.length != values.length) {
            throw new IllegalArgumentException(metric + ": " + outputWeights.length + " output weights for "
                    + values.length + " outputs");
        }
        double s = 0;
        double ws = 0;
        for (int j = 0; j < values.length; j++) {
            double w = outputWeights == null ? 1 : outputWeights[j];
            s += w * values[j];
            ws += w;
        }
        if (ws == 0) {
            throw new IllegalArgumentException(metric + ": the output weights sum to zero");
        }
        return s / ws;
    }

    @Override
    public String toString() {
        return metric + Arrays.toString(values);
    }
}
