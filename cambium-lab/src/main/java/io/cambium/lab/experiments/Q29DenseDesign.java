package io.cambium.lab.experiments;

import io.cambium.Cambium;
import io.cambium.lab.Experiment;
import io.cambium.lab.Mode;
import io.cambium.lab.Progress;
import io.cambium.lab.Result;
import io.cambium.lab.Table;
import io.cambium.lab.support.LabData;
import io.cambium.lab.support.Sequences;
import io.cambium.nn.Layer;
import io.cambium.nn.Sequential;
import io.cambium.nn.layers.core.Dense;
import io.cambium.nn.layers.core.Dropout;
import io.cambium.nn.layers.core.Flatten;
import io.cambium.nn.layers.recurrent.TimeDistributed;
import io.cambium.nn.losses.Losses;
import io.cambium.nn.metrics.Metrics;
import io.cambium.nn.optimizers.Adam;
import io.cambium.nn.training.FitConfig;
import io.cambium.plot.Heatmap;
import io.cambium.tensor.Tensor;
import io.cambium.tensor.random.Rng;

import java.util.ArrayList;
import java.util.List;

/**
 * Question 29: designing fully connected layers. A Dense layer on (timesteps, features) input acts
 * on the last axis (the same weights at every step, as TimeDistributed(Dense)); then width, depth and
 * dropout of Dense stacks on Fashion-MNIST.
 */
public final class Q29DenseDesign implements Experiment {
    @Override
    public List<Integer> questions() {
        return List.of(29);
    }

    @Override
    public String title() {
        return "Fully connected design: Dense on sequences (last axis), and width, depth and dropout of Dense stacks";
    }

    @Override
    public String summary() {
        return "The textbook answer: choose the number of units and layers for the task, the activation, and "
                + "regularization (dropout, L2) against overfitting; Dense layers also apply to each step of a "
                + "(timesteps, features) input. The experiment checks that a Dense layer on a sequence equals "
                + "TimeDistributed(Dense) and that its parameters do not depend on the length, then measures a grid of "
                + "widths and depths with and without dropout.";
    }

