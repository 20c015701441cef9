package io.cambium.lab.experiments;

import io.cambium.lab.Experiment;
import io.cambium.lab.Mode;
import io.cambium.lab.Progress;
import io.cambium.lab.Result;
import io.cambium.lab.Table;
import io.cambium.lab.support.LabData;
import io.cambium.ml.linear.LogisticRegression;
import io.cambium.ml.quality.LabelNoise;
import io.cambium.ml.quality.NoiseInjection;
import io.cambium.ml.selection.StratifiedKFold;
import io.cambium.nn.Sequential;
import io.cambium.nn.layers.core.Dense;
import io.cambium.nn.layers.core.Flatten;
import io.cambium.nn.losses.CategoricalCrossentropy;
import io.cambium.nn.losses.Loss;
import io.cambium.nn.losses.Losses;
import io.cambium.nn.metrics.Metrics;
import io.cambium.nn.optimizers.Adam;
import io.cambium.nn.training.FitConfig;
import io.cambium.plot.BarChart;
import io.cambium.plot.ImageGrid;
import io.cambium.tensor.Tensor;
import io.cambium.data.loaders.FashionMnist;

import java.util.ArrayList;
import java.util.List;

/**
 * Question 23: 20% of a Fashion-MNIST training set gets a wrong label; k-NN disagreement,
 * out-of-fold self-confidence and confident learning try to find them (precision and recall
 * against the known flips), then an MLP is trained on the noisy labels, on the cleaned set,
 * with label smoothing, and on the true labels.
 */
public final class Q23LabelNoise implements Experiment {
    @Override
    public List<Integer> questions() {
        return List.of(23);
    }

    @Override
    public String title() {
        return "Label noise: finding 20% flipped labels (k-NN, out-of-fold confidence, confident learning) and training around them";
    }

    @Override
    public String summary() {
        return "The textbook answer: detect suspicious labels (a sample whose neighbours or whose cross-validated "
                + "model disagree with its label), clean or relabel them, or train with losses that tolerate noise "
                + "(label smoothing). The experiment flips 20% of the labels at random, measures how precisely and "
                + "completely each detector finds them, and what cleaning and smoothing give back in test accuracy.";
    }

    @Override
    public Result run(Mode mode, long seed, Progress progress) {
        LabData.Split data = LabData.fashion(mode.pick(1500, 6000), 0, mode.pick(500, 5000), seed);
        int n = data.yTrain().length;
        NoiseInjection.Flipped flipped = NoiseInjection.flipLabels(data.yTrain(), 0.20, seed);
        int[] noisy = flipped.labels();
        boolean[] truth = flipped.flipped();
        double[][] x = LabData.rows(data.xTrain());
        int epochs = mode.pick(10, 20);
        progress.total(4 + 4 * epochs);

        progress.message("k-NN disagreement");
        int[] knn = LabelNoise.knnSuspects(x, noisy, 10, 0.5);
        progress.advance(1, "out-of-fold probabilities (logistic regression, 5 folds)");
        double[][] oof = LabelNoise.outOfFoldProba(() -> new LogisticRegression().C(0.05).maxIter(mode.pick(60, 150)),
                x, noisy, new StratifiedKFold(5).shuffle(true).randomState(seed));
        progress.advance(2, "confident learning");
        double[] self = LabelNoise.selfConfidence(oof, noisy);
        List<Integer> low = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            if (self[i] < 0.5) {
                low.add(i);
            }
        }
        int[] lowConfidence = low.stream().mapToInt(Integer::intValue).toArray();
        int[] cl = LabelNoise.confidentLearningIssues(oof, noisy);
        progress.advance(1, "training");

        Table detection = new Table("Finding the " + count(truth) + " flipped labels among " + n)
                .text("detector").num("flagged", 0).num("precision", 3).num("recall", 3).num("F1", 3);
        detectionRow(detection, "k-NN disagreement (k 10, > 0.5)", knn, truth);
        detectionRow(detection, "out-of-fold self-confidence < 0.5", lowConfidence, truth);
        detectionRow(detection, "confident learning", cl, truth);

        Table training = new Table("MLP test accuracy by training labels").text("training labels")
                .num("training images", 0).num("test acc", 3);
        boolean[] drop = LabelNoise.mask(n, cl);
        int[] keep = kept(drop);
        trainRow(training, "noisy (20% flipped)", data.xTrain(), noisy, Losses.sparseCategoricalCrossentropy(), data,
                epochs, progress);
        trainRow(training, "cleaned (confident-learning issues removed)", data.xTrain().indexSelect(0, keep),
                pick(noisy, keep), Losses.sparseCategoricalCrossentropy(), data, epochs, progress);
        trainRow(training, "noisy, label smoothing 0.2", data.xTrain(), noisy,
                new CategoricalCrossentropy(false, 0.2, Loss.Reduction.SUM_OVER_BATCH_SIZE), data, epochs, progress);
        trainRow(training, "true labels (oracle)", data.xTrain(), data.yTrain(), Losses.sparseCategoricalCrossentropy(),
                data, epochs, progress);

