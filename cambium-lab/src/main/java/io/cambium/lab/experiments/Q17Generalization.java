package io.cambium.lab.experiments;

import io.cambium.Cambium;
import io.cambium.lab.Experiment;
import io.cambium.lab.Mode;
import io.cambium.lab.Progress;
import io.cambium.lab.Result;
import io.cambium.lab.Table;
import io.cambium.lab.support.LabData;
import io.cambium.lab.support.Series;
import io.cambium.ml.nn.NeuralClassifier;
import io.cambium.ml.selection.CrossValidation;
import io.cambium.ml.selection.Scoring;
import io.cambium.ml.selection.StratifiedKFold;
import io.cambium.nn.Sequential;
import io.cambium.nn.layers.core.Dense;
import io.cambium.nn.layers.core.Dropout;
import io.cambium.nn.losses.Losses;
import io.cambium.nn.metrics.Metrics;
import io.cambium.nn.optimizers.Adam;
import io.cambium.nn.training.FitConfig;
import io.cambium.plot.BarChart;
import io.cambium.tensor.Tensor;

import java.util.List;

/**
 * Question 17: generalization measured and improved. k-fold cross-validation as an estimate of the
 * test accuracy, and ensembles (averaged probabilities, majority vote) of networks that differ only
 * in their random initialization.
 */
public final class Q17Generalization implements Experiment {
    @Override
    public List<Integer> questions() {
        return List.of(17);
    }

    @Override
    public String title() {
        return "Generalization: cross-validation as an estimate of test accuracy, and ensembles of networks";
    }

    @Override
    public String summary() {
        return "The textbook answer: generalization is performance on unseen data; it is estimated by cross-validation "
                + "and improved by regularization, more data, augmentation, early stopping and ensembles (averaging "
                + "or voting several models). Regularization, early stopping and augmentation are measured in "
                + "Q14; this experiment measures how well k-fold cross-validation predicts the test accuracy, and what "
                + "an ensemble of independently initialized networks adds over its members.";
    }

    private static Sequential network() {
        return new Sequential(new Dense(256).activation("relu").inputShape(784), new Dropout(0.3),
                new Dense(10).activation("softmax"));
    }

