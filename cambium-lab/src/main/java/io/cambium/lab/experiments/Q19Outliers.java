package io.cambium.lab.experiments;

import io.cambium.lab.Experiment;
import io.cambium.lab.Mode;
import io.cambium.lab.Progress;
import io.cambium.lab.Result;
import io.cambium.lab.Table;
import io.cambium.ml.Regressor;
import io.cambium.ml.linear.LinearRegression;
import io.cambium.ml.metrics.RegressionMetrics;
import io.cambium.ml.quality.Outliers;
import io.cambium.ml.robust.HuberRegressor;
import io.cambium.ml.robust.RansacRegressor;
import io.cambium.ml.robust.TheilSenRegressor;
import io.cambium.plot.LineChart;
import io.cambium.tensor.random.Rng;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Question 19: a line y = 3x + 2 with Gaussian noise and a share of gross outliers, fitted by
 * ordinary least squares, by least squares after Z-score or IQR filtering, and by the robust
 * regressors (Huber, RANSAC, Theil-Sen); then the share of outliers each one survives.
 */
public final class Q19Outliers implements Experiment {
    private static final double SLOPE = 3;
    private static final double INTERCEPT = 2;

    @Override
    public List<Integer> questions() {
        return List.of(19);
    }

    @Override
    public String title() {
        return "Outliers: least squares against Z-score/IQR filtering and robust regressors (Huber, RANSAC, Theil-Sen)";
    }

    @Override
    public String summary() {
        return "The textbook answer: detect outliers (Z-score, IQR) and remove them, or use models that resist them. "
                + "The experiment corrupts 10% of a linear data set with gross errors and measures how far each "
                + "method's line lands from the true one, then raises the share of outliers to find where each breaks.";
    }

    /** Points (x, y) of the line with noise, a share of them pushed far up. */
    private record Data(double[][] x, double[] y) {
    }

