package io.cambium.lab.experiments;

import io.cambium.Cambium;
import io.cambium.lab.Experiment;
import io.cambium.lab.Mode;
import io.cambium.lab.Progress;
import io.cambium.lab.Result;
import io.cambium.lab.Table;
import io.cambium.lab.support.LabData;
import io.cambium.nn.Input;
import io.cambium.nn.Model;
import io.cambium.nn.SymbolicTensor;
import io.cambium.nn.layers.core.Dense;
import io.cambium.nn.layers.core.Flatten;
import io.cambium.nn.layers.merge.Concatenate;
import io.cambium.nn.losses.Losses;
import io.cambium.nn.metrics.Metrics;
import io.cambium.nn.optimizers.Adam;
import io.cambium.nn.training.FitConfig;
import io.cambium.plot.BarChart;

import java.util.List;

/**
 * Question 38: MLPs built with the functional API at a fixed budget of about 100,000 parameters:
 * one wide layer against deeper, narrower stacks, and a "wide and deep" variant whose input skips to
 * the output layer through a Concatenate.
 */
public final class Q38MlpDesign implements Experiment {
    @Override
    public List<Integer> questions() {
        return List.of(38);
    }

    @Override
    public String title() {
        return "MLP design with the functional API: wide against deep at a fixed parameter budget, and a skip connection";
    }

    @Override
    public String summary() {
        return "The textbook answer: an MLP is input, hidden Dense layers with non-linear activations and an output "
                + "layer; choose the number and size of the hidden layers for the data, and build it with the "
                + "functional API when the graph is not a plain stack. The experiment spends about the same number "
                + "of parameters on one, two and four hidden layers, and adds a variant where the input is "
                + "concatenated to the last hidden layer.";
    }

    @Override
    public Result run(Mode mode, long seed, Progress progress) {
        LabData.Split data = LabData.fashion(mode.pick(1500, 8000), 0, mode.pick(500, 5000), seed);
        int epochs = mode.pick(5, 10);
        String[] names = {"1 x 128", "2 x 120", "4 x 110", "2 x 112 + input skip (wide and deep)"};
        progress.total(names.length * epochs);
        Table table = new Table("MLPs of about 100,000 parameters").text("hidden layers").num("params", 0)
                .num("train acc", 3).num("test acc", 3);
        double[] acc = new double[names.length];
        for (int i = 0; i < names.length; i++) {
            Cambium.seed(seed);
            SymbolicTensor in = Input.shape(28, 28, 1);
            SymbolicTensor flat = new Flatten().apply(in);
            SymbolicTensor x = flat;
            int[] widths = switch (i) {
                case 0 -> new int[] {128};
                case 1 -> new int[] {120, 120};
                case 2 -> new int[] {110, 110, 110, 110};
                default -> new int[] {112, 112};
            };
            for (int w : widths) {
                x = new Dense(w).activation("relu").apply(x);
            }
            if (i == 3) {
                x = new Concatenate().apply(x, flat); // the raw input reaches the output layer directly
            }
            Model model = new Model(in, new Dense(10).activation("softmax").apply(x));
            model.compile(new Adam(1e-3), Losses.sparseCategoricalCrossentropy(), Metrics.accuracy());
            model.fit(data.xTrain(), data.yTrain(), FitConfig.epochs(epochs).batchSize(64).quiet()
                    .callbacks(progress.epochs(names[i])));
            acc[i] = model.evaluate(data.xTest(), data.yTest()).get("accuracy");
            table.row(names[i], model.countParams(), model.evaluate(data.xTrain(), data.yTrain()).get("accuracy"), acc[i]);
        }
        int best = 0;
        for (int i = 1; i < acc.length; i++) {
            best = acc[i] > acc[best] ? i : best;
        }
        Result.Builder out = Result.builder()
                .setup(data.describe() + ". Functional models: Input(28, 28, 1), Flatten, the hidden Dense ReLU layers, "
                        + "Dense 10 softmax (the skip variant concatenates the flattened input to the last hidden "
                        + "layer); Adam 1e-3, batch 64, " + epochs + " epochs, the same seed.")
                .table(table)
                .plot("accuracy", "Test accuracy of each design.", new BarChart("MLPs at ~100k parameters")
                        .categories("1 x 128", "2 x 120", "4 x 110", "2 x 112 + skip").series("test acc", acc).png());
        out.check("At the same parameter budget, a second hidden layer helps an MLP", acc[1] > acc[0],
                "Two layers of 120 reach " + table.text(1, 3) + " against " + table.text(0, 3) + " for one of 128 ("
                        + table.text(1, 1) + " vs " + table.text(0, 1) + " parameters).");
        out.check("Going deeper still keeps helping at this budget", acc[2] > acc[1],
                "Four layers of 110: " + table.text(2, 3) + ".");
        out.observed("The best design here is " + names[best] + " (" + table.text(best, 3) + "); the input skip gives "
                + table.text(3, 3) + ".");
        return out.build();
    }
}
