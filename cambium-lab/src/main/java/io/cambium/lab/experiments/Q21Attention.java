package io.cambium.lab.experiments;

import io.cambium.Cambium;
import io.cambium.lab.Experiment;
import io.cambium.lab.Mode;
import io.cambium.lab.Progress;
import io.cambium.lab.Result;
import io.cambium.lab.Table;
import io.cambium.lab.support.Sequences;
import io.cambium.lab.support.Series;
import io.cambium.nn.Input;
import io.cambium.nn.Model;
import io.cambium.nn.SymbolicTensor;
import io.cambium.nn.layers.attention.MultiHeadAttention;
import io.cambium.nn.layers.attention.PositionEmbedding;
import io.cambium.nn.layers.attention.SinePositionEncoding;
import io.cambium.nn.layers.core.Dense;
import io.cambium.nn.layers.merge.Add;
import io.cambium.nn.layers.pooling.GlobalAveragePooling1D;
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
 * Question 21: attention has no notion of order until positions are encoded. A sequence classifier
 * must output the symbol at a fixed position; mean pooling and self-attention without position
 * information cannot, self-attention with sine or learned position encodings can, and its
 * attention weights show where it looks.
 */
public final class Q21Attention implements Experiment {
    private static final int SYMBOLS = 6;
    private static final int POSITION = 3;

    @Override
    public List<Integer> questions() {
        return List.of(21);
    }

    @Override
    public String title() {
        return "Attention: soft attention weights, and why self-attention needs a position encoding";
    }

    @Override
    public String summary() {
        return "The textbook answer: attention computes softmax weights over the positions of a sequence and "
                + "returns the weighted sum of their values, so the model learns where to look; self-attention is "
                + "order-blind, so a position encoding (sinusoidal or learned) is added to the inputs. The experiment "
                + "asks for the symbol at position " + POSITION + " of a random sequence and compares mean pooling, "
                + "self-attention without a position encoding, and self-attention with sine and learned encodings; "
                + "the attention weights of the trained model are plotted.";
    }

    @Override
    public Result run(Mode mode, long seed, Progress progress) {
        int length = mode.pick(12, 20);
        int nTrain = mode.pick(2000, 6000);
        int epochs = mode.pick(8, 20);
        String[] variants = {"mean pooling (no attention)", "self-attention, no position", "self-attention + sine encoding",
            "self-attention + learned positions"};
        progress.total(variants.length * epochs + 1);
        Rng rng = new Rng(seed);
        Sequences.Task train = Sequences.recallAt(nTrain, length, SYMBOLS, POSITION, rng);
        Sequences.Task test = Sequences.recallAt(1000, length, SYMBOLS, POSITION, rng);

        Table table = new Table("Test accuracy for 'the symbol at position " + POSITION + "' (chance "
                + String.format(java.util.Locale.ROOT, "%.3f", 1.0 / SYMBOLS) + ")").text("model").num("params", 0)
                .num("test acc", 3).num("attention on position " + POSITION, 3);
        double[][] weights = null;
        for (int v = 0; v < variants.length; v++) {
            Cambium.seed(seed);
            SymbolicTensor in = Input.shape(length, SYMBOLS);
            SymbolicTensor e = new Dense(32).apply(in);
            MultiHeadAttention mha = new MultiHeadAttention(2, 16);
            if (v == 2) {
                e = new Add().apply(e, new SinePositionEncoding().apply(e));
            } else if (v == 3) {
                e = new Add().apply(e, new PositionEmbedding(length).apply(e));
            }
            SymbolicTensor h = v == 0 ? new Dense(32).activation("relu").apply(e) : mha.apply(e, e);
            SymbolicTensor pooled = new GlobalAveragePooling1D().apply(h);
            Model model = new Model(in, new Dense(SYMBOLS).activation("softmax").apply(pooled));
            model.compile(new Adam(3e-3), Losses.sparseCategoricalCrossentropy(), Metrics.accuracy());
            model.fit(train.x(), train.y(), FitConfig.epochs(epochs).batchSize(64).quiet()
                    .callbacks(progress.epochs(variants[v])));
            double acc = model.evaluate(test.x(), test.y()).get("accuracy");
            Double onPosition = null;
            if (v > 0) {
                // Re-run the trained layers on test inputs to read the attention weights (B, heads, T, T).
                // A model sharing the trained layers up to the attention's input gives the weights (B, heads, T, T).
                Tensor attIn = new Model(in, e).predict(test.x().narrow(0, 0, 200));
                Tensor w = mha.call(attIn, attIn, null, null, false, true, false).get(1);
                double[][] map = Series.matrix(w.mean(new int[] {0, 1}, false));
                double sum = 0;
                for (double[] row : map) {
                    sum += row[POSITION];
                }
                onPosition = sum / map.length;
                if (v == 2) {
                    weights = map;
                }
            }
            table.row(variants[v], model.countParams(), acc, onPosition);
        }
        progress.advance(1, "done");

        List<String> labels = new ArrayList<>();
        for (int t = 0; t < length; t++) {
            labels.add(Integer.toString(t));
        }
        int accCol = 2;
        int attCol = 3;
        Result.Builder out = Result.builder()
                .setup("Synthetic task: " + nTrain + " training and 1000 test sequences of " + length + " random one-hot "
                        + "symbols (" + SYMBOLS + " symbols); the label is the symbol at position " + POSITION + ". Models: "
                        + "Dense 32 embedding; then either Dense 32 ReLU (no attention) or MultiHeadAttention (2 heads, "
                        + "key_dim 16) as self-attention, with nothing, SinePositionEncoding or PositionEmbedding added to "
                        + "the embedding first; GlobalAveragePooling1D; Dense softmax. Adam 3e-3, batch 64, " + epochs
                        + " epochs. 'Attention on position " + POSITION + "' is the mean attention weight that the queries give "
                        + "to that key, over 200 test sequences and both heads (1/" + length + " would be uniform).")
                .table(table);
        if (weights != null) {
            out.plot("weights", "Mean attention weights of the sine-encoded model (queries in rows, keys in columns).",
                    new Heatmap("Attention weights (mean over 200 test sequences and 2 heads)", weights)
                            .labels(labels, labels).axes("query position", "key position").png());
        }
        out.check("Without position information, pooling and self-attention cannot tell where a symbol is",
                table.value(0, accCol) < 0.5 && table.value(1, accCol) < 0.5,
                "Mean pooling reaches " + table.text(0, accCol) + " and self-attention without positions "
                        + table.text(1, accCol) + ".");
        out.check("A position encoding lets self-attention solve a position-dependent task",
                Math.max(table.value(2, accCol), table.value(3, accCol)) > 0.9,
                "With the sine encoding self-attention reaches " + table.text(2, accCol) + ", with learned positions "
                        + table.text(3, accCol) + ".");
        out.check("The trained attention concentrates on the position that holds the answer",
                table.value(2, attCol) > 3.0 / length,
                "The sine-encoded model gives position " + POSITION + " a mean weight of " + table.text(2, attCol)
                        + " (uniform would be 1/" + length + "); without positions it gives " + table.text(1, attCol) + ".");
        return out.build();
    }
}
