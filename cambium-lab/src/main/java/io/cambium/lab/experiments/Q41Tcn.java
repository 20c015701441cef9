package io.cambium.lab.experiments;

import io.cambium.Cambium;
import io.cambium.lab.Experiment;
import io.cambium.lab.Mode;
import io.cambium.lab.Progress;
import io.cambium.lab.Result;
import io.cambium.lab.Table;
import io.cambium.lab.support.Sequences;
import io.cambium.nn.Input;
import io.cambium.nn.Model;
import io.cambium.nn.SymbolicTensor;
import io.cambium.nn.TemporalReceptiveField;
import io.cambium.nn.layers.conv.TCN;
import io.cambium.nn.layers.conv.TCNBlock;
import io.cambium.nn.layers.core.Dense;
import io.cambium.nn.layers.core.Flatten;
import io.cambium.nn.layers.core.Lambda;
import io.cambium.nn.losses.Losses;
import io.cambium.nn.metrics.Metrics;
import io.cambium.nn.optimizers.Adam;
import io.cambium.nn.training.FitConfig;
import io.cambium.plot.Heatmap;
import io.cambium.tensor.random.Rng;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Question 41: temporal convolutional networks of growing depth (dilations 1, 2, 4, ...) must
 * output, at the last step, the symbol seen a given number of steps earlier. An answer inside the
 * receptive field can be learned; one outside cannot, whatever the training.
 */
public final class Q41Tcn implements Experiment {
    private static final int SYMBOLS = 4;
    private static final int KERNEL = 2;

    @Override
    public List<Integer> questions() {
        return List.of(41);
    }

    @Override
    public String title() {
        return "TCN: the receptive field of causal dilated convolutions against the distance to remember";
    }

    @Override
    public String summary() {
        return "The textbook answer: a TCN stacks causal, dilated 1-D convolutions with residual connections; "
                + "doubling the dilation at each block makes the receptive field grow exponentially with depth, and "
                + "the network must be deep enough for its receptive field to cover the dependencies in the "
                + "sequence. The experiment trains TCNs of 1 to 5 blocks to output the symbol seen a given number "
                + "of steps before the last one, and compares their accuracy with the receptive field that "
                + "cambium-nn computes for them.";
    }

