package io.cambium.lab.experiments;

import io.cambium.Cambium;
import io.cambium.lab.Experiment;
import io.cambium.lab.Mode;
import io.cambium.lab.Progress;
import io.cambium.lab.Result;
import io.cambium.lab.Table;
import io.cambium.lab.support.GradientNorms;
import io.cambium.lab.support.LabData;
import io.cambium.nn.Layer;
import io.cambium.nn.Sequential;
import io.cambium.nn.layers.core.Dense;
import io.cambium.nn.layers.core.Flatten;
import io.cambium.nn.losses.Losses;
import io.cambium.nn.metrics.Metrics;
import io.cambium.nn.optimizers.Adam;
import io.cambium.nn.optimizers.Optimizer;
import io.cambium.nn.optimizers.SGD;
import io.cambium.nn.regularizers.Regularizers;
import io.cambium.nn.training.FitConfig;
import io.cambium.plot.BarChart;
import io.cambium.tensor.Tensor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Question 15: underfitting is a low training score. Three ways to underfit Fashion-MNIST (a model
 * too small, too much regularization, an optimizer that barely moves) and the fixes the textbook
 * names (a larger model, less regularization, a better optimizer), with per-layer gradient norms.
 */
public final class Q15Underfitting implements Experiment {
    @Override
    public List<Integer> questions() {
        return List.of(15);
    }

    @Override
    public String title() {
        return "Underfitting: a model too small, over-regularized or badly optimized, and the fixes";
    }

    @Override
    public String summary() {
        return "The textbook answer: a model underfits when it cannot capture the pattern even on its training data; "
                + "fix it with a larger model, less regularization, a better optimizer or loss, or more training. The "
                + "experiment builds three underfitting models and their fixes and measures the training accuracy "
                + "(the sign of underfitting), the test accuracy and the gradient reaching each layer.";
    }

    @Override
    public Result run(Mode mode, long seed, Progress progress) {
        LabData.Split data = LabData.fashion(mode.pick(1500, 8000), 0, mode.pick(500, 5000), seed);
        int epochs = mode.pick(5, 10);
        String[] names = {"tiny model (Dense 4)", "L2 0.1 on every layer", "SGD lr 1e-4", "fixed: Dense 256, Adam 1e-3",
            "bigger: Dense 512 x2, Adam 1e-3"};
        progress.total(names.length * epochs);
        Tensor probe = data.xTrain().narrow(0, 0, 256);
        int[] probeLabels = Arrays.copyOf(data.yTrain(), 256);

        Table table = new Table("Training and test accuracy").text("model").num("params", 0).num("train acc", 3)
                .num("test acc", 3).num("gap", 3).sci("first-layer grad").sci("last-layer grad");
        for (int i = 0; i < names.length; i++) {
            Cambium.seed(seed);
            int units = i == 0 ? 4 : 256;
            List<Layer> layers = new ArrayList<>();
            layers.add(new Flatten().inputShape(28, 28, 1));
            int hidden = i == 4 ? 2 : 1;
            for (int k = 0; k < hidden; k++) {
                Dense d = new Dense(i == 4 ? 512 : units).activation("relu");
                if (i == 1) {
                    d.kernelRegularizer(Regularizers.l2(0.1));
                }
                layers.add(d);
            }
            Dense head = new Dense(10).activation("softmax");
            if (i == 1) {
                head.kernelRegularizer(Regularizers.l2(0.1));
            }
            layers.add(head);
            Sequential model = new Sequential(layers.toArray(new Layer[0]));
            Optimizer opt = i == 2 ? new SGD(1e-4) : new Adam(1e-3);
            model.compile(opt, Losses.sparseCategoricalCrossentropy(), Metrics.accuracy());
            model.fit(data.xTrain(), data.yTrain(), FitConfig.epochs(epochs).batchSize(64).quiet()
                    .callbacks(progress.epochs(names[i])));
            List<GradientNorms.LayerNorm> g = GradientNorms.kernels(model, probe, probeLabels);
            double trainAcc = model.evaluate(data.xTrain(), data.yTrain()).get("accuracy");
            double testAcc = model.evaluate(data.xTest(), data.yTest()).get("accuracy");
            table.row(names[i], model.countParams(), trainAcc, testAcc, trainAcc - testAcc, g.get(0).norm(),
                    g.get(g.size() - 1).norm());
        }
        double[] train = new double[names.length];
        double[] test = new double[names.length];
        for (int i = 0; i < names.length; i++) {
            train[i] = table.value(i, 2);
            test[i] = table.value(i, 3);
        }
        Result.Builder out = Result.builder()
                .setup(data.describe() + ". Flatten, hidden Dense ReLU layer(s), Dense 10 softmax; " + epochs
                        + " epochs, batch 64, the same seed. Underfitting models: 4 hidden units; L2 0.1 on every kernel; "
                        + "plain SGD with learning rate 1e-4. Gradient norms: the data loss only (no regularization "
                        + "term), on 256 training images after training, from loss.backward() and each kernel's grad.")
                .table(table)
                .plot("accuracy", "Training and test accuracy of each model.",
                        new BarChart("Underfitting and its fixes").categories("Dense 4", "L2 0.1", "SGD 1e-4",
                                "Dense 256 Adam", "512 x2 Adam").series("train acc", train).series("test acc", test).png());
        for (int i = 0; i < 3; i++) {
            out.check("The fixed model (larger, less regularized, better optimized) fits the training data better than "
                            + names[i], train[3] > train[i] + 0.02,
                    names[i] + " reaches training accuracy " + table.text(i, 2) + " (test " + table.text(i, 3)
                            + "); the fixed model " + table.text(3, 2) + " (test " + table.text(3, 3) + ").");
        }
        out.check("Underfitting shows on the training set itself: training and test accuracy are both low and close",
                Math.abs(table.value(0, 4)) < Math.abs(table.value(4, 4)),
                "The tiny model's train/test gap is " + table.text(0, 4) + " against " + table.text(4, 4)
                        + " for the biggest model.");
        out.observed("After training, the first layer's gradient norm is " + table.text(2, 5) + " for the SGD 1e-4 model "
                + "(still far from a minimum but moving by lr x gradient per step) and " + table.text(3, 5)
                + " for the fixed model.");
        return out.build();
    }
}
