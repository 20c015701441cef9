package io.cambium.lab.experiments;

import io.cambium.data.Dataset;
import io.cambium.data.Example;
import io.cambium.data.augment.ImageAugmenter;
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
import io.cambium.nn.diagnostics.GradientProbe;
import io.cambium.nn.diagnostics.LayerStats;
import io.cambium.nn.diagnostics.StepDiagnostics;
import io.cambium.nn.layers.core.Dense;
import io.cambium.nn.layers.core.Dropout;
import io.cambium.nn.layers.core.Flatten;
import io.cambium.nn.losses.Losses;
import io.cambium.nn.metrics.Metrics;
import io.cambium.nn.optimizers.Adam;
import io.cambium.nn.regularizers.Regularizers;
import io.cambium.nn.training.FitConfig;
import io.cambium.nn.training.History;
import io.cambium.plot.BarChart;
import io.cambium.plot.LineChart;
import io.cambium.tensor.Tensor;

import java.util.ArrayList;
import java.util.List;

/**
 * Questions 3 and 14: an MLP that overfits a small Fashion-MNIST training set, and what L2
 * regularization, dropout, early stopping and data augmentation each do to the gap between its
 * training and validation accuracy.
 */
public final class Q14OverfittingRemedies implements Experiment {
    @Override
    public List<Integer> questions() {
        return List.of(14);
    }

    @Override
    public String title() {
        return "Overfitting remedies: L2, dropout, early stopping and augmentation against the generalization gap";
    }

    @Override
    public String summary() {
        return "The textbook answer: a model that fits its training data much better than unseen data overfits; "
                + "L2 weight penalties, dropout, early stopping on the validation loss (restoring the best weights) "
                + "and data augmentation each narrow the gap between training and validation accuracy. The "
                + "experiment trains the same over-sized MLP on a small Fashion-MNIST sample with each remedy alone "
                + "and all together, and measures the gap and the test accuracy.";
    }

    /** One training recipe: a name, whether it adds L2 / dropout / early stopping / augmentation. */
    private record Recipe(String name, boolean l2, boolean dropout, boolean earlyStopping, boolean augment) {
    }

