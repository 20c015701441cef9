package io.cambium.lab.experiments;

import io.cambium.lab.Experiment;
import io.cambium.lab.Mode;
import io.cambium.lab.Progress;
import io.cambium.lab.Result;
import io.cambium.lab.Table;
import io.cambium.lab.support.Series;
import io.cambium.ml.linear.LinearRegression;
import io.cambium.ml.metrics.RegressionMetrics;
import io.cambium.ml.robust.HuberRegressor;
import io.cambium.nn.Layer;
import io.cambium.nn.Sequential;
import io.cambium.nn.layers.core.Dense;
import io.cambium.nn.layers.regularization.GaussianNoise;
import io.cambium.nn.losses.Loss;
import io.cambium.nn.losses.Losses;
import io.cambium.nn.optimizers.Adam;
import io.cambium.nn.training.FitConfig;
import io.cambium.plot.LineChart;
import io.cambium.tensor.Tensor;
import io.cambium.tensor.random.Rng;

import java.util.ArrayList;
import java.util.List;

/**
 * Question 20: noise in the targets and in the inputs. Heavy-tailed target noise against least
 * squares and the Huber loss (a linear model and a small network); Gaussian noise injected into
 * the inputs of a network trained on few samples, as a regularizer.
 */
public final class Q20Noise implements Experiment {
    @Override
    public List<Integer> questions() {
        return List.of(20);
    }

    @Override
    public String title() {
        return "Noise: Huber loss against heavy-tailed target noise, and Gaussian input-noise injection";
    }

    @Override
    public String summary() {
        return "The textbook answer: use losses that are less sensitive to noise (Huber), and add noise to the "
                + "inputs during training (a GaussianNoise layer) so the model cannot memorize them. The experiment "
                + "fits a linear model and a small network to targets with heavy-tailed (Student-t, 2 degrees of "
                + "freedom) noise with squared error and with the Huber loss, then trains a network on 40 noisy "
                + "samples with and without input noise; errors are measured against the noise-free function.";
    }

    /** Student-t noise with 2 degrees of freedom: heavy tails, occasional very large errors. */
    private static double studentT2(Rng rng) {
        double z = rng.nextGaussian();
        double v = 0;
        for (int k = 0; k < 2; k++) {
            double g = rng.nextGaussian();
            v += g * g;
        }
        return z / Math.sqrt(v / 2);
    }

    private static double curve(double x) {
        return Math.sin(2 * x) + 0.5 * x;
    }

