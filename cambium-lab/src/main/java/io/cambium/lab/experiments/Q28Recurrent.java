package io.cambium.lab.experiments;

import io.cambium.Cambium;
import io.cambium.lab.Experiment;
import io.cambium.lab.Mode;
import io.cambium.lab.Progress;
import io.cambium.lab.Result;
import io.cambium.lab.Table;
import io.cambium.lab.support.Sequences;
import io.cambium.nn.Layer;
import io.cambium.nn.Sequential;
import io.cambium.nn.layers.core.Dense;
import io.cambium.nn.layers.recurrent.Bidirectional;
import io.cambium.nn.layers.recurrent.GRU;
import io.cambium.nn.layers.recurrent.LSTM;
import io.cambium.nn.layers.recurrent.SimpleRNN;
import io.cambium.nn.losses.Losses;
import io.cambium.nn.metrics.Metrics;
import io.cambium.nn.optimizers.Adam;
import io.cambium.nn.training.FitConfig;
import io.cambium.plot.LineChart;
import io.cambium.tensor.random.Rng;

import java.util.List;
import java.util.function.Function;

/**
 * Questions 28, 31 and 32: SimpleRNN, LSTM and GRU on a task whose answer is the first symbol of a
 * sequence of distractors, as the sequence grows; then stacked, bidirectional and dropout variants
 * of the LSTM on the longest sequences.
 */
public final class Q28Recurrent implements Experiment {
    private static final int SYMBOLS = 4;
    private static final int UNITS = 32;

    @Override
    public List<Integer> questions() {
        return List.of(28, 31, 32);
    }

    @Override
    public String title() {
        return "Recurrent layers: SimpleRNN against LSTM and GRU on a long-range dependency; stacked and bidirectional LSTMs";
    }

    @Override
    public String summary() {
        return "The textbook answer: a simple RNN forgets across long sequences (its gradient vanishes through "
                + "time), LSTM and GRU keep information with their gates; stacking adds capacity and a bidirectional "
                + "layer also reads the sequence backwards. The experiment asks each layer to output the first of "
                + "a sequence of random symbols after reading the whole sequence, for growing lengths.";
    }

