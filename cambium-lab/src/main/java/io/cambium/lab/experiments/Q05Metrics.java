package io.cambium.lab.experiments;

import io.cambium.data.loaders.FashionMnist;
import io.cambium.lab.Experiment;
import io.cambium.lab.Mode;
import io.cambium.lab.Progress;
import io.cambium.lab.Result;
import io.cambium.lab.Table;
import io.cambium.lab.support.LabData;
import io.cambium.lab.support.Series;
import io.cambium.ml.linear.LogisticRegression;
import io.cambium.ml.metrics.Average;
import io.cambium.ml.metrics.ClassificationMetrics;
import io.cambium.ml.metrics.PrecisionRecall;
import io.cambium.ml.metrics.PrecisionRecallCurve;
import io.cambium.ml.metrics.RankingMetrics;
import io.cambium.ml.metrics.RocCurve;
import io.cambium.nn.Sequential;
import io.cambium.nn.layers.core.Dense;
import io.cambium.nn.layers.core.Flatten;
import io.cambium.nn.losses.Losses;
import io.cambium.nn.optimizers.Adam;
import io.cambium.nn.training.FitConfig;
import io.cambium.plot.LineChart;
import io.cambium.tensor.random.Rng;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Question 5: on an imbalanced task (one Fashion-MNIST class against the nine others, with the
 * rare class cut to one image in twenty), accuracy, F1 and ROC-AUC of a do-nothing baseline, random
 * scores, logistic regression and an MLP; and how each metric moves with the decision threshold.
 */
public final class Q05Metrics implements Experiment {
    private static final int POSITIVE = 6; // "Shirt", the class most often confused with others

    @Override
    public List<Integer> questions() {
        return List.of(5);
    }

    @Override
    public String title() {
        return "Metrics on an imbalanced set: accuracy against F1 and ROC-AUC";
    }

    @Override
    public String summary() {
        return "The textbook answer lists accuracy, precision, recall, F1 and ROC-AUC. The experiment shows why "
                + "the choice matters: with 5% positives, accuracy rewards a model that never predicts the rare "
                + "class, F1 exposes it, and ROC-AUC scores the ranking of the scores independently of the "
                + "decision threshold.";
    }

