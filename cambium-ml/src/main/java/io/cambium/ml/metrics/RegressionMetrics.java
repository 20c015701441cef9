package io.cambium.ml.metrics;

import io.cambium.ml.Data;

/**
 * Regression metrics with scikit-learn's definitions: mean squared error, its root, mean absolute
 * (percentage) error, R² and explained variance. Each takes optional per-sample weights
 * ({@code sampleWeight}, null: all ones) and exists for a single output ({@code double[]}, giving
 * a number) and for several outputs ({@code double[][]} of shape [samples, outputs], giving
 * {@link OutputScores}: raw values, uniform average or variance-weighted average).
 */
public final class RegressionMetrics {
    private RegressionMetrics() {
    }

    /** Mean squared error. */
    public static double mse(double[] yTrue, double[] yPred) {
        return mse(yTrue, yPred, null);
    }

    /** Weighted mean squared error. */
    public static double mse(double[] yTrue, double[] yPred, double[] sampleWeight) {
        return mse(column(yTrue), column(yPred), sampleWeight).rawValues()[0];
    }

    /** Mean squared error of each output. */
    public static OutputScores mse(double[][] yTrue, double[][] yPred) {
        return mse(yTrue, yPred, null);
    }

    /** Weighted mean squared error of each output. */
    public static OutputScores mse(double[][] yTrue, double[][] yPred, double[] sampleWeight) {
        return errors("mean_squared_error", yTrue, yPred, sampleWeight, Error.SQUARED);
    }

    /** Root mean squared error. */
    public static double rmse(double[] yTrue, double[] yPred) {
        return rmse(yTrue, yPred, null);
    }

    /** Weighted root mean squared error. */
    public static double rmse(double[] yTrue, double[] yPred, double[] sampleWeight) {
        return rmse(column(yTrue), column(yPred), sampleWeight).rawValues()[0];
    }

    /** Root mean squared error of each output (averages are of the per-output roots, as scikit-learn). */
    public static OutputScores rmse(double[][] yTrue, double[][] yPred) {
        return rmse(yTrue, yPred, null);
    }

    /** Weighted root mean squared error of each output. */
    public static OutputScores rmse(double[][] yTrue, double[][] yPred, double[] sampleWeight) {
        double[] m = errors("root_mean_squared_error", yTrue, yPred, sampleWeight, Error.SQUARED).rawValues();
        for (int j = 0; j < m.length; j++) {
            m[j] = Math.sqrt(m[j]);
        }
        return new OutputScores("root_mean_squared_error", m, null);
    }

    /** Mean absolute error. */
    public static double mae(double[] yTrue, double[] yPred) {
        return mae(yTrue, yPred, null);
    }

    /** Weighted mean absolute error. */
    public static double mae(double[] yTrue, double[] yPred, double[] sampleWeight) {
        return mae(column(yTrue), column(yPred), sampleWeight).rawValues()[0];
    }

    /** Mean absolute error of each output. */
    public static OutputScores mae(double[][] yTrue, double[][] yPred) {
        return mae(yTrue, yPred, null);
    }

    /** Weighted mean absolute error of each output. */
    public static OutputScores mae(double[][] yTrue, double[][] yPred, double[] sampleWeight) {
        return errors("mean_absolute_error", yTrue, yPred, sampleWeight, Error.ABSOLUTE);
    }

    /** Mean absolute percentage error as a fraction; |y_true| is floored at machine epsilon. */
    public static double mape(double[] yTrue, double[] yPred) {
        return mape(yTrue, yPred, null);
    }

    /** Weighted mean absolute percentage error. */
    public static double mape(double[] yTrue, double[] yPred, double[] sampleWeight) {
        return mape(column(yTrue), column(yPred), sampleWeight).rawValues()[0];
    }

    /** Mean absolute percentage error of each output. */
    public static OutputScores mape(double[][] yTrue, double[][] yPred) {
        return mape(yTrue, yPred, null);
    }

    /** Weighted mean absolute percentage error of each output. */
    public static OutputScores mape(double[][] yTrue, double[][] yPred, double[] sampleWeight) {
        return errors("mean_absolute_percentage_error", yTrue, yPred, sampleWeight, Error.PERCENTAGE);
    }

    /**
     * Coefficient of determination; for constant y_true it is 1 on a perfect fit and 0 otherwise
     * (scikit-learn's force_finite), and NaN with fewer than two samples.
     */
    public static double r2(double[] yTrue, double[] yPred) {
        return r2(yTrue, yPred, null);
    }

    /** Weighted coefficient of determination. */
    public static double r2(double[] yTrue, double[] yPred, double[] sampleWeight) {
        return r2(column(yTrue), column(yPred), sampleWeight).rawValues()[0];
    }

    /** R² of each output. */
    public static OutputScores r2(double[][] yTrue, double[][] yPred) {
        return r2(yTrue, yPred, null);
    }

    /** Weighted R² of each output. */
    public static OutputScores r2(double[][] yTrue, double[][] yPred, double[] sampleWeight) {
        int d = check("r2_score", yTrue, yPred, sampleWeight);
        int n = yTrue.length;
        double[] num = new double[d];
        double[] den = new double[d];
        for (int j = 0; j < d; j++) {
            double mean = columnMean(yTrue, j, sampleWeight);
            for (int i = 0; i < n; i++) {
                double w = SampleWeights.at(sampleWeight, i);
                num[j] += w * (yTrue[i][j] - yPred[i][j]) * (yTrue[i][j] - yPred[i][j]);
                den[j] += w * (yTrue[i][j] - mean) * (yTrue[i][j] - mean);
            }
        }
        if (n < 2) {
            double[] nan = new double[d];
            java.util.Arrays.fill(nan, Double.NaN);
            return new OutputScores("r2_score", nan, den);
        }
        return assemble("r2_score", num, den);
    }