    @Override
    public Result run(Mode mode, long seed, Progress progress) {
        int[] lengths = mode == Mode.QUICK ? new int[] {10, 30} : new int[] {10, 30, 60};
        int nTrain = mode.pick(1000, 2000);
        int nTest = mode.pick(300, 1000);
        int epochs = mode.pick(8, 12);
        List<String> cells = List.of("SimpleRNN", "LSTM", "GRU");
        List<String> variants = List.of("LSTM x2 (stacked)", "Bidirectional LSTM", "LSTM, dropout 0.2");
        progress.total((cells.size() * lengths.length + variants.size()) * epochs);
        Rng rng = new Rng(seed);

        Table byLength = new Table("Test accuracy against sequence length (chance " + 1.0 / SYMBOLS + ")")
                .num("length", 0);
        for (String c : cells) {
            byLength.num(c, 3);
        }
        byLength.num("gated lead", 3).sci("LSTM forget product at init");
        double[][] acc = new double[cells.size()][lengths.length];
        Sequences.Task longest = null;
        Sequences.Task longestTest = null;
        for (int li = 0; li < lengths.length; li++) {
            Sequences.Task train = Sequences.recallFirst(nTrain, lengths[li], SYMBOLS, rng);
            Sequences.Task test = Sequences.recallFirst(nTest, lengths[li], SYMBOLS, rng);
            longest = train;
            longestTest = test;
            for (int ci = 0; ci < cells.size(); ci++) {
                String cell = cells.get(ci);
                Function<Integer, Layer> make = switch (cell) {
                    case "SimpleRNN" -> u -> new SimpleRNN(u);
                    case "LSTM" -> u -> new LSTM(u);
                    default -> u -> new GRU(u);
                };
                acc[ci][li] = trainAndTest(seed, train, test, epochs, progress, cell + ", length " + lengths[li],
                        make.apply(UNITS).inputShape(lengths[li], SYMBOLS));
            }
            // The gated layers' lead: the better of LSTM and GRU minus SimpleRNN.
            // At initialization an LSTM's forget gate is sigmoid(1) = 0.73 (Keras's unit_forget_bias): the memory
            // of the first step is multiplied by it at every later step until training opens the gate.
            double forgetProduct = Math.pow(1 / (1 + Math.exp(-1)), lengths[li] - 1);
            byLength.row(lengths[li], acc[0][li], acc[1][li], acc[2][li], Math.max(acc[1][li], acc[2][li]) - acc[0][li],
                    forgetProduct);
        }
        int longLen = lengths[lengths.length - 1];
        Table designs = new Table("LSTM designs at length " + longLen).text("model").num("params", 0).num("test acc", 3);
        long oneLayer = build(seed, new LSTM(UNITS).inputShape(longLen, SYMBOLS)).countParams();
        designs.row("LSTM (one layer)", (double) oneLayer, acc[1][lengths.length - 1]);
        for (String v : variants) {
            Layer[] layers = switch (v) {
                case "LSTM x2 (stacked)" -> new Layer[] {
                    new LSTM(UNITS).returnSequences(true).inputShape(longLen, SYMBOLS), new LSTM(UNITS)};
                case "Bidirectional LSTM" -> new Layer[] {new Bidirectional(new LSTM(UNITS)).inputShape(longLen, SYMBOLS)};
                default -> new Layer[] {new LSTM(UNITS).dropout(0.2).inputShape(longLen, SYMBOLS)};
            };
            Sequential model = build(seed, layers);
            double a = fitAndScore(model, longest, longestTest, epochs, progress, v);
            designs.row(v, (double) model.countParams(), a);
        }

        LineChart chart = new LineChart("Test accuracy against sequence length").xLabel("sequence length")
                .yLabel("accuracy");
        double[] xs = new double[lengths.length];
        for (int i = 0; i < xs.length; i++) {
            xs[i] = lengths[i];
        }
        for (int ci = 0; ci < cells.size(); ci++) {
            chart.series(cells.get(ci), xs, acc[ci]);
        }
        chart.dashed("chance", xs, filled(xs.length, 1.0 / SYMBOLS));

        int last = lengths.length - 1;
        Result.Builder out = Result.builder()
                .setup("Synthetic task: " + nTrain + " training and " + nTest + " test sequences of random one-hot symbols "
                        + "(" + SYMBOLS + " symbols); the label is the first symbol, every later step is a distractor, and "
                        + "the model answers after reading the last step. Each model: one recurrent layer of " + UNITS
                        + " units (Keras defaults: tanh, orthogonal recurrent weights, GRU reset_after), Dense "
                        + SYMBOLS + " softmax; Adam 1e-2, batch 32, " + epochs + " epochs, the same seed for every model.")
                .table(byLength).table(designs)
                .plot("length", "Test accuracy against sequence length; the dashed line is chance.", chart.png());
        out.check("A simple RNN loses a long-range dependency that LSTM and GRU keep",
                acc[0][last] < Math.max(acc[1][last], acc[2][last]) - 0.1,
                "At length " + longLen + " SimpleRNN scores " + byLength.text(last, 1) + ", LSTM " + byLength.text(last, 2)
                        + ", GRU " + byLength.text(last, 3) + " (at length " + lengths[0] + ": " + byLength.text(0, 1) + ", "
                        + byLength.text(0, 2) + ", " + byLength.text(0, 3) + ").");
        int lead = byLength.columnIndex("gated lead");
        out.check("The gated layers' advantage grows with the distance to remember",
                byLength.value(last, lead) > byLength.value(0, lead),
                "The better gated layer leads SimpleRNN by " + byLength.text(0, lead) + " at length " + lengths[0]
                        + " and by " + byLength.text(last, lead) + " at length " + longLen + ".");
        out.observed("At initialization the LSTM's cell keeps sigmoid(1) of its memory per step, " + byLength.text(last, 5)
                + " after " + longLen + " steps: the gates must learn to stay open before the LSTM can use its long memory, "
                + "while a SimpleRNN with orthogonal recurrent weights starts close to norm-preserving.");
        out.check("A bidirectional LSTM helps when the answer is at the start of the sequence",
                designs.value(2, 2) >= designs.value(0, 2),
                "The bidirectional LSTM scores " + designs.text(2, 2) + " against " + designs.text(0, 2) + " for one "
                        + "forward LSTM: its backward half reads the first symbol last.");
        out.observed("Stacking two LSTMs gives " + designs.text(1, 2) + " with " + designs.text(1, 1) + " parameters; "
                + "input dropout 0.2 gives " + designs.text(3, 2) + ".");
        return out.build();
    }

    private static double trainAndTest(long seed, Sequences.Task train, Sequences.Task test, int epochs,
            Progress progress, String label, Layer recurrent) {
        return fitAndScore(build(seed, recurrent), train, test, epochs, progress, label);
    }

    private static Sequential build(long seed, Layer... recurrent) {
        Cambium.seed(seed);
        Layer[] layers = new Layer[recurrent.length + 1];
        System.arraycopy(recurrent, 0, layers, 0, recurrent.length);
        layers[recurrent.length] = new Dense(SYMBOLS).activation("softmax");
        Sequential model = new Sequential(layers);
        model.compile(new Adam(1e-2), Losses.sparseCategoricalCrossentropy(), Metrics.accuracy());
        return model;
    }

    private static double fitAndScore(Sequential model, Sequences.Task train, Sequences.Task test, int epochs,
            Progress progress, String label) {
        model.fit(train.x(), train.y(), FitConfig.epochs(epochs).batchSize(32).quiet().callbacks(progress.epochs(label)));
        return model.evaluate(test.x(), test.y()).get("accuracy");
    }

    private static double[] filled(int n, double v) {
        double[] out = new double[n];
        java.util.Arrays.fill(out, v);
        return out;
    }
}