    @Override
    public Result run(Mode mode, long seed, Progress progress) {
        LabData.Split split = LabData.fashion(mode.pick(1500, 12000), 0, mode.pick(500, 5000), seed);
        LabData.Binary train = LabData.imbalanced(split.xTrain(), split.yTrain(), POSITIVE, 19, seed);
        LabData.Binary test = LabData.imbalanced(split.xTest(), split.yTest(), POSITIVE, 19, seed + 1);
        progress.total(3);

        Map<String, double[]> scores = new LinkedHashMap<>();
        scores.put("always negative", new double[test.y().length]);
        Rng rng = new Rng(seed);
        double[] random = new double[test.y().length];
        for (int i = 0; i < random.length; i++) {
            random[i] = rng.nextDouble();
        }
        scores.put("random scores", random);

        progress.advance(0, "logistic regression");
        double[][] xTrain = LabData.rows(train.x());
        double[][] xTest = LabData.rows(test.x());
        LogisticRegression lr = new LogisticRegression().C(0.1).maxIter(mode.pick(100, 300)).fit(xTrain, train.y());
        scores.put("logistic regression", column(lr.predictProba(xTest), 1));
        progress.advance(1, "MLP");

        Sequential mlp = new Sequential(new Flatten().inputShape(28, 28, 1), new Dense(128).activation("relu"),
                new Dense(1).activation("sigmoid"));
        mlp.compile(new Adam(1e-3), Losses.binaryCrossentropy());
        int epochs = mode.pick(8, 15);
        mlp.fit(train.x(), train.y(), FitConfig.epochs(epochs).batchSize(64).quiet());
        scores.put("MLP", Series.of(mlp.predict(test.x())));
        progress.advance(1, "metrics");

        Table metrics = new Table("Metrics on the test set (" + test.positives() + " shirts among " + test.y().length
                + " images), decision threshold 0.5")
                .text("model").num("accuracy", 3).num("balanced acc", 3).num("precision", 3).num("recall", 3)
                .num("F1", 3).num("ROC-AUC", 3).num("avg precision", 3);
        LineChart roc = new LineChart("ROC curves").xLabel("false positive rate").yLabel("true positive rate");
        LineChart pr = new LineChart("Precision-recall curves").xLabel("recall").yLabel("precision");
        for (Map.Entry<String, double[]> e : scores.entrySet()) {
            int[] pred = threshold(e.getValue(), 0.5);
            double[] s = e.getValue();
            metrics.row(e.getKey(), ClassificationMetrics.accuracy(test.y(), pred),
                    ClassificationMetrics.balancedAccuracy(test.y(), pred),
                    PrecisionRecall.precision(test.y(), pred, Average.BINARY, 0),
                    PrecisionRecall.recall(test.y(), pred, Average.BINARY, 0),
                    PrecisionRecall.f1(test.y(), pred, Average.BINARY, 0),
                    RankingMetrics.rocAuc(test.y(), s), RankingMetrics.averagePrecision(test.y(), s));
            RocCurve c = RocCurve.of(test.y(), s);
            roc.series(e.getKey(), c.fpr(), c.tpr());
            if (!e.getKey().equals("always negative")) {
                PrecisionRecallCurve p = PrecisionRecallCurve.of(test.y(), s);
                pr.series(e.getKey(), p.recall(), p.precision());
            }
        }

        double[] mlpScores = scores.get("MLP");
        Table sweep = new Table("The MLP at other decision thresholds (ROC-AUC does not depend on the threshold)")
                .num("threshold", 1).num("accuracy", 3).num("precision", 3).num("recall", 3).num("F1", 3);
        for (double t = 0.1; t < 0.95; t += 0.2) {
            int[] pred = threshold(mlpScores, t);
            sweep.row(t, ClassificationMetrics.accuracy(test.y(), pred),
                    PrecisionRecall.precision(test.y(), pred, Average.BINARY, 0),
                    PrecisionRecall.recall(test.y(), pred, Average.BINARY, 0),
                    PrecisionRecall.f1(test.y(), pred, Average.BINARY, 0));
        }
        progress.advance(1, "done");

        int acc = metrics.columnIndex("accuracy");
        int f1 = metrics.columnIndex("F1");
        int auc = metrics.columnIndex("ROC-AUC");
        int mlpRow = 3;
        Result.Builder out = Result.builder()
                .setup(split.describe() + "; the task is '" + FashionMnist.CLASS_NAMES.get(POSITIVE) + "' (label 1) "
                        + "against the nine other classes, with shirts dropped at random to one per 19 other images "
                        + "(training: " + train.positives() + " of " + train.y().length + "). Models: always predict 0; "
                        + "uniform random scores; LogisticRegression (C 0.1) on the 784 pixels; an MLP (Dense 128 ReLU, "
                        + "Dense 1 sigmoid, binary cross-entropy, Adam 1e-3, " + epochs + " epochs). Metrics from "
                        + "cambium-ml (scikit-learn semantics).")
                .table(metrics).table(sweep)
                .plot("roc", "ROC curves on the test set; the diagonal is chance.", roc.png())
                .plot("pr", "Precision-recall curves of the models that score (the baseline has none).", pr.png());
        boolean misleading = metrics.value(0, acc) >= 0.9 && metrics.value(0, f1) == 0;
        out.check("Accuracy is misleading on an imbalanced set", misleading,
                "Never predicting a shirt scores accuracy " + metrics.text(0, acc) + " with F1 " + metrics.text(0, f1)
                        + " and ROC-AUC " + metrics.text(0, auc) + "; the MLP's accuracy is " + metrics.text(mlpRow, acc)
                        + ", F1 " + metrics.text(mlpRow, f1) + ".");
        double accGain = metrics.value(mlpRow, acc) - metrics.value(0, acc);
        double f1Gain = metrics.value(mlpRow, f1) - metrics.value(0, f1);
        out.check("F1 separates a useful classifier from the majority baseline far more than accuracy does",
                f1Gain > 3 * accGain,
                "From the baseline to the MLP, accuracy moves from " + metrics.text(0, acc) + " to "
                        + metrics.text(mlpRow, acc) + " while F1 moves from " + metrics.text(0, f1) + " to "
                        + metrics.text(mlpRow, f1) + ".");
        int sf1 = sweep.columnIndex("F1");
        int sAcc = sweep.columnIndex("accuracy");
        int lo = 0;
        int hi = 0;
        for (int i = 1; i < sweep.rowCount(); i++) {
            lo = sweep.value(i, sf1) < sweep.value(lo, sf1) ? i : lo;
            hi = sweep.value(i, sf1) > sweep.value(hi, sf1) ? i : hi;
        }
        out.check("Threshold metrics (F1) depend on the decision threshold; ROC-AUC summarizes every threshold",
                sweep.value(hi, sf1) - sweep.value(lo, sf1) > 0.05,
                "Moving the MLP's threshold from " + sweep.text(lo, 0) + " to " + sweep.text(hi, 0) + " changes its F1 from "
                        + sweep.text(lo, sf1) + " to " + sweep.text(hi, sf1) + " (accuracy " + sweep.text(lo, sAcc)
                        + " to " + sweep.text(hi, sAcc) + "); its ROC-AUC is " + metrics.text(mlpRow, auc)
                        + " whatever the threshold.");
        out.check("Random scores have a ROC-AUC near 0.5", Math.abs(metrics.value(1, auc) - 0.5) < 0.1,
                "Random scores reach ROC-AUC " + metrics.text(1, auc) + ", logistic regression "
                        + metrics.text(2, auc) + ", the MLP " + metrics.text(mlpRow, auc) + ".");
        return out.build();
    }

    private static int[] threshold(double[] scores, double t) {
        int[] out = new int[scores.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = scores[i] >= t ? 1 : 0;
        }
        return out;
    }

    private static double[] column(double[][] m, int c) {
        double[] out = new double[m.length];
        for (int i = 0; i < m.length; i++) {
            out[i] = m[i][c];
        }
        return out;
    }
}
