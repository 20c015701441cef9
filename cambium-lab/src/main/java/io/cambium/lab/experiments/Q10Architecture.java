package io.cambium.lab.experiments;

import io.cambium.Cambium;
import io.cambium.lab.Experiment;
import io.cambium.lab.Mode;
import io.cambium.lab.Progress;
import io.cambium.lab.Result;
import io.cambium.lab.Table;
import io.cambium.lab.support.LabData;
import io.cambium.nn.Sequential;
import io.cambium.nn.layers.conv.Conv2D;
import io.cambium.nn.layers.core.Dense;
import io.cambium.nn.layers.core.Dropout;
import io.cambium.nn.layers.core.Flatten;
import io.cambium.nn.layers.normalization.BatchNormalization;
import io.cambium.nn.layers.pooling.GlobalAveragePooling2D;
import io.cambium.nn.layers.pooling.MaxPooling2D;
import io.cambium.nn.losses.Losses;
import io.cambium.nn.metrics.Metrics;
import io.cambium.nn.optimizers.Adam;
import io.cambium.nn.training.FitConfig;
import io.cambium.plot.LineChart;

import java.util.List;
import java.util.function.Supplier;

/**
 * Question 10: architectures of growing size for the same images, each with its parameter count and
 * FLOPs from {@code summary()}, training time and test accuracy: what depth, convolutions and
 * normalization buy, and at what cost.
 */
public final class Q10Architecture implements Experiment {
    @Override
    public List<Integer> questions() {
        return List.of(10);
    }

    @Override
    public String title() {
        return "Designing an architecture: parameters, FLOPs, training time and accuracy of five designs";
    }

    @Override
    public String summary() {
        return "The textbook answer lists the factors of an architecture: the task and data, depth and width, "
                + "layer types (convolutions for images), regularization and normalization, and the compute budget. "
                + "The experiment builds five designs for Fashion-MNIST, reads their parameters and FLOPs from the "
                + "model, and measures training time and test accuracy, so the trade-offs are numbers.";
    }

    @Override
    public Result run(Mode mode, long seed, Progress progress) {
        LabData.Split data = LabData.fashion(mode.pick(1500, 8000), 0, mode.pick(500, 5000), seed);
        int epochs = mode.pick(3, 6);
        List<String> names = List.of("MLP 128", "MLP 512-256", "CNN 2 blocks", "CNN 2 blocks + BatchNorm + Dropout",
                "CNN 3 blocks, global pooling");
        List<Supplier<Sequential>> designs = List.of(
                () -> new Sequential(new Flatten().inputShape(28, 28, 1), new Dense(128).activation("relu"),
                        new Dense(10).activation("softmax")),
                () -> new Sequential(new Flatten().inputShape(28, 28, 1), new Dense(512).activation("relu"),
                        new Dense(256).activation("relu"), new Dense(10).activation("softmax")),
                () -> new Sequential(new Conv2D(32, 3).padding("same").activation("relu").inputShape(28, 28, 1),
                        new MaxPooling2D(2), new Conv2D(64, 3).padding("same").activation("relu"), new MaxPooling2D(2),
                        new Flatten(), new Dense(128).activation("relu"), new Dense(10).activation("softmax")),
                () -> new Sequential(new Conv2D(32, 3).padding("same").inputShape(28, 28, 1), new BatchNormalization().momentum(0.9),
                        new io.cambium.nn.layers.core.Activation("relu"), new MaxPooling2D(2),
                        new Conv2D(64, 3).padding("same"), new BatchNormalization().momentum(0.9),
                        new io.cambium.nn.layers.core.Activation("relu"), new MaxPooling2D(2), new Flatten(),
                        new Dropout(0.3), new Dense(128).activation("relu"), new Dense(10).activation("softmax")),
                () -> new Sequential(new Conv2D(32, 3).padding("same").activation("relu").inputShape(28, 28, 1),
                        new MaxPooling2D(2), new Conv2D(64, 3).padding("same").activation("relu"), new MaxPooling2D(2),
                        new Conv2D(128, 3).padding("same").activation("relu"), new GlobalAveragePooling2D(),
                        new Dense(10).activation("softmax")));
        progress.total(designs.size() * epochs);

        Table table = new Table("Five designs for Fashion-MNIST").text("design").num("params", 0)
                .num("MFLOPs per image", 2).num("s per epoch", 1).num("train acc", 3).num("test acc", 3);
        double[] params = new double[designs.size()];
        double[] acc = new double[designs.size()];
        for (int i = 0; i < designs.size(); i++) {
            Cambium.seed(seed);
            Sequential model = designs.get(i).get();
            model.compile(new Adam(1e-3), Losses.sparseCategoricalCrossentropy(), Metrics.accuracy());
            long t0 = System.nanoTime();
            model.fit(data.xTrain(), data.yTrain(), FitConfig.epochs(epochs).batchSize(64).quiet()
                    .callbacks(progress.epochs(names.get(i))));
            double perEpoch = (System.nanoTime() - t0) / 1e9 / epochs;
            double flops = model.flops(List.of(new int[] {1, 28, 28, 1})) / 1e6;
            params[i] = model.countParams();
            acc[i] = model.evaluate(data.xTest(), data.yTest()).get("accuracy");
            table.row(names.get(i), params[i], flops, perEpoch,
                    model.evaluate(data.xTrain(), data.yTrain()).get("accuracy"), acc[i]);
        }
        LineChart chart = new LineChart("Test accuracy against parameters").xLabel("parameters").yLabel("test accuracy")
                .logX(true);
        for (int i = 0; i < names.size(); i++) {
            chart.points(names.get(i), new double[] {params[i]}, new double[] {acc[i]});
        }
        int best = 0;
        for (int i = 1; i < acc.length; i++) {
            best = acc[i] > acc[best] ? i : best;
        }
        int test = table.columnIndex("test acc");
        Result.Builder out = Result.builder()
                .setup(data.describe() + ". Adam 1e-3, batch 64, " + epochs + " epochs, the same seed for every design. "
                        + "BatchNormalization uses momentum 0.9 so that its moving statistics settle in a short run. "
                        + "Parameters from countParams(), FLOPs (multiply-adds counted as 2) from the model's flops() "
                        + "for one 28x28 image, as summary() prints them; seconds per epoch measured on this machine.")
                .table(table)
                .plot("accuracy_vs_params", "Test accuracy against parameter count (log scale).", chart.png());
        out.check("Convolutions suit images better than wider fully connected layers",
                Math.max(acc[2], acc[3]) > acc[1],
                "The 2-block CNN reaches " + table.text(2, test) + " with " + table.text(2, 1) + " parameters; the MLP "
                        + "512-256 reaches " + table.text(1, test) + " with " + table.text(1, 1) + ".");
        out.check("Global average pooling removes most parameters of the classifier head without losing accuracy",
                params[4] < params[2] / 2 && acc[4] >= acc[2] - 0.02,
                "The 3-block CNN with global pooling has " + table.text(4, 1) + " parameters against "
                        + table.text(2, 1) + " and reaches " + table.text(4, test) + " against " + table.text(2, test) + ".");
        out.observed("The most accurate design here is " + names.get(best) + " (" + table.text(best, test) + ", "
                + table.text(best, 2) + " MFLOPs per image, " + table.text(best, 3) + " s per epoch).");
        return out.build();
    }
}
