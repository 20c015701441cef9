package io.cambium.ml.metrics;

/** Regression metrics with scikit-learn's definitions (single output). */
public final class RegressionMetrics {
    private RegressionMetrics() {
    }

    private static void check(String what, double[] t, double[] p) {
        if (t.length != p.length) {
            throw new IllegalArgumentException(what + ": y_true has " + t.length + " samples but y_pred has " + p.length);
        }
        if (t.length == 0) {
            throw new IllegalArgumentException(what + ": no samples");
        }
    }

    /** Mean squared error. */
    public static double mse(double[] yTrue, double[] yPred) {
        check("mean_squared_error", yTrue, yPred);
        double s = 0;
        for (int i = 0; i < yTrue.length; i++) {
            double d = yTrue[i] - yPred[i];
            s += d * d;
        }
        return s / yTrue.length;
    }

    /** Root mean squared error. */
    public static double rmse(double[] yTrue, double[] yPred) {
        return Math.sqrt(mse(yTrue, yPred));
    }

    /** Mean absolute error. */
    public static double mae(double[] yTrue, double[] yPred) {
        check("mean_absolute_error", yTrue, yPred);
        double s = 0;
        for (int i = 0; i < yTrue.length; i++) {
            s += Math.abs(yTrue[i] - yPred[i]);
        }
        return s / yTrue.length;
    }

    /** Mean absolute percentage error as a fraction; |y_true| is floored at machine epsilon. */
    public static double mape(double[] yTrue, double[] yPred) {
        check("mean_absolute_percentage_error", yTrue, yPred);
        double eps = Math.ulp(1.0);
        double s = 0;
        for (int i = 0; i < yTrue.length; i++) {
            s += Math.abs(yPred[i] - yTrue[i]) / Math.max(Math.abs(yTrue[i]), eps);
        }
        return s / yTrue.length;
    }

    /**
     * Coefficient of determination; for constant y_true it is 1 on a perfect fit and 0 otherwise
     * (scikit-learn's force_finite).
     */
    public static double r2(double[] yTrue, double[] yPred) {
        check("r2_score", yTrue, yPred);
        double mean = mean(yTrue);
        double num = 0;
        double den = 0;
        for (int i = 0; i < yTrue.length; i++) {
            num += (yTrue[i] - yPred[i]) * (yTrue[i] - yPred[i]);
            den += (yTrue[i] - mean) * (yTrue[i] - mean);
        }
        return finite(num, den);
    }

    /** Explained variance 1 - Var(y - ŷ) / Var(y), with r2's rule for constant y_true. */
    public static double explainedVariance(double[] yTrue, double[] yPred) {
        check("explained_variance_score", yTrue, yPred);
        int n = yTrue.length;
        double[] diff = new double[n];
        for (int i = 0; i < n; i++) {
            diff[i] = yTrue[i] - yPred[i];
        }
        double md = mean(diff);
        double mt = mean(yTrue);
        double num = 0;
        double den = 0;
        for (int i = 0; i < n; i++) {
            num += (diff[i] - md) * (diff[i] - md);
            den += (yTrue[i] - mt) * (yTrue[i] - mt);
        }
        return finite(num / n, den / n);
    }

    private static double finite(double num, double den) {
        if (den == 0) {
            return num == 0 ? 1.0 : 0.0;
        }
        return 1 - num / den;
    }

    private static double mean(double[] a) {
        double s = 0;
        for (double v : a) {
            s += v;
        }
        return s / a.length;
    }
}
