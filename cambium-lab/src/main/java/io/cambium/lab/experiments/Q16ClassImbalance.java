package io.cambium.lab.experiments;

import io.cambium.Cambium;
import io.cambium.data.loaders.FashionMnist;
import io.cambium.lab.Experiment;
import io.cambium.lab.Mode;
import io.cambium.lab.Progress;
import io.cambium.lab.Result;
import io.cambium.lab.Table;
import io.cambium.lab.support.LabData;
import io.cambium.lab.support.Series;
import io.cambium.ml.imbalance.RandomOverSampler;
import io.cambium.ml.imbalance.RandomUnderSampler;
import io.cambium.ml.imbalance.Resampled;
import io.cambium.ml.imbalance.Smote;
import io.cambium.ml.metrics.Average;
import io.cambium.ml.metrics.ClassificationMetrics;
import io.cambium.ml.metrics.PrecisionRecall;
import io.cambium.ml.metrics.RankingMetrics;
import io.cambium.nn.Sequential;
import io.cambium.nn.layers.core.Dense;
import io.cambium.nn.losses.BinaryFocalCrossentropy;
import io.cambium.nn.losses.Loss;
import io.cambium.nn.losses.Losses;
import io.cambium.nn.optimizers.Adam;
import io.cambium.nn.training.FitConfig;
import io.cambium.plot.BarChart;

import java.util.List;

/**
 * Questions 16 and 18: a rare class (one image in 21) and what class weights, random over- and
 * under-sampling, SMOTE and focal loss do to its recall, precision and F1, against plain training.
 */
public final class Q16ClassImbalance implements Experiment {
    private static final int MINORITY = 6; // "Shirt"

    @Override
    public List<Integer> questions() {
        return List.of(16, 18);
    }

    @Override
    public String title() {
        return "Class imbalance at 1:20: class weights, over/under-sampling, SMOTE and focal loss against plain training";
    }

    @Override
    public String summary() {
        return "The textbook answer: weight the rare class more (class_weight 'balanced'), resample (over-sampling, "
                + "under-sampling, SMOTE) or use a loss that focuses on hard examples (focal loss). The experiment "
                + "trains the same network on a binary Fashion-MNIST task with one positive per 20 negatives each way, "
                + "and measures the minority class's recall, precision and F1 on a test set with the same imbalance.";
    }

    private enum Method {
        PLAIN("plain"), CLASS_WEIGHTS("class weights 'balanced'"), OVERSAMPLING("random over-sampling"),
        UNDERSAMPLING("random under-sampling"), SMOTE("SMOTE (k 5)"), FOCAL("focal loss (gamma 2)"),
        FOCAL_BALANCED("focal loss (gamma 2, alpha 0.75)");

        final String label;

        Method(String label) {
            this.label = label;
        }
    }