    @Override
    public Result run(Mode mode, long seed, Progress progress) {
        LabData.Split data = LabData.fashion(mode.pick(1500, 6000), 0, mode.pick(500, 5000), seed);
        int epochs = mode.pick(5, 10);
        int members = mode.pick(3, 7);
        int folds = mode.pick(3, 5);
        progress.total((members + folds + 1) * epochs);
        Tensor x = data.xTrain().reshape(data.yTrain().length, 784);
        Tensor xTest = data.xTest().reshape(data.yTest().length, 784);

        // Cross-validation on the training set against the held-out test set.
        int[] fold = {0};
        double[] cv = CrossValidation.score(() -> {
            int f = fold[0]++;
            return new NeuralClassifier(() -> {
                Cambium.seed(seed + f);
                Sequential m = network();
                m.compile(new Adam(1e-3), Losses.sparseCategoricalCrossentropy());
                return m;
            }, () -> FitConfig.epochs(epochs).batchSize(64).quiet().callbacks(progress.epochs("fold " + (f + 1))));
        }, LabData.rows(x), data.yTrain(), new StratifiedKFold(folds).shuffle(true).randomState(seed), Scoring.of("accuracy"));
        Cambium.seed(seed);
        Sequential single = network();
        single.compile(new Adam(1e-3), Losses.sparseCategoricalCrossentropy(), Metrics.accuracy());
        single.fit(x, data.yTrain(), FitConfig.epochs(epochs).batchSize(64).quiet().callbacks(progress.epochs("full fit")));
        double test = single.evaluate(xTest, data.yTest()).get("accuracy");
        Table cvTable = new Table(folds + "-fold cross-validation on the training images against the test set")
                .text("estimate").num("accuracy", 3).num("std over folds", 3);
        cvTable.row("cross-validation mean", Series.mean(cv), Series.std(cv));
        cvTable.row("test accuracy (model trained on all training images)", test, null);
        cvTable.row("difference", Series.mean(cv) - test, null);

        // An ensemble of networks that differ only in their initial weights and shuffling.
        int n = data.yTest().length;
        double[][] probSum = new double[n][10];
        int[][] votes = new int[n][10];
        double[] memberAcc = new double[members];
        for (int k = 0; k < members; k++) {
            Cambium.seed(seed + 100 + k);
            Sequential m = network();
            m.compile(new Adam(1e-3), Losses.sparseCategoricalCrossentropy(), Metrics.accuracy());
            m.fit(x, data.yTrain(), FitConfig.epochs(epochs).batchSize(64).quiet()
                    .callbacks(progress.epochs("member " + (k + 1))));
            float[] p = m.predict(xTest).toArray();
            int right = 0;
            for (int i = 0; i < n; i++) {
                int arg = 0;
                for (int c = 0; c < 10; c++) {
                    probSum[i][c] += p[i * 10 + c];
                    arg = p[i * 10 + c] > p[i * 10 + arg] ? c : arg;
                }
                votes[i][arg]++;
                right += arg == data.yTest()[i] ? 1 : 0;
            }
            memberAcc[k] = (double) right / n;
        }
        int avgRight = 0;
        int voteRight = 0;
        for (int i = 0; i < n; i++) {
            avgRight += argmax(probSum[i]) == data.yTest()[i] ? 1 : 0;
            int best = 0;
            for (int c = 1; c < 10; c++) {
                best = votes[i][c] > votes[i][best] ? c : best;
            }
            voteRight += best == data.yTest()[i] ? 1 : 0;
        }
        double best = Double.NEGATIVE_INFINITY;
        for (double a : memberAcc) {
            best = Math.max(best, a);
        }
        Table ens = new Table("Ensemble of " + members + " networks on the test set").text("model").num("test acc", 3);
        ens.row("members, mean", Series.mean(memberAcc));
        ens.row("best member", best);
        ens.row("ensemble, averaged probabilities", (double) avgRight / n);
        ens.row("ensemble, majority vote", (double) voteRight / n);

        Result.Builder out = Result.builder()
                .setup(data.describe() + ". Network: Dense 256 ReLU, Dropout 0.3, Dense 10 softmax on the 784 pixels; Adam "
                        + "1e-3, batch 64, " + epochs + " epochs. Cross-validation: cambium-ml CrossValidation.score with a "
                        + "NeuralClassifier over " + folds + " stratified folds. Ensemble: " + members + " networks trained "
                        + "on the same data with different seeds (initial weights, dropout masks, shuffling).")
                .table(cvTable).table(ens)
                .plot("ensemble", "Test accuracy of the members and of the ensembles.",
                        new BarChart("Ensembles").categories("members (mean)", "best member", "averaged", "vote")
                                .series("test acc", new double[] {ens.value(0, 1), ens.value(1, 1), ens.value(2, 1),
                                    ens.value(3, 1)}).png());
        out.check("k-fold cross-validation estimates the accuracy on unseen data",
                Math.abs(cvTable.value(2, 1)) < 0.03,
                "Cross-validation gives " + cvTable.text(0, 1) + " (std " + cvTable.text(0, 2) + "), the test set "
                        + cvTable.text(1, 1) + ": a difference of " + cvTable.text(2, 1) + ".");
        out.check("An ensemble generalizes better than its average member", ens.value(2, 1) > ens.value(0, 1),
                "Averaging the probabilities of " + members + " networks gives " + ens.text(2, 1) + " against "
                        + ens.text(0, 1) + " for the mean member and " + ens.text(1, 1) + " for the best one.");
        out.check("Majority voting also beats the average member", ens.value(3, 1) > ens.value(0, 1),
                "Majority vote: " + ens.text(3, 1) + ".");
        return out.build();
    }

    private static int argmax(double[] v) {
        int a = 0;
        for (int i = 1; i < v.length; i++) {
            a = v[i] > v[a] ? i : a;
        }
        return a;
    }
}