    @Override
    public Result run(Mode mode, long seed, Progress progress) {
        int length = mode.pick(32, 64);
        int[][] stacks = mode == Mode.QUICK
                ? new int[][] {{1}, {1, 2}, {1, 2, 4}, {1, 2, 4, 8}}
                : new int[][] {{1}, {1, 2}, {1, 2, 4}, {1, 2, 4, 8}, {1, 2, 4, 8, 16}};
        int[] lags = mode == Mode.QUICK ? new int[] {4, 12, 28} : new int[] {4, 12, 28, 60};
        int nTrain = mode.pick(1000, 3000);
        int epochs = mode.pick(6, 12);
        progress.total(stacks.length * lags.length * epochs);
        Rng rng = new Rng(seed);

        Table table = new Table("Test accuracy at the last step for the symbol 'lag' steps earlier (chance "
                + 1.0 / SYMBOLS + ")").text("dilations").num("blocks", 0).num("receptive field", 0)
                .num("field from summary", 0);
        for (int lag : lags) {
            table.num("lag " + lag, 3);
        }
        double[][] acc = new double[stacks.length][lags.length];
        List<Sequences.Task> trainSets = new ArrayList<>();
        List<Sequences.Task> testSets = new ArrayList<>();
        for (int lag : lags) {
            trainSets.add(Sequences.recallAt(nTrain, length, SYMBOLS, length - 1 - lag, rng));
            testSets.add(Sequences.recallAt(1000, length, SYMBOLS, length - 1 - lag, rng));
        }
        double inside = 0;
        int nInside = 0;
        double outside = 0;
        int nOutside = 0;
        for (int s = 0; s < stacks.length; s++) {
            int field = TCN.receptiveField(KERNEL, stacks[s]);
            long composed = 0;
            for (int l = 0; l < lags.length; l++) {
                Cambium.seed(seed);
                List<TCNBlock> blocks = TCN.blocks(24, KERNEL, 0, stacks[s]);
                composed = TemporalReceptiveField.compose(blocks);
                Model model = network(length, blocks);
                model.compile(new Adam(3e-3), Losses.sparseCategoricalCrossentropy(), Metrics.accuracy());
                String label = Arrays.toString(stacks[s]) + ", lag " + lags[l];
                model.fit(trainSets.get(l).x(), trainSets.get(l).y(), FitConfig.epochs(epochs).batchSize(64).quiet()
                        .callbacks(progress.epochs(label)));
                acc[s][l] = model.evaluate(testSets.get(l).x(), testSets.get(l).y()).get("accuracy");
                if (lags[l] < field) {
                    inside += acc[s][l];
                    nInside++;
                } else {
                    outside += acc[s][l];
                    nOutside++;
                }
            }
            Object[] row = new Object[4 + lags.length];
            row[0] = Arrays.toString(stacks[s]);
            row[1] = stacks[s].length;
            row[2] = field;
            row[3] = composed;
            for (int l = 0; l < lags.length; l++) {
                row[4 + l] = acc[s][l];
            }
            table.row(row);
        }
        Table split = new Table("Mean accuracy by whether the lag lies inside the receptive field")
                .text("the remembered step is").num("cases", 0).num("mean accuracy", 3);
        split.row("inside the receptive field (lag < field)", nInside, nInside == 0 ? Double.NaN : inside / nInside);
        split.row("outside the receptive field", nOutside, nOutside == 0 ? Double.NaN : outside / nOutside);

        List<String> rows = new ArrayList<>();
        for (int[] st : stacks) {
            rows.add(Arrays.toString(st) + " (field " + TCN.receptiveField(KERNEL, st) + ")");
        }
        List<String> cols = new ArrayList<>();
        for (int lag : lags) {
            cols.add("lag " + lag);
        }
        Result.Builder out = Result.builder()
                .setup("Synthetic task: sequences of " + length + " random one-hot symbols (" + SYMBOLS + " symbols); the "
                        + "label is the symbol 'lag' steps before the last step. Model: TCNBlocks (two causal Conv1D of "
                        + "kernel " + KERNEL + " and 24 filters with the block's dilation, ReLU, a residual connection) "
                        + "with dilations doubling per block, then the output at the last step only (a Lambda taking "
                        + "x[:, -1, :]), Dense " + SYMBOLS + " softmax. Receptive field: TCN.receptiveField(kernel, "
                        + "dilations) = 1 + 2 (k - 1) sum(dilations), and the field composed from the blocks' "
                        + "TemporalReceptiveField as model.summary() reports it. " + nTrain + " training and 1000 test "
                        + "sequences per lag, Adam 3e-3, " + epochs + " epochs.")
                .table(table).table(split)
                .plot("accuracy", "Accuracy for each depth (rows) and lag (columns); the field is in the row label.",
                        new Heatmap("Accuracy by receptive field and lag", acc).labels(rows, cols)
                                .axes("dilations", "distance to the remembered step").showValues(true).png());
        out.check("A TCN learns dependencies inside its receptive field and cannot learn those outside it",
                split.value(0, 2) > 0.8 && split.value(1, 2) < 0.4,
                "Mean accuracy is " + split.text(0, 2) + " when the remembered step lies inside the receptive field ("
                        + split.text(0, 1) + " cases) and " + split.text(1, 2) + " outside it (" + split.text(1, 1)
                        + " cases; chance is " + 1.0 / SYMBOLS + ").");
        int last = stacks.length - 1;
        out.check("Doubling dilations make the receptive field grow exponentially with depth",
                table.value(last, 2) >= Math.pow(2, stacks[last].length),
                "With " + table.text(last, 1) + " blocks the receptive field is " + table.text(last, 2) + " steps (one block: "
                        + table.text(0, 2) + "); the field composed from the layers' own windows agrees: "
                        + table.text(last, 3) + ".");
        return out.build();
    }

    private static Model network(int length, List<TCNBlock> blocks) {
        SymbolicTensor in = Input.shape(length, SYMBOLS);
        SymbolicTensor x = in;
        for (TCNBlock b : blocks) {
            x = b.apply(x);
        }
        // The prediction reads only the last step: its causal window is the receptive field.
        x = new Lambda(t -> t.narrow(1, t.dim(1) - 1, 1)).outputShape(s -> new int[] {s[0], 1, s[2]}).apply(x);
        x = new Flatten().apply(x);
        return new Model(in, new Dense(SYMBOLS).activation("softmax").apply(x));
    }
}