    /** Explained variance 1 - Var(y - ŷ) / Var(y), with r2's rule for constant y_true. */
    public static double explainedVariance(double[] yTrue, double[] yPred) {
        return explainedVariance(yTrue, yPred, null);
    }

    /** Weighted explained variance. */
    public static double explainedVariance(double[] yTrue, double[] yPred, double[] sampleWeight) {
        return explainedVariance(column(yTrue), column(yPred), sampleWeight).rawValues()[0];
    }

    /** Explained variance of each output. */
    public static OutputScores explainedVariance(double[][] yTrue, double[][] yPred) {
        return explainedVariance(yTrue, yPred, null);
    }

    /** Weighted explained variance of each output. */
    public static OutputScores explainedVariance(double[][] yTrue, double[][] yPred, double[] sampleWeight) {
        int d = check("explained_variance_score", yTrue, yPred, sampleWeight);
        int n = yTrue.length;
        double[] num = new double[d];
        double[] den = new double[d];
        double ws = 0;
        for (int i = 0; i < n; i++) {
            ws += SampleWeights.at(sampleWeight, i);
        }
        for (int j = 0; j < d; j++) {
            double diffMean = 0;
            for (int i = 0; i < n; i++) {
                diffMean += SampleWeights.at(sampleWeight, i) * (yTrue[i][j] - yPred[i][j]);
            }
            diffMean /= ws;
            double mean = columnMean(yTrue, j, sampleWeight);
            for (int i = 0; i < n; i++) {
                double w = SampleWeights.at(sampleWeight, i);
                double r = yTrue[i][j] - yPred[i][j] - diffMean;
                num[j] += w * r * r;
                den[j] += w * (yTrue[i][j] - mean) * (yTrue[i][j] - mean);
            }
            num[j] /= ws;
            den[j] /= ws;
        }
        return assemble("explained_variance_score", num, den);
    }

    private enum Error {
        SQUARED, ABSOLUTE, PERCENTAGE
    }

    private static OutputScores errors(String metric, double[][] yTrue, double[][] yPred, double[] sampleWeight,
            Error kind) {
        int d = check(metric, yTrue, yPred, sampleWeight);
        double eps = Math.ulp(1.0);
        double[] out = new double[d];
        double ws = 0;
        for (int i = 0; i < yTrue.length; i++) {
            ws += SampleWeights.at(sampleWeight, i);
        }
        if (ws == 0) {
            throw new IllegalArgumentException(metric + ": the sample weights sum to zero");
        }
        for (int j = 0; j < d; j++) {
            double s = 0;
            for (int i = 0; i < yTrue.length; i++) {
                double e = yTrue[i][j] - yPred[i][j];
                double v = switch (kind) {
                    case SQUARED -> e * e;
                    case ABSOLUTE -> Math.abs(e);
                    case PERCENTAGE -> Math.abs(e) / Math.max(Math.abs(yTrue[i][j]), eps);
                };
                s += SampleWeights.at(sampleWeight, i) * v;
            }
            out[j] = s / ws;
        }
        return new OutputScores(metric, out, null);
    }

    /** scikit-learn's _assemble_r2_explained_variance with force_finite. */
    private static OutputScores assemble(String metric, double[] num, double[] den) {
        double[] out = new double[num.length];
        for (int j = 0; j < num.length; j++) {
            if (num[j] == 0) {
                out[j] = 1.0;
            } else if (den[j] == 0) {
                out[j] = 0.0;
            } else {
                out[j] = 1 - num[j] / den[j];
            }
        }
        return new OutputScores(metric, out, den);
    }

    private static double columnMean(double[][] y, int j, double[] sampleWeight) {
        double s = 0;
        double ws = 0;
        for (int i = 0; i < y.length; i++) {
            double w = SampleWeights.at(sampleWeight, i);
            s += w * y[i][j];
            ws += w;
        }
        if (ws == 0) {
            throw new IllegalArgumentException("the sample weights sum to zero");
        }
        return s / ws;
    }

    private static int check(String what, double[][] t, double[][] p, double[] sampleWeight) {
        if (t.length != p.length) {
            throw new IllegalArgumentException(what + ": y_true has " + t.length + " samples but y_pred has " + p.length);
        }
        if (t.length == 0) {
            throw new IllegalArgumentException(what + ": no samples");
        }
        int d = Data.columns(what + " y_true", t);
        int dp = Data.columns(what + " y_pred", p);
        if (d != dp) {
            throw new IllegalArgumentException(what + ": y_true has " + d + " outputs but y_pred has " + dp);
        }
        if (d == 0) {
            throw new IllegalArgumentException(what + ": no outputs");
        }
        Data.checkWeights(what, sampleWeight, t.length);
        return d;
    }

    private static double[][] column(double[] v) {
        double[][] out = new double[v.length][1];
        for (int i = 0; i < v.length; i++) {
            out[i][0] = v[i];
        }
        return out;
    }
}