    @Override
    public Result run(Mode mode, long seed, Progress progress) {
        int nTrain = mode.pick(1000, 3000);
        int epochs = mode.pick(15, 40);
        LabData.Split data = LabData.fashion(nTrain, mode.pick(1000, 3000), mode.pick(1000, 5000), seed);
        List<Recipe> recipes = List.of(
                new Recipe("baseline", false, false, false, false),
                new Recipe("L2 1e-3", true, false, false, false),
                new Recipe("dropout 0.5", false, true, false, false),
                new Recipe("early stopping", false, false, true, false),
                new Recipe("augmentation", false, false, false, true),
                new Recipe("all four", true, true, true, true));
        progress.total(recipes.size() * epochs);
        int probeSize = Math.min(256, data.yTrain().length);
        Tensor probe = data.xTrain().narrow(0, 0, probeSize);
        int[] probeLabels = java.util.Arrays.copyOf(data.yTrain(), probeSize);

        Table table = new Table("Generalization gap after training (accuracies measured in inference mode)")
                .text("recipe").num("epochs run", 0).num("train acc", 3).num("val acc", 3).num("gap", 3)
                .num("test acc", 3).num("weight norm", 2).num("dead units, layer 1", 3).num("seconds", 1);
        LineChart valLoss = new LineChart("Validation loss per epoch").xLabel("epoch").yLabel("val_loss").integerX(true);
        double[] gaps = new double[recipes.size()];
        for (int i = 0; i < recipes.size(); i++) {
            Recipe r = recipes.get(i);
            progress.message(r.name());
            long t0 = System.nanoTime();
            Sequential model = mlp(r);
            model.compile(new Adam(1e-3), Losses.sparseCategoricalCrossentropy(), Metrics.accuracy());
            List<io.cambium.nn.callbacks.Callback> callbacks = new ArrayList<>();
            callbacks.add(progress.epochs(r.name()));
            if (r.earlyStopping()) {
                callbacks.add(new EarlyStopping("val_loss").patience(5).restoreBestWeights(true));
            }
            FitConfig config = FitConfig.epochs(epochs).batchSize(64).quiet()
                    .validationData(data.xVal(), data.yVal())
                    .callbacks(callbacks.toArray(new io.cambium.nn.callbacks.Callback[0]));
            History h;
            if (r.augment()) {
                // On-the-fly augmentation in the input pipeline: every epoch sees new random transforms.
                ImageAugmenter aug = new ImageAugmenter().rotationRange(10).widthShiftRange(0.1)
                        .heightShiftRange(0.1).zoomRange(0.1).horizontalFlip(true);
                Dataset<Example> train = Dataset.fromTensorSlices(data.xTrain(), Tensor.of(data.yTrain(), nTrain))
                        .shuffle(nTrain, seed).batch(64, false).randomMap(seed, aug::apply, 1);
                h = model.fit(train, config);
            } else {
                h = model.fit(data.xTrain(), data.yTrain(), config);
            }
            int ran = h.epochs().size();
            progress.advance(epochs - ran, r.name() + " done");
            double trainAcc = model.evaluate(data.xTrain(), data.yTrain()).get("accuracy");
            double valAcc = model.evaluate(data.xVal(), data.yVal()).get("accuracy");
            double testAcc = model.evaluate(data.xTest(), data.yTest()).get("accuracy");
            gaps[i] = trainAcc - valAcc;
            // cambium-nn's diagnostics on a fixed training batch: how large the weights grew and how many
            // first-layer ReLU units never fire (what L2 and dropout act on)
            StepDiagnostics d = GradientProbe.measure(model, probe, probeLabels);
            double sumSquares = 0;
            double dead = Double.NaN;
            for (LayerStats s : d.layers()) {
                if (s.hasWeights()) {
                    sumSquares += s.weightNorm() * s.weightNorm();
                    if (Double.isNaN(dead)) {
                        dead = s.deadFraction();
                    }
                }
            }
            table.row(r.name(), ran, trainAcc, valAcc, gaps[i], testAcc, Math.sqrt(sumSquares), dead,
                    (System.nanoTime() - t0) / 1e9);
            valLoss.series(r.name(), Series.of(h.get("val_loss")));
        }

        long params = mlp(recipes.get(0)).countParams();
        Result.Builder out = Result.builder()
                .setup(data.describe() + ". Model: Flatten, Dense 512 ReLU, Dense 256 ReLU, Dense 10 softmax "
                        + "(" + params + " parameters, far more than " + nTrain + " training images call for); Adam 1e-3, batch 64, "
                        + "up to " + epochs + " epochs. Remedies: L2 = kernel regularizer l2(1e-3) on every Dense; "
                        + "dropout = Dropout(0.5) after each hidden layer; early stopping = EarlyStopping(val_loss, "
                        + "patience 5, restore best weights); augmentation = ImageAugmenter (rotation 10 degrees, "
                        + "shifts 0.1, zoom 0.1, horizontal flips) applied to every batch in the pipeline. The gap is "
                        + "training accuracy minus validation accuracy, both measured with evaluate() at the end.")
                .table(table)
                .plot("gap", "Training minus validation accuracy per recipe (lower is better).",
                        new BarChart("Generalization gap (train acc - val acc)").categories(names(recipes))
                                .series("gap", gaps).yLabel("gap").png())
                .plot("val_loss", "Validation loss per epoch for each recipe (with L2 it includes the penalty, as "
                        + "Keras reports val_loss).", valLoss.png());
        int gapCol = table.columnIndex("gap");
        int testCol = table.columnIndex("test acc");
        for (int i = 1; i < recipes.size(); i++) {
            String name = recipes.get(i).name();
            boolean narrower = table.value(i, gapCol) < table.value(0, gapCol);
            out.check(name + " narrows the generalization gap", narrower,
                    name + (narrower ? " cut" : " did not cut") + " the train/validation gap from "
                            + table.text(0, gapCol) + " to " + table.text(i, gapCol) + " (test accuracy "
                            + table.text(0, testCol) + " -> " + table.text(i, testCol) + ").");
        }
        int normCol = table.columnIndex("weight norm");
        out.check("L2 keeps the weights smaller", table.value(1, normCol) < table.value(0, normCol),
                "GradientProbe measured the norm of all the weights at " + table.text(1, normCol) + " with L2 against "
                        + table.text(0, normCol) + " without; the first hidden layer had "
                        + table.text(0, table.columnIndex("dead units, layer 1")) + " of its units dead (never "
                        + "active on a batch of " + probeSize + " training images) in the baseline and "
                        + table.text(2, table.columnIndex("dead units, layer 1")) + " with dropout.");
        int best = 0;
        for (int i = 1; i < recipes.size(); i++) {
            if (table.value(i, testCol) > table.value(best, testCol)) {
                best = i;
            }
        }
        out.observed("The best test accuracy came from " + recipes.get(best).name() + " (" + table.text(best, testCol)
                + "); a narrower gap is not by itself a better model, the test accuracy says which recipe generalizes.");
        return out.build();
    }

    private static Sequential mlp(Recipe r) {
        List<Layer> layers = new ArrayList<>();
        layers.add(new Flatten().inputShape(28, 28, 1));
        for (int units : new int[] {512, 256}) {
            Dense d = new Dense(units).activation("relu");
            if (r.l2()) {
                d.kernelRegularizer(Regularizers.l2(1e-3));
            }
            layers.add(d);
            if (r.dropout()) {
                layers.add(new Dropout(0.5));
            }
        }
        Dense head = new Dense(10).activation("softmax");
        if (r.l2()) {
            head.kernelRegularizer(Regularizers.l2(1e-3));
        }
        layers.add(head);
        return new Sequential(layers.toArray(new Layer[0]));
    }

    private static String[] names(List<Recipe> recipes) {
        return recipes.stream().map(Recipe::name).toArray(String[]::new);
    }
}