        ImageGrid suspects = new ImageGrid("Confident-learning issues, least self-confident first: given label / true label");
        for (int k = 0; k < Math.min(16, cl.length); k++) {
            int i = cl[k];
            suspects.add(data.xTrain().indexSelect(0, i).toArray(), 28, 28, abbrev(noisy[i]) + " / " + abbrev(data.yTrain()[i]));
        }
        int p = detection.columnIndex("precision");
        int r = detection.columnIndex("recall");
        int acc = training.columnIndex("test acc");
        Result.Builder out = Result.builder()
                .setup(data.describe() + ". NoiseInjection.flipLabels changes exactly 20% of the training labels, each "
                        + "to another class at random. Detectors (cambium-ml LabelNoise) see only the noisy labels: "
                        + "k-NN disagreement on the 784 pixels; out-of-fold probabilities from LogisticRegression "
                        + "(C 0.05) over 5 stratified folds, flagged when the probability of the given label is below "
                        + "0.5, or by confident learning (per-class thresholds). The MLP (Dense 256 ReLU, Dense 10 "
                        + "softmax, Adam 1e-3, " + epochs + " epochs, batch 64) is then trained on four label sets.")
                .table(detection).table(training)
                .plot("detection", "Precision and recall of each detector against the known flips.",
                        new BarChart("Detecting flipped labels").categories("k-NN", "self-confidence", "confident learning")
                                .series("precision", column(detection, p)).series("recall", column(detection, r)).png())
                .plot("suspects", "The first suspects of confident learning with their given and true labels.",
                        suspects.columns(8).png());
        for (int i = 0; i < detection.rowCount(); i++) {
            out.check(detection.text(i, 0) + " flags flipped labels with clearly better precision than random flags (0.20)",
                    detection.value(i, p) > 0.3,
                    detection.text(i, 0) + " flagged " + detection.text(i, 1) + " samples with precision "
                            + detection.text(i, p) + " and recall " + detection.text(i, r) + ".");
        }
        out.check("Removing suspected noisy labels improves the model", training.value(1, acc) > training.value(0, acc),
                "Training on the cleaned set gave test accuracy " + training.text(1, acc) + " against "
                        + training.text(0, acc) + " on the noisy labels (true labels: " + training.text(3, acc) + ").");
        out.check("Label smoothing makes training more tolerant of wrong labels",
                training.value(2, acc) > training.value(0, acc),
                "Label smoothing 0.2 on the noisy labels gave " + training.text(2, acc) + " against "
                        + training.text(0, acc) + ".");
        return out.build();
    }

    private static void detectionRow(Table t, String name, int[] flagged, boolean[] truth) {
        int hit = 0;
        for (int i : flagged) {
            hit += truth[i] ? 1 : 0;
        }
        double precision = flagged.length == 0 ? 0 : (double) hit / flagged.length;
        double recall = (double) hit / Math.max(1, count(truth));
        t.row(name, flagged.length, precision, recall, precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall));
    }

    private static void trainRow(Table t, String name, Tensor x, int[] y, Loss loss, LabData.Split data, int epochs,
            Progress progress) {
        Sequential model = new Sequential(new Flatten().inputShape(28, 28, 1), new Dense(256).activation("relu"),
                new Dense(10).activation("softmax"));
        boolean oneHot = loss instanceof CategoricalCrossentropy;
        model.compile(new Adam(1e-3), loss, oneHot ? Metrics.categoricalAccuracy() : Metrics.accuracy());
        FitConfig config = FitConfig.epochs(epochs).batchSize(64).quiet().callbacks(progress.epochs(name));
        if (oneHot) {
            model.fit(x, Tensor.of(y, y.length).oneHot(10), config);
        } else {
            model.fit(x, y, config);
        }
        int[] pred = model.predict(data.xTest()).argmax(1, false).toIntArray();
        int right = 0;
        for (int i = 0; i < pred.length; i++) {
            right += pred[i] == data.yTest()[i] ? 1 : 0;
        }
        t.row(name, y.length, (double) right / pred.length);
    }

    private static int count(boolean[] b) {
        int c = 0;
        for (boolean v : b) {
            c += v ? 1 : 0;
        }
        return c;
    }

    private static int[] kept(boolean[] drop) {
        List<Integer> k = new ArrayList<>();
        for (int i = 0; i < drop.length; i++) {
            if (!drop[i]) {
                k.add(i);
            }
        }
        return k.stream().mapToInt(Integer::intValue).toArray();
    }

    private static int[] pick(int[] y, int[] idx) {
        int[] out = new int[idx.length];
        for (int i = 0; i < idx.length; i++) {
            out[i] = y[idx[i]];
        }
        return out;
    }

    private static double[] column(Table t, int c) {
        double[] out = new double[t.rowCount()];
        for (int i = 0; i < out.length; i++) {
            out[i] = t.value(i, c);
        }
        return out;
    }

    private static String abbrev(int label) {
        String name = FashionMnist.CLASS_NAMES.get(label);
        return name.length() > 8 ? name.substring(0, 7) : name;
    }
}
