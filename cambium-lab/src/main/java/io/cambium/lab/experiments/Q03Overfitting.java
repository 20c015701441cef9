package io.cambium.lab.experiments;

import io.cambium.Cambium;
import io.cambium.lab.Experiment;
import io.cambium.lab.Mode;
import io.cambium.lab.Progress;
import io.cambium.lab.Result;
import io.cambium.lab.Table;
import io.cambium.lab.support.GradientNorms;
import io.cambium.lab.support.LabData;
import io.cambium.lab.support.Series;
import io.cambium.nn.Sequential;
import io.cambium.nn.callbacks.Callback;
import io.cambium.nn.layers.core.Dense;
import io.cambium.nn.layers.core.Flatten;
import io.cambium.nn.losses.Loss;
import io.cambium.nn.losses.Losses;
import io.cambium.nn.metrics.Metrics;
import io.cambium.nn.optimizers.Adam;
import io.cambium.nn.training.FitConfig;
import io.cambium.nn.training.History;
import io.cambium.plot.LineChart;
import io.cambium.tensor.Tensor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Question 3: what overfitting looks like. The same over-sized MLP trained on more and more
 * Fashion-MNIST images: training accuracy near 1 for all, validation accuracy and the gap depending
 * on the data; the validation loss turns up while the training loss keeps falling; the layers'
 * gradients fade as the training set is memorized.
 */
public final class Q03Overfitting implements Experiment {
    @Override
    public List<Integer> questions() {
        return List.of(3);
    }

    @Override
    public String title() {
        return "Overfitting: the train/validation gap against the size of the training set, and the turning validation loss";
    }

    @Override
    public String summary() {
        return "The textbook answer: a model overfits when it fits the noise and details of its training data "
                + "instead of the general pattern, so it scores well on the training set and worse on new data; it "
                + "happens when the model is too complex for the data. The experiment trains one large MLP on 250 to "
                + "thousands of images and measures the gap, the epoch where the validation loss stops improving, "
                + "and each layer's gradient norm as training goes on.";
    }

    @Override
    public Result run(Mode mode, long seed, Progress progress) {
        int[] sizes = mode == Mode.QUICK ? new int[] {250, 1000} : new int[] {250, 1000, 4000, 12000};
        int epochs = mode.pick(15, 30);
        LabData.Split data = LabData.fashion(sizes[sizes.length - 1], mode.pick(1000, 3000), 0, seed);
        progress.total(sizes.length * epochs);
        Loss loss = Losses.sparseCategoricalCrossentropy();

        Table table = new Table("The same MLP on training sets of growing size (" + epochs + " epochs)")
                .num("training images", 0).num("train acc", 3).num("val acc", 3).num("gap", 3)
                .num("best val_loss epoch", 0).num("val_loss at best", 3).num("val_loss at end", 3);
        LineChart curves = new LineChart("Loss per epoch, smallest training set").xLabel("epoch").yLabel("loss")
                .integerX(true);
        LineChart gradients = new LineChart("Gradient norm per layer, smallest training set").xLabel("epoch")
                .yLabel("||dL/dW|| on a training batch").logY(true).integerX(true);
        double[] gaps = new double[sizes.length];
        for (int s = 0; s < sizes.length; s++) {
            int n = sizes[s];
            Tensor x = data.xTrain().narrow(0, 0, n);
            int[] y = Arrays.copyOf(data.yTrain(), n);
            Cambium.seed(seed);
            Sequential model = new Sequential(new Flatten().inputShape(28, 28, 1), new Dense(512).activation("relu"),
                    new Dense(256).activation("relu"), new Dense(10).activation("softmax"));
            model.compile(new Adam(1e-3), loss, Metrics.accuracy());
            List<double[]> norms = new ArrayList<>();
            Tensor probe = x.narrow(0, 0, Math.min(128, n));
            int[] probeLabels = Arrays.copyOf(y, probe.dim(0));
            // Per-layer gradient norms at the end of each epoch, on a fixed batch (cambium-nn's GradientProbe).
            Callback gradientProbe = new Callback() {
                @Override
                public void onEpochEnd(int epoch, Map<String, Double> logs) {
                    norms.add(GradientNorms.kernels(model, probe, probeLabels).stream()
                            .mapToDouble(GradientNorms.LayerNorm::norm).toArray());
                }
            };
            History h = model.fit(x, y, FitConfig.epochs(epochs).batchSize(32).quiet()
                    .validationData(data.xVal(), data.yVal())
                    .callbacks(progress.epochs(n + " images"), gradientProbe));
            double trainAcc = model.evaluate(x, y).get("accuracy");
            double valAcc = model.evaluate(data.xVal(), data.yVal()).get("accuracy");
            double[] valLoss = Series.of(h.get("val_loss"));
            int best = 0;
            for (int e = 1; e < valLoss.length; e++) {
                best = valLoss[e] < valLoss[best] ? e : best;
            }
            gaps[s] = trainAcc - valAcc;
            table.row(n, trainAcc, valAcc, gaps[s], best + 1, valLoss[best], valLoss[valLoss.length - 1]);
            if (s == 0) {
                curves.series("training loss", Series.of(h.get("loss"))).dashed("validation loss",
                        Series.oneTo(valLoss.length), valLoss);
                String[] layerNames = {"Dense 512", "Dense 256", "Dense 10"};
                for (int l = 0; l < layerNames.length; l++) {
                    double[] v = new double[norms.size()];
                    for (int e = 0; e < v.length; e++) {
                        v[e] = norms.get(e)[l];
                    }
                    gradients.series(layerNames[l], v);
                }
            }
        }

        int gap = table.columnIndex("gap");
        int bestEpoch = table.columnIndex("best val_loss epoch");
        int last = sizes.length - 1;
        Result.Builder out = Result.builder()
                .setup(data.describe() + " (the first N training images are used for each size). Model: Flatten, Dense "
                        + "512 ReLU, Dense 256 ReLU, Dense 10 softmax (535,818 parameters); Adam 1e-3, batch 32, " + epochs
                        + " epochs, the same seed. Accuracies come from evaluate() after training; the gradient norms "
                        + "are taken at the end of each epoch on 128 training images with loss.backward() and each "
                        + "kernel's grad.")
                .table(table)
                .plot("loss", "Training and validation loss on the smallest training set.", curves.png())
                .plot("gradients", "Per-layer gradient norms on training images, smallest training set.", gradients.png());
        out.check("A model too large for its data fits the training set far better than new data",
                table.value(0, gap) > 0.1,
                "On " + table.text(0, 0) + " images the MLP reaches training accuracy " + table.text(0, 1)
                        + " but validation accuracy " + table.text(0, 2) + ", a gap of " + table.text(0, gap) + ".");
        out.check("More training data narrows the generalization gap", gaps[last] < gaps[0],
                "The gap falls from " + table.text(0, gap) + " with " + table.text(0, 0) + " images to "
                        + table.text(last, gap) + " with " + table.text(last, 0) + ".");
        out.check("Overfitting shows as a validation loss that turns up while the training loss keeps falling",
                table.value(0, bestEpoch) < epochs && table.value(0, 6) > table.value(0, 5),
                "On the smallest set the validation loss is lowest at epoch " + table.text(0, bestEpoch) + " ("
                        + table.text(0, 5) + ") and ends at " + table.text(0, 6) + " after " + epochs + " epochs.");
        return out.build();
    }
}
