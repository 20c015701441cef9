package io.cambium.ml.linear;

/**
 * X and y with their (sample-weighted) column means removed, the preprocessing that scikit-learn's
 * linear models use to fit an unpenalized intercept.
 */
record Centered(double[][] X, double[] y, double[] xMean, double yMean) {

    static Centered of(double[][] X, double[] y, double[] w, boolean fitIntercept) {
        int n = X.length;
        int d = X[0].length;
        double[] xm = new double[d];
        double ym = 0;
        if (fitIntercept) {
            double ws = 0;
            for (int i = 0; i < n; i++) {
                double wi = w == null ? 1 : w[i];
                ws += wi;
                ym += wi * y[i];
                for (int j = 0; j < d; j++) {
                    xm[j] += wi * X[i][j];
                }
            }
            ym /= ws;
            for (int j = 0; j < d; j++) {
                xm[j] /= ws;
            }
        }
        double[][] xc = new double[n][d];
        double[] yc = new double[n];
        for (int i = 0; i < n; i++) {
            double sw = w == null ? 1 : Math.sqrt(w[i]);
            for (int j = 0; j < d; j++) {
                xc[i][j] = (X[i][j] - xm[j]) * sw;
            }
            yc[i] = (y[i] - ym) * sw;
        }
        return new Centered(xc, yc, xm, ym);
    }

    double intercept(double[] coef) {
        double b = yMean;
        for (int j = 0; j < coef.length; j++) {
            b -= xMean[j] * coef[j];
        }
        return b;
    }
}
