package io.cambium.lab.experiments;

import io.cambium.Cambium;
import io.cambium.lab.Experiment;
import io.cambium.lab.Mode;
import io.cambium.lab.Progress;
import io.cambium.lab.Result;
import io.cambium.lab.Table;
import io.cambium.lab.support.LabData;
import io.cambium.lab.support.Series;
import io.cambium.nn.Input;
import io.cambium.nn.Model;
import io.cambium.nn.SymbolicTensor;
import io.cambium.nn.layers.core.Dense;
import io.cambium.nn.layers.core.Flatten;
import io.cambium.nn.layers.preprocessing.Normalization;
import io.cambium.nn.layers.preprocessing.Rescaling;
import io.cambium.nn.losses.Losses;
import io.cambium.nn.metrics.Metrics;
import io.cambium.nn.optimizers.SGD;
import io.cambium.nn.training.FitConfig;
import io.cambium.nn.training.History;
import io.cambium.plot.LineChart;
import io.cambium.tensor.Tensor;

import java.util.List;

/**
 * Question 25: the input layer and preprocessing inside the model. Raw pixel values (0 to 255)
 * fed to an MLP directly, through a Rescaling layer, and through a Normalization layer adapted to the
 * training data; the preprocessing travels with the model.
 */
public final class Q25InputLayer implements Experiment {
    @Override
    public List<Integer> questions() {
        return List.of(25);
    }

    @Override
    public String title() {
        return "Input layer: raw pixel values against Rescaling and Normalization layers in the model";
    }

    @Override
    public String summary() {
        return "The textbook answer: the input layer fixes the shape of the data (Input(shape)), and preprocessing "
                + "(scaling, normalization, embeddings for categories) belongs at the model's entrance so that training "
                + "and serving see the same transformation. The experiment feeds raw 0-255 pixels to the same MLP "
                + "with nothing, a Rescaling(1/255) layer or a Normalization layer adapted to the training set.";
    }

    @Override
    public Result run(Mode mode, long seed, Progress progress) {
        LabData.Split data = LabData.fashion(mode.pick(2000, 10000), 0, mode.pick(500, 5000), seed);
        Tensor raw = data.xTrain().mul(255f);
        Tensor rawTest = data.xTest().mul(255f);
        int epochs = mode.pick(5, 10);
        String[] names = {"raw 0-255 pixels", "Rescaling(1/255)", "Normalization (adapted)"};
        progress.total(names.length * epochs);

        Table table = new Table("Plain SGD (lr 0.01, momentum 0.9) on raw pixel values").text("input layer")
                .num("loss after epoch 1", 3).num("final train loss", 3).num("test acc", 3);
        LineChart chart = new LineChart("Training loss per epoch").xLabel("epoch").yLabel("loss").logY(true)
                .integerX(true);
        for (int i = 0; i < names.length; i++) {
            Cambium.seed(seed);
            SymbolicTensor in = Input.shape(28, 28, 1);
            SymbolicTensor x = new Flatten().apply(in);
            if (i == 1) {
                x = new Rescaling(1.0 / 255).apply(x);
            } else if (i == 2) {
                // Keras's adapt(): per-feature mean and variance of the training data, stored in the layer.
                x = new Normalization().adapt(raw.reshape(raw.dim(0), 784)).apply(x);
            }
            x = new Dense(128).activation("relu").apply(x);
            Model model = new Model(in, new Dense(10).activation("softmax").apply(x));
            model.compile(new SGD(0.01, 0.9), Losses.sparseCategoricalCrossentropy(), Metrics.accuracy());
            History h = model.fit(raw, data.yTrain(), FitConfig.epochs(epochs).batchSize(64).quiet()
                    .callbacks(progress.epochs(names[i])));
            double[] loss = Series.of(h.get("loss"));
            table.row(names[i], loss[0], loss[loss.length - 1], model.evaluate(rawTest, data.yTest()).get("accuracy"));
            chart.series(names[i], loss);
        }
        Result.Builder out = Result.builder()
                .setup(data.describe() + "; pixel values multiplied back to 0-255 as stored in the files. Model: "
                        + "Input(28, 28, 1), Flatten, [nothing | Rescaling(1/255) | Normalization adapted on the training "
                        + "images], Dense 128 ReLU, Dense 10 softmax; SGD lr 0.01 momentum 0.9, batch 64, " + epochs
                        + " epochs, the same seed. The test images go through the same layers: nothing is scaled "
                        + "outside the model.")
                .table(table)
                .plot("loss", "Training loss per epoch (log scale).", chart.png());
        out.check("Unscaled inputs make gradient descent unstable or slow", table.value(0, 2) > 2 * table.value(1, 2),
                "On raw pixels the final training loss is " + table.text(0, 2) + " (test accuracy " + table.text(0, 3)
                        + "); with Rescaling " + table.text(1, 2) + " (" + table.text(1, 3) + ").");
        out.check("Standardizing each input feature helps at least as much as rescaling",
                table.value(2, 3) >= table.value(1, 3) - 0.01,
                "With an adapted Normalization layer: final loss " + table.text(2, 2) + ", test accuracy "
                        + table.text(2, 3) + ".");
        return out.build();
    }
}
