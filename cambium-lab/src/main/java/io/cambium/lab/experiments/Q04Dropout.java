package io.cambium.lab.experiments;

import io.cambium.Cambium;
import io.cambium.lab.Experiment;
import io.cambium.lab.Mode;
import io.cambium.lab.Progress;
import io.cambium.lab.Result;
import io.cambium.lab.Table;
import io.cambium.lab.support.LabData;
import io.cambium.lab.support.Series;
import io.cambium.nn.Layer;
import io.cambium.nn.Sequential;
import io.cambium.nn.layers.core.Dense;
import io.cambium.nn.layers.core.Dropout;
import io.cambium.nn.layers.core.Flatten;
import io.cambium.nn.losses.Losses;
import io.cambium.nn.metrics.Metrics;
import io.cambium.nn.optimizers.Adam;
import io.cambium.nn.training.FitConfig;
import io.cambium.nn.training.History;
import io.cambium.plot.LineChart;
import io.cambium.tensor.Tensor;

import java.util.ArrayList;
import java.util.List;

/**
 * Question 4: what a Dropout layer does (inverted dropout: zero a fraction of the units in training
 * and scale the rest, identity at inference), measured on a tensor; and what dropout rates from 0
 * to 0.7 do to an MLP's generalization gap on a small Fashion-MNIST training set.
 */
public final class Q04Dropout implements Experiment {
    private static final double[] RATES = {0, 0.2, 0.5, 0.7};

    @Override
    public List<Integer> questions() {
        return List.of(4);
    }

    @Override
    public String title() {
        return "Dropout: inverted dropout measured on a tensor, and the generalization gap for rates 0 to 0.7";
    }

    @Override
    public String summary() {
        return "The textbook answer: dropout randomly sets a fraction of the units to zero during training, so the "
                + "network cannot rely on any single unit and co-adaptation is reduced, which lowers overfitting; at "
                + "inference all units are used. The experiment checks the layer's semantics (fraction zeroed, "
                + "survivors scaled by 1/(1 - rate), identity at inference) and trains the same MLP with each rate.";
    }

    @Override
    public Result run(Mode mode, long seed, Progress progress) {
        LabData.Split data = LabData.fashion(mode.pick(1000, 3000), mode.pick(1000, 3000), mode.pick(500, 5000), seed);
        int epochs = mode.pick(15, 40);
        progress.total(RATES.length * epochs + 1);

        // The layer itself: a tensor of ones through Dropout(rate) in training and in inference mode.
        Table semantics = new Table("Dropout on a tensor of 100,000 ones").num("rate", 1).num("zeroed share", 4)
                .num("survivor value", 4).num("mean, training", 4).num("max |output - input|, inference", 4);
        Tensor ones = Tensor.ones(100, 1000);
        for (double rate : RATES) {
            if (rate == 0) {
                continue;
            }
            Cambium.seed(seed);
            Dropout d = new Dropout(rate);
            Tensor train = d.apply(ones, true);
            Tensor infer = d.apply(ones, false);
            float[] v = train.toArray();
            int zeros = 0;
            float survivor = 0;
            for (float f : v) {
                if (f == 0) {
                    zeros++;
                } else {
                    survivor = f;
                }
            }
            semantics.row(rate, (double) zeros / v.length, survivor, train.mean().item(),
                    infer.sub(ones).abs().max().item());
        }
        progress.advance(1, "training");

        Table table = new Table("MLP with Dropout after each hidden layer").num("rate", 1).num("train acc", 3)
                .num("val acc", 3).num("gap", 3).num("test acc", 3);
        LineChart curves = new LineChart("Validation accuracy per epoch").xLabel("epoch").yLabel("val accuracy")
                .integerX(true);
        for (double rate : RATES) {
            Cambium.seed(seed);
            List<Layer> layers = new ArrayList<>();
            layers.add(new Flatten().inputShape(28, 28, 1));
            for (int units : new int[] {512, 512}) {
                layers.add(new Dense(units).activation("relu"));
                if (rate > 0) {
                    layers.add(new Dropout(rate));
                }
            }
            layers.add(new Dense(10).activation("softmax"));
            Sequential model = new Sequential(layers.toArray(new Layer[0]));
            model.compile(new Adam(1e-3), Losses.sparseCategoricalCrossentropy(), Metrics.accuracy());
            History h = model.fit(data.xTrain(), data.yTrain(), FitConfig.epochs(epochs).batchSize(64).quiet()
                    .validationData(data.xVal(), data.yVal()).callbacks(progress.epochs("dropout " + rate)));
            double trainAcc = model.evaluate(data.xTrain(), data.yTrain()).get("accuracy");
            double valAcc = model.evaluate(data.xVal(), data.yVal()).get("accuracy");
            table.row(rate, trainAcc, valAcc, trainAcc - valAcc, model.evaluate(data.xTest(), data.yTest()).get("accuracy"));
            curves.series("rate " + rate, Series.of(h.get("val_accuracy")));
        }

        Result.Builder out = Result.builder()
                .setup(data.describe() + ". Model: Flatten, Dense 512 ReLU, Dropout, Dense 512 ReLU, Dropout, Dense 10 "
                        + "softmax (no Dropout layers at rate 0); Adam 1e-3, batch 64, " + epochs + " epochs, the same "
                        + "seed. Train and validation accuracies are measured with evaluate(), i.e. with dropout off.")
                .table(semantics).table(table)
                .plot("val_accuracy", "Validation accuracy per epoch for each dropout rate.", curves.png());
        boolean inverted = true;
        for (int i = 0; i < semantics.rowCount(); i++) {
            double rate = semantics.value(i, 0);
            inverted &= Math.abs(semantics.value(i, 1) - rate) < 0.01
                    && Math.abs(semantics.value(i, 2) - 1 / (1 - rate)) < 1e-3
                    && Math.abs(semantics.value(i, 3) - 1) < 0.02 && semantics.value(i, 4) == 0;
        }
        int mid = semantics.rowCount() - 2;
        out.check("Dropout zeroes a share 'rate' of the units in training, rescales the rest, and is off at inference",
                inverted, "At rate " + semantics.text(mid, 0) + " the layer zeroed " + semantics.text(mid, 1) + " of the units "
                        + "and set the others to " + semantics.text(mid, 2) + ", keeping the mean at " + semantics.text(mid, 3)
                        + "; in inference mode the output equals the input (max difference " + semantics.text(mid, 4) + ").");
        int gap = table.columnIndex("gap");
        int test = table.columnIndex("test acc");
        for (int i = 1; i < table.rowCount(); i++) {
            out.check("Dropout " + table.text(i, 0) + " narrows the generalization gap", table.value(i, gap) < table.value(0, gap),
                    "Dropout " + table.text(i, 0) + ": gap " + table.text(i, gap) + " against " + table.text(0, gap)
                            + " without dropout; test accuracy " + table.text(i, test) + " against " + table.text(0, test) + ".");
        }
        return out.build();
    }
}