    private static Data line(int n, double outlierShare, Rng rng) {
        double[][] x = new double[n][1];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            x[i][0] = 10 * rng.nextDouble();
            y[i] = SLOPE * x[i][0] + INTERCEPT + rng.nextGaussian();
            if (i < outlierShare * n) {
                // Gross one-sided errors (a broken sensor reading high), concentrated at large x: they tilt a least-squares line.
                x[i][0] = 7 + 3 * rng.nextDouble();
                y[i] = SLOPE * x[i][0] + INTERCEPT + 20 + 40 * rng.nextDouble();
            }
        }
        return new Data(x, y);
    }

    /** The methods compared: each fits on (X, y) and returns a fitted regressor. */
    private static Map<String, Function<Data, Regressor>> methods(long seed) {
        Map<String, Function<Data, Regressor>> m = new LinkedHashMap<>();
        m.put("least squares (OLS)", d -> new LinearRegression().fit(d.x(), d.y()));
        m.put("OLS, Z-score filter on y", d -> {
            boolean[] out = Outliers.zScoreMask(d.y(), 3);
            return new LinearRegression().fit(Outliers.filter(d.x(), out), Outliers.filter(d.y(), out));
        });
        m.put("OLS, IQR filter on residuals", d -> {
            LinearRegression first = new LinearRegression().fit(d.x(), d.y());
            double[] pred = first.predict(d.x());
            double[] residual = new double[pred.length];
            for (int i = 0; i < pred.length; i++) {
                residual[i] = d.y()[i] - pred[i];
            }
            boolean[] out = Outliers.iqrMask(residual, 1.5);
            return new LinearRegression().fit(Outliers.filter(d.x(), out), Outliers.filter(d.y(), out));
        });
        m.put("HuberRegressor", d -> new HuberRegressor().epsilon(1.35).fit(d.x(), d.y()));
        m.put("RANSAC", d -> new RansacRegressor().randomState(seed).fit(d.x(), d.y()));
        m.put("Theil-Sen", d -> new TheilSenRegressor().randomState(seed).fit(d.x(), d.y()));
        return m;
    }

    @Override
    public Result run(Mode mode, long seed, Progress progress) {
        int n = mode.pick(200, 1000);
        Rng rng = new Rng(seed);
        Data train = line(n, 0.10, rng);
        Data clean = line(1000, 0, rng);
        Map<String, Function<Data, Regressor>> methods = methods(seed);
        double[] shares = mode == Mode.QUICK ? new double[] {0, 0.1, 0.2, 0.3, 0.4}
                : new double[] {0, 0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.45};
        int repeats = mode.pick(3, 10);
        progress.total(methods.size() * (1 + shares.length * repeats));

        Table fits = new Table("Fitted line with 10% outliers (true slope 3, intercept 2); RMSE on 1000 clean points")
                .text("method").num("slope", 3).num("intercept", 3).num("slope error", 3).num("clean RMSE", 3)
                .num("ms", 1);
        LineChart scatter = new LineChart("Data with 10% outliers and the fitted lines").xLabel("x").yLabel("y");
        scatter.points("data", column(train.x()), train.y());
        double[] xs = {0, 10};
        for (Map.Entry<String, Function<Data, Regressor>> m : methods.entrySet()) {
            long t0 = System.nanoTime();
            Regressor r = m.getValue().apply(train);
            double ms = (System.nanoTime() - t0) / 1e6;
            double[] ends = r.predict(new double[][] {{0}, {10}});
            double slope = (ends[1] - ends[0]) / 10;
            double rmse = RegressionMetrics.rmse(clean.y(), r.predict(clean.x()));
            fits.row(m.getKey(), slope, ends[0], Math.abs(slope - SLOPE), rmse, ms);
            scatter.series(m.getKey(), xs, ends);
            progress.advance(1, m.getKey());
        }

        Table breakdown = new Table("Slope error against the share of outliers (mean of " + repeats + " draws of "
                + n + " points)").num("outliers %", 0);
        for (String name : methods.keySet()) {
            breakdown.num(name, 3);
        }
        LineChart errors = new LineChart("Slope error against the share of outliers").xLabel("share of outliers")
                .yLabel("|slope - 3|");
        double[][] err = new double[methods.size()][shares.length];
        for (int s = 0; s < shares.length; s++) {
            for (int k = 0; k < repeats; k++) {
                Data d = line(n, shares[s], new Rng(seed * 1000 + s * 31 + k));
                int j = 0;
                for (Map.Entry<String, Function<Data, Regressor>> m : methods.entrySet()) {
                    double[] ends = m.getValue().apply(d).predict(new double[][] {{0}, {10}});
                    err[j++][s] += Math.abs((ends[1] - ends[0]) / 10 - SLOPE) / repeats;
                    progress.advance(1, "share " + shares[s] + ", " + m.getKey());
                }
            }
        }
        for (int s = 0; s < shares.length; s++) {
            Object[] row = new Object[methods.size() + 1];
            row[0] = 100 * shares[s];
            for (int j = 0; j < methods.size(); j++) {
                row[j + 1] = err[j][s];
            }
            breakdown.row(row);
        }
        int j = 0;
        for (String name : methods.keySet()) {
            errors.series(name, shares, err[j++]);
        }

        Result.Builder out = Result.builder()
                .setup(n + " points x ~ U(0, 10), y = 3x + 2 + N(0, 1); the first 10% are replaced by gross "
                        + "outliers at x in [7, 10] with y 20 to 60 above the line. Least squares (LinearRegression), "
                        + "least squares after dropping |z| > 3 on y (the seed's recipe) or residuals outside 1.5 IQR "
                        + "of a first least-squares fit, HuberRegressor (epsilon 1.35), RANSAC (residual threshold = "
                        + "MAD of y, scikit-learn's default) and Theil-Sen, all from cambium-ml. The second table repeats "
                        + "the fit " + repeats + " times per share of outliers; a method 'keeps' the line while its mean slope "
                        + "error stays under 0.5.")
                .table(fits).table(breakdown)
                .plot("fits", "The data (10% outliers top right) and each method's line.", scatter.png())
                .plot("breakdown", "Slope error against the share of outliers: where each method breaks down.",
                        errors.png());
        int err1 = fits.columnIndex("slope error");
        int rmse = fits.columnIndex("clean RMSE");
        for (int i = 1; i < fits.rowCount(); i++) {
            String name = fits.text(i, 0);
            boolean better = fits.value(i, err1) < fits.value(0, err1) / 2;
            out.check(name + " resists the outliers: at least halves least squares' slope error", better,
                    name + ": slope error " + fits.text(i, err1) + " against least squares' " + fits.text(0, err1)
                            + " (clean RMSE " + fits.text(i, rmse) + " vs " + fits.text(0, rmse) + ").");
        }
        // Breakdown: the largest share at which each method's mean slope error stays below 0.5.
        for (int m = 0; m < methods.size(); m++) {
            int last = -1;
            for (int s = 0; s < shares.length && err[m][s] < 0.5; s++) {
                last = s;
            }
            String name = breakdown.columns().get(m + 1).name();
            out.observed(name + (last < 0 ? " is off by more than 0.5 in slope at every share measured."
                    : " keeps the slope error under 0.5 up to " + breakdown.text(last, 0) + "% outliers"
                    + (last == shares.length - 1 ? " (the largest share measured)." : "; at "
                    + breakdown.text(last + 1, 0) + "% its error is " + breakdown.text(last + 1, m + 1) + ".")));
        }
        return out.build();
    }

    private static double[] column(double[][] x) {
        double[] out = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            out[i] = x[i][0];
        }
        return out;
    }
}