    @Override
    public Result run(Mode mode, long seed, Progress progress) {
        LabData.Split data = LabData.fashion(mode.pick(2000, 20000), 0, mode.pick(500, 10000), seed);
        int repeats = mode.pick(1, 3);
        int epochs = mode.pick(8, 12);
        Method[] methods = Method.values();
        progress.total(methods.length * repeats * epochs);

        String[] cols = {"minority recall", "minority precision", "minority F1", "balanced acc", "ROC-AUC"};
        double[][] sum = new double[methods.length][cols.length];
        int trainPos = 0;
        int trainN = 0;
        int testPos = 0;
        int testN = 0;
        for (int rep = 0; rep < repeats; rep++) {
            LabData.Binary train = LabData.imbalanced(data.xTrain(), data.yTrain(), MINORITY, 20, seed + rep);
            LabData.Binary test = LabData.imbalanced(data.xTest(), data.yTest(), MINORITY, 20, seed + 100 + rep);
            trainPos = train.positives();
            trainN = train.y().length;
            testPos = test.positives();
            testN = test.y().length;
            double[][] x = LabData.rows(train.x());
            for (int m = 0; m < methods.length; m++) {
                Method method = methods[m];
                Cambium.seed(seed + rep);
                double[][] xs = x;
                int[] ys = train.y();
                if (method == Method.OVERSAMPLING || method == Method.UNDERSAMPLING || method == Method.SMOTE) {
                    Resampled r = switch (method) {
                        case OVERSAMPLING -> new RandomOverSampler().randomState(seed + rep).fitResample(x, ys);
                        case UNDERSAMPLING -> new RandomUnderSampler().randomState(seed + rep).fitResample(x, ys);
                        default -> new Smote().kNeighbors(5).randomState(seed + rep).fitResample(x, ys);
                    };
                    xs = r.X();
                    ys = r.labels();
                }
                Loss loss = switch (method) {
                    case FOCAL -> new BinaryFocalCrossentropy();
                    case FOCAL_BALANCED -> new BinaryFocalCrossentropy(true, 0.75, 2.0, false, 0,
                            Loss.Reduction.SUM_OVER_BATCH_SIZE);
                    default -> Losses.binaryCrossentropy();
                };
                Sequential model = new Sequential(new Dense(128).activation("relu").inputShape(784),
                        new Dense(1).activation("sigmoid"));
                model.compile(new Adam(1e-3), loss);
                FitConfig config = FitConfig.epochs(epochs).batchSize(64).quiet()
                        .callbacks(progress.epochs(method.label + (repeats > 1 ? ", draw " + (rep + 1) : "")));
                if (method == Method.CLASS_WEIGHTS) {
                    config.classWeightBalanced();
                }
                model.fit(LabData.tensor(xs, xs.length, 784), ys, config);
                double[] score = Series.of(model.predict(test.x().reshape(testN, 784)));
                int[] pred = new int[score.length];
                for (int i = 0; i < pred.length; i++) {
                    pred[i] = score[i] >= 0.5 ? 1 : 0;
                }
                sum[m][0] += PrecisionRecall.recall(test.y(), pred, Average.BINARY, 0) / repeats;
                sum[m][1] += PrecisionRecall.precision(test.y(), pred, Average.BINARY, 0) / repeats;
                sum[m][2] += PrecisionRecall.f1(test.y(), pred, Average.BINARY, 0) / repeats;
                sum[m][3] += ClassificationMetrics.balancedAccuracy(test.y(), pred) / repeats;
                sum[m][4] += RankingMetrics.rocAuc(test.y(), score) / repeats;
            }
        }
        Table table = new Table("Minority class ('" + FashionMnist.CLASS_NAMES.get(MINORITY) + "') on a test set with "
                + testPos + " positives among " + testN + (repeats > 1 ? ", mean of " + repeats + " draws" : "")
                + "; threshold 0.5").text("method");
        for (String c : cols) {
            table.num(c, 3);
        }
        for (int m = 0; m < methods.length; m++) {
            table.row(methods[m].label, sum[m][0], sum[m][1], sum[m][2], sum[m][3], sum[m][4]);
        }
        String[] labels = new String[methods.length];
        double[] recall = new double[methods.length];
        double[] f1 = new double[methods.length];
        for (int m = 0; m < methods.length; m++) {
            labels[m] = methods[m].label;
            recall[m] = sum[m][0];
            f1[m] = sum[m][2];
        }
        Result.Builder out = Result.builder()
                .setup(data.describe() + "; binary task: '" + FashionMnist.CLASS_NAMES.get(MINORITY) + "' (label 1) "
                        + "against the nine other classes, shirts dropped at random to one per 20 other images (training: "
                        + trainPos + " of " + trainN + "). Network: Dense 128 ReLU, Dense 1 sigmoid on the 784 pixels, "
                        + "Adam 1e-3, " + epochs + " epochs, batch 64, binary cross-entropy unless the method changes the "
                        + "loss. Class weights: FitConfig.classWeightBalanced() (scikit-learn's n / (2 n_c)); resampling "
                        + "and SMOTE from cambium-ml on the pixel vectors; focal loss: Keras's BinaryFocalCrossentropy "
                        + "(gamma 2, without and with alpha balancing).")
                .table(table)
                .plot("minority", "Minority recall and F1 for each method.", new BarChart("Minority class at 1:20")
                        .categories(labels).series("recall", recall).series("F1", f1).png());
        for (int m = 1; m < methods.length; m++) {
            boolean higher = sum[m][0] > sum[0][0];
            out.check(methods[m].label + " raises the minority class's recall", higher,
                    methods[m].label + ": minority recall " + table.text(m, 1) + " against " + table.text(0, 1)
                            + " for plain training; precision " + table.text(m, 2) + " vs " + table.text(0, 2)
                            + ", F1 " + table.text(m, 3) + " vs " + table.text(0, 3) + ".");
        }
        int bestF1 = 0;
        for (int m = 1; m < methods.length; m++) {
            bestF1 = sum[m][2] > sum[bestF1][2] ? m : bestF1;
        }
        out.observed("The best minority F1 came from " + methods[bestF1].label + " (" + table.text(bestF1, 3)
                + "): recall bought by reweighting or resampling is partly paid for in precision. ROC-AUC, which "
                + "does not depend on the threshold, ranges from " + minText(table, 5) + " to " + maxText(table, 5) + ".");
        return out.build();
    }

    private static String minText(Table t, int col) {
        int best = 0;
        for (int i = 1; i < t.rowCount(); i++) {
            best = t.value(i, col) < t.value(best, col) ? i : best;
        }
        return t.text(best, col);
    }

    private static String maxText(Table t, int col) {
        int best = 0;
        for (int i = 1; i < t.rowCount(); i++) {
            best = t.value(i, col) > t.value(best, col) ? i : best;
        }
        return t.text(best, col);
    }
}