    @Override
    public Result run(Mode mode, long seed, Progress progress) {
        int[] widths = mode == Mode.QUICK ? new int[] {32, 256} : new int[] {32, 128, 512};
        int[] depths = mode == Mode.QUICK ? new int[] {1, 2} : new int[] {1, 2, 3};
        LabData.Split data = LabData.fashion(mode.pick(1500, 8000), 0, mode.pick(500, 5000), seed);
        int epochs = mode.pick(4, 8);
        progress.total((widths.length * depths.length + 2) * epochs + 1);

        // Dense on a (batch, timesteps, features) tensor: the last axis only, one weight matrix for all steps.
        Table rank3 = new Table("Dense(16) on a (batch 8, T, 6) sequence").num("timesteps T", 0).text("output shape")
                .num("params", 0).sci("max |Dense - TimeDistributed(Dense)|");
        Rng rng = new Rng(seed);
        for (int t : new int[] {5, 50}) {
            Tensor seq = Sequences.recallFirst(8, t, 6, rng).x();
            Cambium.seed(seed);
            Dense dense = new Dense(16).activation("relu");
            Tensor y = dense.apply(seq, false);
            TimeDistributed td = new TimeDistributed(dense);
            Tensor y2 = td.apply(seq, false);
            rank3.row(t, java.util.Arrays.toString(y.shape()), dense.countParams(), y.sub(y2).abs().max().item());
        }
        progress.advance(1, "width x depth");

        Table grid = new Table("Test accuracy of Dense stacks (" + epochs + " epochs)").num("width", 0).num("depth", 0)
                .num("params", 0).num("train acc", 3).num("test acc", 3);
        double[][] acc = new double[depths.length][widths.length];
        for (int d = 0; d < depths.length; d++) {
            for (int w = 0; w < widths.length; w++) {
                Sequential m = stack(seed, widths[w], depths[d], 0);
                m.fit(data.xTrain(), data.yTrain(), FitConfig.epochs(epochs).batchSize(64).quiet()
                        .callbacks(progress.epochs(widths[w] + " x " + depths[d])));
                acc[d][w] = m.evaluate(data.xTest(), data.yTest()).get("accuracy");
                grid.row(widths[w], depths[d], m.countParams(), m.evaluate(data.xTrain(), data.yTrain()).get("accuracy"),
                        acc[d][w]);
            }
        }
        int wide = widths[widths.length - 1];
        int deep = depths[depths.length - 1];
        Table dropout = new Table("The widest, deepest stack (" + wide + " x " + deep + ") with and without dropout")
                .text("model").num("train acc", 3).num("test acc", 3).num("gap", 3);
        for (double rate : new double[] {0, 0.3}) {
            Sequential m = stack(seed, wide, deep, rate);
            m.fit(data.xTrain(), data.yTrain(), FitConfig.epochs(epochs).batchSize(64).quiet()
                    .callbacks(progress.epochs("dropout " + rate)));
            double tr = m.evaluate(data.xTrain(), data.yTrain()).get("accuracy");
            double te = m.evaluate(data.xTest(), data.yTest()).get("accuracy");
            dropout.row(rate == 0 ? "no dropout" : "Dropout 0.3 after each layer", tr, te, tr - te);
        }
        List<String> rows = new ArrayList<>();
        for (int d : depths) {
            rows.add(d + " layer" + (d > 1 ? "s" : ""));
        }
        List<String> cols = new ArrayList<>();
        for (int w : widths) {
            cols.add(w + " units");
        }
        Result.Builder out = Result.builder()
                .setup(data.describe() + ". Stacks: Flatten, depth x Dense(width, ReLU), Dense 10 softmax; Adam 1e-3, "
                        + "batch 64, " + epochs + " epochs, the same seed. The sequence check applies one Dense(16) and "
                        + "TimeDistributed of the same layer to random one-hot sequences.")
                .table(rank3).table(grid).table(dropout)
                .plot("grid", "Test accuracy by depth (rows) and width (columns).",
                        new Heatmap("Test accuracy", acc).labels(rows, cols).axes("depth", "width").showValues(true).png());
        out.check("A Dense layer on a sequence applies the same weights to every step (TimeDistributed)",
                rank3.value(0, 3) < 1e-6 && rank3.value(1, 3) < 1e-6 && rank3.value(0, 2) == rank3.value(1, 2),
                "Dense(16) on 6 features has " + rank3.text(0, 2) + " parameters at T = 5 and " + rank3.text(1, 2)
                        + " at T = 50, and equals TimeDistributed(Dense) to " + rank3.text(1, 3) + ".");
        int best = 0;
        for (int i = 1; i < grid.rowCount(); i++) {
            best = grid.value(i, 4) > grid.value(best, 4) ? i : best;
        }
        out.check("Wider layers help up to a point", acc[0][widths.length - 1] > acc[0][0],
                "One layer of " + widths[widths.length - 1] + " units reaches " + grid.text(widths.length - 1, 4)
                        + " against " + grid.text(0, 4) + " for " + widths[0] + " units.");
        out.observed("The best stack is " + grid.text(best, 0) + " units x " + grid.text(best, 1) + " layers ("
                + grid.text(best, 4) + ", " + grid.text(best, 2) + " parameters).");
        out.check("Dropout narrows the gap of a large Dense stack", dropout.value(1, 3) < dropout.value(0, 3),
                "Gap without dropout " + dropout.text(0, 3) + ", with Dropout 0.3 " + dropout.text(1, 3) + " (test "
                        + dropout.text(0, 2) + " -> " + dropout.text(1, 2) + ").");
        return out.build();
    }

    private static Sequential stack(long seed, int width, int depth, double dropout) {
        Cambium.seed(seed);
        List<Layer> layers = new ArrayList<>();
        layers.add(new Flatten().inputShape(28, 28, 1));
        for (int i = 0; i < depth; i++) {
            layers.add(new Dense(width).activation("relu"));
            if (dropout > 0) {
                layers.add(new Dropout(dropout));
            }
        }
        layers.add(new Dense(10).activation("softmax"));
        Sequential m = new Sequential(layers.toArray(new Layer[0]));
        m.compile(new Adam(1e-3), Losses.sparseCategoricalCrossentropy(), Metrics.accuracy());
        return m;
    }
}
