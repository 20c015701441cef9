package io.cambium.lab.experiments;

import io.cambium.Cambium;
import io.cambium.lab.Experiment;
import io.cambium.lab.Mode;
import io.cambium.lab.Progress;
import io.cambium.lab.Result;
import io.cambium.lab.Table;
import io.cambium.lab.support.LabData;
import io.cambium.nn.Layer;
import io.cambium.nn.Sequential;
import io.cambium.nn.layers.core.Dense;
import io.cambium.nn.layers.core.Flatten;
import io.cambium.nn.losses.Losses;
import io.cambium.nn.metrics.Metrics;
import io.cambium.nn.optimizers.Adam;
import io.cambium.nn.training.FitConfig;
import io.cambium.plot.BarChart;
import io.cambium.tensor.Tensor;

import java.util.List;

/**
 * Question 1: what a Dense layer computes (y = activation(x W + b), in x out + out parameters) and
 * why the activation matters: two Dense layers without one collapse into a single linear map,
 * measured on Fashion-MNIST against softmax regression and ReLU layers of growing width.
 */
public final class Q01FullyConnected implements Experiment {
    @Override
    public List<Integer> questions() {
        return List.of(1);
    }

    @Override
    public String title() {
        return "Fully connected layers: parameters, linear collapse without an activation, and width";
    }

    @Override
    public String summary() {
        return "The textbook answer: a fully connected (Dense) layer connects every input to every output through a "
                + "weight matrix and a bias, followed by a non-linear activation, and stacks of them learn complex "
                + "patterns. The experiment checks the parameter count, shows that two Dense layers without an "
                + "activation are exactly one linear map (and learn no more than softmax regression), and measures "
                + "what ReLU layers of growing width add on Fashion-MNIST.";
    }

    @Override
    public Result run(Mode mode, long seed, Progress progress) {
        LabData.Split data = LabData.fashion(mode.pick(2000, 10000), 0, mode.pick(500, 5000), seed);
        int epochs = mode.pick(5, 10);
        String[] names = {"softmax regression (Dense 10)", "Dense 128 linear + Dense 10", "Dense 128 ReLU + Dense 10",
            "Dense 512 ReLU + Dense 10", "Dense 512 ReLU x2 + Dense 10"};
        progress.total(names.length * epochs);

        Table table = new Table("Test accuracy of Dense stacks on Fashion-MNIST").text("model").num("params", 0)
                .num("train acc", 3).num("test acc", 3);
        Sequential linearPair = null;
        double[] acc = new double[names.length];
        for (int i = 0; i < names.length; i++) {
            Cambium.seed(seed);
            Sequential model = switch (i) {
                case 0 -> mlp();
                case 1 -> mlp(new Dense(128));
                case 2 -> mlp(new Dense(128).activation("relu"));
                case 3 -> mlp(new Dense(512).activation("relu"));
                default -> mlp(new Dense(512).activation("relu"), new Dense(512).activation("relu"));
            };
            model.compile(new Adam(1e-3), Losses.sparseCategoricalCrossentropy(), Metrics.accuracy());
            model.fit(data.xTrain(), data.yTrain(), FitConfig.epochs(epochs).batchSize(64).quiet()
                    .callbacks(progress.epochs(names[i])));
            acc[i] = model.evaluate(data.xTest(), data.yTest()).get("accuracy");
            table.row(names[i], model.countParams(), model.evaluate(data.xTrain(), data.yTrain()).get("accuracy"), acc[i]);
            if (i == 1) {
                linearPair = model;
            }
        }

        // Two Dense layers without activation: x W1 + b1, then (x W1 + b1) W2 + b2 = x (W1 W2) + (b1 W2 + b2).
        Dense d1 = (Dense) linearPair.layers().get(1);
        Dense d2 = (Dense) linearPair.layers().get(2);
        Tensor w = d1.kernel().value().matmul(d2.kernel().value());
        Tensor b = d1.bias().value().reshape(1, -1).matmul(d2.kernel().value()).reshape(-1).add(d2.bias().value());
        Tensor x = data.xTest().reshape(data.xTest().dim(0), 784);
        // Logits (before the softmax): the first layer as trained, then the second layer's kernel and bias.
        Tensor viaLayers = d1.apply(x, false).matmul(d2.kernel().value()).add(d2.bias().value());
        Tensor viaOneMap = x.matmul(w).add(b);
        double maxDiff = viaLayers.sub(viaOneMap).abs().max().item();
        Table collapse = new Table("The trained linear pair as one matrix").text("quantity").num("value", 7);
        collapse.row("max |two layers - one map| over the test logits", maxDiff);
        collapse.row("largest logit magnitude (for scale)", viaLayers.abs().max().item());

        int params = table.columnIndex("params");
        int test = table.columnIndex("test acc");
        Result.Builder out = Result.builder()
                .setup(data.describe() + ". Every model: Flatten, the Dense layers named, Dense 10 softmax; Adam 1e-3, "
                        + epochs + " epochs, batch 64, the same seed. The collapse check multiplies the trained kernels of "
                        + "the linear pair into one 784 x 10 matrix and compares its logits with the two layers'.")
                .table(table).table(collapse)
                .plot("accuracy", "Test accuracy of each Dense stack.", new BarChart("Test accuracy")
                        .categories("softmax reg.", "linear 128", "ReLU 128", "ReLU 512", "ReLU 512 x2")
                        .series("test acc", acc).png());
        out.check("A Dense layer from n inputs to m units has n x m + m parameters",
                table.value(2, params) == 784 * 128 + 128 + 128 * 10 + 10,
                "Dense 128 on 784 pixels and Dense 10 on top hold " + table.text(2, params) + " parameters = 784 x 128 "
                        + "+ 128 + 128 x 10 + 10.");
        out.check("Without an activation, stacked Dense layers are a single linear map",
                maxDiff < 1e-3 * Math.max(1, collapse.value(1, 1)),
                "The trained linear pair and the product of its kernels agree to " + collapse.text(0, 1)
                        + " on logits as large as " + collapse.text(1, 1) + ".");
        out.check("...and so learn no more than one linear layer", Math.abs(acc[1] - acc[0]) < 0.02,
                "The linear pair reaches " + table.text(1, test) + " against softmax regression's " + table.text(0, test)
                        + ", despite " + table.text(1, params) + " parameters against " + table.text(0, params) + ".");
        out.check("A non-linear activation lets the same layer learn more", acc[2] > acc[1],
                "With ReLU the 128-unit layer reaches " + table.text(2, test) + " against " + table.text(1, test)
                        + " without it.");
        out.observed("Going from 128 to 512 ReLU units gives " + table.text(3, test) + ", a second 512-unit layer "
                + table.text(4, test) + ".");
        return out.build();
    }

    private static Sequential mlp(Layer... hidden) {
        Layer[] layers = new Layer[hidden.length + 2];
        layers[0] = new Flatten().inputShape(28, 28, 1);
        System.arraycopy(hidden, 0, layers, 1, hidden.length);
        layers[hidden.length + 1] = new Dense(10).activation("softmax");
        return new Sequential(layers);
    }
}