    @Override
    public Result run(Mode mode, long seed, Progress progress) {
        Rng rng = new Rng(seed);
        int n = mode.pick(300, 1000);
        int epochs = mode.pick(60, 150);
        double[] sigmas = {0, 0.05, 0.1, 0.2, 0.4};
        int steps = mode.pick(500, 1500);
        progress.total(2 + 3 * epochs + sigmas.length * steps);

        // Part 1a: a line with heavy-tailed noise, least squares against HuberRegressor.
        double[][] xl = new double[n][2];
        double[] yl = new double[n];
        for (int i = 0; i < n; i++) {
            xl[i][0] = rng.nextGaussian();
            xl[i][1] = rng.nextGaussian();
            yl[i] = 2 * xl[i][0] - xl[i][1] + 0.5 + studentT2(rng);
        }
        Table linear = new Table("Linear model y = 2 x1 - x2 + 0.5 with Student-t(2) noise, " + n + " samples")
                .text("estimator").num("coef x1", 3).num("coef x2", 3).num("intercept", 3).num("coef error", 3);
        LinearRegression ols = new LinearRegression().fit(xl, yl);
        HuberRegressor huber = new HuberRegressor().epsilon(1.35).fit(xl, yl);
        linear.row("LinearRegression (squared error)", ols.coef()[0], ols.coef()[1], ols.intercept(),
                coefError(ols.coef(), ols.intercept()));
        linear.row("HuberRegressor (epsilon 1.35)", huber.coef()[0], huber.coef()[1], huber.intercept(),
                coefError(huber.coef(), huber.intercept()));
        progress.advance(2, "network on a noisy curve");

        // Part 1b: a network on y = sin(2x) + x/2 with the same noise, three losses.
        Tensor x = new Tensor(new float[n], n, 1);
        float[] y = new float[n];
        for (int i = 0; i < n; i++) {
            double xi = -3 + 6 * rng.nextDouble();
            x.data()[i] = (float) xi;
            y[i] = (float) (curve(xi) + 0.3 * studentT2(rng));
        }
        Tensor yt = new Tensor(y, n, 1);
        int grid = 200;
        Tensor xg = new Tensor(new float[grid], grid, 1);
        double[] truth = new double[grid];
        double[] xs = new double[grid];
        for (int i = 0; i < grid; i++) {
            xs[i] = -3 + 6.0 * i / (grid - 1);
            xg.data()[i] = (float) xs[i];
            truth[i] = curve(xs[i]);
        }
        Table losses = new Table("Network (Dense 64 tanh x2) on sin(2x) + x/2 with Student-t(2) noise: RMSE against "
                + "the noise-free curve").text("loss").num("RMSE", 3);
        LineChart fits = new LineChart("Fits to a noisy curve").xLabel("x").yLabel("y");
        fits.points("noisy samples", Series.of(x), Series.of(yt));
        fits.dashed("true curve", xs, truth);
        Loss[] lossFns = {Losses.meanSquaredError(), Losses.huber(1.0), Losses.meanAbsoluteError()};
        String[] lossNames = {"mean squared error", "Huber (delta 1)", "mean absolute error"};
        for (int k = 0; k < lossFns.length; k++) {
            Sequential net = new Sequential(new Dense(64).activation("tanh").inputShape(1),
                    new Dense(64).activation("tanh"), new Dense(1));
            net.compile(new Adam(3e-3), lossFns[k]);
            net.fit(x, yt, FitConfig.epochs(epochs).batchSize(32).quiet().callbacks(progress.epochs(lossNames[k])));
            double[] pred = Series.of(net.predict(xg));
            losses.row(lossNames[k], RegressionMetrics.rmse(truth, pred));
            fits.series(lossNames[k], xs, pred);
        }

        // Part 2: input noise injection on a tiny training set.
        int small = 30;
        Tensor xs2 = new Tensor(new float[small], small, 1);
        float[] ys2 = new float[small];
        for (int i = 0; i < small; i++) {
            double xi = -3 + 6 * rng.nextDouble();
            xs2.data()[i] = (float) xi;
            ys2[i] = (float) (curve(xi) + 0.3 * rng.nextGaussian());
        }
        Tensor ys2t = new Tensor(ys2, small, 1);
        Table injection = new Table("Network (Dense 256 ReLU x2) on " + small + " noisy samples: GaussianNoise on the "
                + "input during training").num("input noise stddev", 2).num("train RMSE", 3).num("RMSE vs true curve", 3);
        for (double sigma : sigmas) {
            List<Layer> layers = new ArrayList<>();
            if (sigma > 0) {
                layers.add(new GaussianNoise(sigma).inputShape(1));
                layers.add(new Dense(256).activation("relu"));
            } else {
                layers.add(new Dense(256).activation("relu").inputShape(1));
            }
            layers.add(new Dense(256).activation("relu"));
            layers.add(new Dense(1));
            Sequential net = new Sequential(layers.toArray(new Layer[0]));
            net.compile(new Adam(5e-3), Losses.meanSquaredError());
            net.fit(xs2, ys2t, FitConfig.epochs(steps).batchSize(small).quiet()
                    .callbacks(progress.epochs("input noise " + sigma)));
            injection.row(sigma, RegressionMetrics.rmse(Series.of(ys2t), Series.of(net.predict(xs2))),
                    RegressionMetrics.rmse(truth, Series.of(net.predict(xg))));
        }

        int ce = linear.columnIndex("coef error");
        Result.Builder out = Result.builder()
                .setup("Linear part: " + n + " samples, x ~ N(0, I), Student-t noise with 2 degrees of freedom (infinite "
                        + "variance). Network part: " + n + " samples of x ~ U(-3, 3), y = sin(2x) + x/2 + 0.3 t(2); "
                        + "Dense 64 tanh, Dense 64 tanh, Dense 1; Adam 3e-3, batch 32, " + epochs + " epochs per loss. "
                        + "Input-noise part: " + small + " samples with Gaussian noise 0.3, Dense 256 ReLU x2, full-batch "
                        + "Adam 5e-3 for " + steps + " steps, a GaussianNoise layer (active only in training) of "
                        + "each stddev in front. Errors are against the noise-free function on 200 grid points.")
                .table(linear).table(losses).table(injection)
                .plot("fits", "A network fitted with each loss to samples with heavy-tailed noise.", fits.png());
        out.check("The Huber loss estimates the linear model more accurately under heavy-tailed noise",
                linear.value(1, ce) < linear.value(0, ce),
                "HuberRegressor's coefficients are off by " + linear.text(1, ce) + " (Euclidean distance to the true "
                        + "ones) against " + linear.text(0, ce) + " for least squares.");
        out.check("A robust loss (Huber or MAE) gives the network a better fit than squared error under heavy-tailed noise",
                Math.min(losses.value(1, 1), losses.value(2, 1)) < losses.value(0, 1),
                "RMSE to the true curve: squared error " + losses.text(0, 1) + ", Huber " + losses.text(1, 1)
                        + ", absolute error " + losses.text(2, 1) + ".");
        int best = 0;
        for (int i = 1; i < injection.rowCount(); i++) {
            if (injection.value(i, 2) < injection.value(best, 2)) {
                best = i;
            }
        }
        out.check("Injecting input noise regularizes a network trained on few samples", best > 0,
                "Without input noise the network reaches training RMSE " + injection.text(0, 1) + " and RMSE "
                        + injection.text(0, 2) + " to the true curve; the best stddev, " + injection.text(best, 0)
                        + ", gives " + injection.text(best, 1) + " and " + injection.text(best, 2) + ".");
        return out.build();
    }

    private static double coefError(double[] coef, double intercept) {
        double a = coef[0] - 2;
        double b = coef[1] + 1;
        double c = intercept - 0.5;
        return Math.sqrt(a * a + b * b + c * c);
    }
}
