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
import io.cambium.nn.Layer;
import io.cambium.nn.Sequential;
import io.cambium.nn.callbacks.EarlyStopping;
import io.cambium.nn.layers.conv.Conv2D;
import io.cambium.nn.layers.core.Activation;
import io.cambium.nn.layers.core.Dense;
import io.cambium.nn.layers.core.Dropout;
import io.cambium.nn.layers.core.Flatten;
import io.cambium.nn.layers.normalization.BatchNormalization;
import io.cambium.nn.layers.pooling.MaxPooling2D;
import io.cambium.nn.losses.Losses;
import io.cambium.nn.metrics.Metrics;
import io.cambium.nn.optimizers.Adam;
import io.cambium.nn.training.FitConfig;
import io.cambium.nn.training.History;
import io.cambium.plot.ConfusionMatrix;
import io.cambium.plot.ConfusionMatrixPlot;
import io.cambium.plot.LineChart;

import java.util.ArrayList;
import java.util.List;

/**
 * Questions 30 and 33: a complete CNN classifier on Fashion-MNIST built up step by step (one conv
 * block, two blocks, BatchNormalization, Dropout), each trained with early stopping on a validation
 * split; per-class errors of the final design.
 */
public final class Q30CnnDesign implements Experiment {
    @Override
    public List<Integer> questions() {
        return List.of(30, 33);
    }

    @Override
    public String title() {
        return "CNN design: a full classifier built up block by block (depth, BatchNorm, Dropout) on Fashion-MNIST";
    }

    @Override
    public String summary() {
        return "The textbook answer: stack convolution + activation + pooling blocks with growing numbers of filters, "
                + "add batch normalization for stable training and dropout against overfitting, then flatten into "
                + "dense layers and a softmax. The experiment adds these pieces one at a time to a CNN trained on real "
                + "images and measures the validation curve, test accuracy and per-class errors.";
    }

    @Override
    public Result run(Mode mode, long seed, Progress progress) {
        LabData.Split data = LabData.fashion(mode.pick(1500, 8000), mode.pick(500, 2000), mode.pick(500, 5000), seed);
        int epochs = mode.pick(3, 8);
        String[] names = {"1 block (Conv 32)", "2 blocks (Conv 32, Conv 64)", "2 blocks + BatchNorm",
            "2 blocks + BatchNorm + Dropout"};
        progress.total(names.length * epochs);

        Table table = new Table("CNN variants (early stopping on val_loss, patience 2, best weights restored)")
                .text("design").num("params", 0).num("epochs run", 0).num("train acc", 3).num("val acc", 3)
                .num("test acc", 3);
        LineChart curves = new LineChart("Validation accuracy per epoch").xLabel("epoch").yLabel("val accuracy")
                .integerX(true);
        Sequential last = null;
        for (int i = 0; i < names.length; i++) {
            Cambium.seed(seed);
            Sequential model = new Sequential(layers(i));
            model.compile(new Adam(1e-3), Losses.sparseCategoricalCrossentropy(), Metrics.accuracy());
            History h = model.fit(data.xTrain(), data.yTrain(), FitConfig.epochs(epochs).batchSize(64).quiet()
                    .validationData(data.xVal(), data.yVal())
                    .callbacks(progress.epochs(names[i]), new EarlyStopping("val_loss").patience(2).restoreBestWeights(true)));
            progress.advance(epochs - h.epochs().size(), names[i] + " stopped early");
            table.row(names[i], model.countParams(), h.epochs().size(),
                    model.evaluate(data.xTrain(), data.yTrain()).get("accuracy"),
                    model.evaluate(data.xVal(), data.yVal()).get("accuracy"),
                    model.evaluate(data.xTest(), data.yTest()).get("accuracy"));
            curves.series(names[i], Series.of(h.get("val_accuracy")));
            last = model;
        }

        int[] pred = last.predict(data.xTest()).argmax(1, false).toIntArray();
        ConfusionMatrix cm = ConfusionMatrix.of(data.yTest(), pred, FashionMnist.CLASS_NAMES);
        Table perClass = new Table("Per-class recall of the final design on the test set").text("class")
                .num("test images", 0).num("recall", 3);
        for (int c = 0; c < 10; c++) {
            perClass.row(FashionMnist.CLASS_NAMES.get(c), (double) cm.support(c),
                    cm.support(c) == 0 ? Double.NaN : (double) cm.get(c, c) / cm.support(c));
        }
        int test = table.columnIndex("test acc");
        int worst = 0;
        int bestClass = 0;
        for (int c = 1; c < 10; c++) {
            worst = perClass.value(c, 2) < perClass.value(worst, 2) ? c : worst;
            bestClass = perClass.value(c, 2) > perClass.value(bestClass, 2) ? c : bestClass;
        }
        Result.Builder out = Result.builder()
                .setup(data.describe() + ". Blocks: Conv2D 3x3 same (32, then 64 filters), [BatchNormalization], ReLU, "
                        + "MaxPooling2D 2; then Flatten, [Dropout 0.4], Dense 128 ReLU, [Dropout 0.4], Dense 10 softmax. "
                        + "Adam 1e-3, batch 64, up to " + epochs + " epochs with EarlyStopping(val_loss, patience 2, "
                        + "restore best weights); the same seed for every design. BatchNormalization uses momentum 0.9 (Keras: "
                        + "0.99) so that its moving statistics settle within a short run.")
                .table(table).table(perClass)
                .plot("val_accuracy", "Validation accuracy per epoch for each design.", curves.png())
                .plot("confusion", "Confusion matrix of the final design on the test set.", ConfusionMatrixPlot.png(cm, "Confusion matrix (test set)"));
        out.check("A second convolution block improves on one", table.value(1, test) > table.value(0, test),
                "Test accuracy: one block " + table.text(0, test) + ", two blocks " + table.text(1, test) + ".");
        out.check("Batch normalization helps the CNN", table.value(2, test) > table.value(1, test),
                "Adding BatchNorm: " + table.text(1, test) + " -> " + table.text(2, test) + ".");
        out.check("Dropout helps the CNN generalize", table.value(3, test) > table.value(2, test),
                "Adding Dropout: " + table.text(2, test) + " -> " + table.text(3, test) + " (train accuracy "
                        + table.text(2, 3) + " -> " + table.text(3, 3) + ").");
        out.observed("The final design recognizes " + perClass.text(bestClass, 0) + " best (recall "
                + perClass.text(bestClass, 2) + ") and " + perClass.text(worst, 0) + " worst (" + perClass.text(worst, 2) + ").");
        return out.build();
    }

    private static Layer[] layers(int variant) {
        List<Layer> l = new ArrayList<>();
        int blocks = variant == 0 ? 1 : 2;
        for (int b = 0; b < blocks; b++) {
            Conv2D conv = new Conv2D(b == 0 ? 32 : 64, 3).padding("same");
            l.add(b == 0 ? conv.inputShape(28, 28, 1) : conv);
            if (variant >= 2) {
                l.add(new BatchNormalization().momentum(0.9));
            }
            l.add(new Activation("relu"));
            l.add(new MaxPooling2D(2));
        }
        l.add(new Flatten());
        if (variant == 3) {
            l.add(new Dropout(0.4));
        }
        l.add(new Dense(128).activation("relu"));
        if (variant == 3) {
            l.add(new Dropout(0.4));
        }
        l.add(new Dense(10).activation("softmax"));
        return l.toArray(new Layer[0]);
    }
}
