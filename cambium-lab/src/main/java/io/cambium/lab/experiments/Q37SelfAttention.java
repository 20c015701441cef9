package io.cambium.lab.experiments;

import io.cambium.Cambium;
import io.cambium.lab.Experiment;
import io.cambium.lab.Mode;
import io.cambium.lab.Progress;
import io.cambium.lab.Result;
import io.cambium.lab.Table;
import io.cambium.nn.Input;
import io.cambium.nn.Model;
import io.cambium.nn.SymbolicTensor;
import io.cambium.nn.layers.attention.MultiHeadAttention;
import io.cambium.nn.layers.core.Dense;
import io.cambium.nn.layers.core.Flatten;
import io.cambium.nn.layers.core.Lambda;
import io.cambium.nn.layers.merge.Add;
import io.cambium.nn.layers.normalization.LayerNormalization;
import io.cambium.nn.layers.recurrent.LSTM;
import io.cambium.nn.losses.Losses;
import io.cambium.nn.metrics.Metrics;
import io.cambium.nn.optimizers.Adam;
import io.cambium.nn.training.FitConfig;
import io.cambium.plot.LineChart;
import io.cambium.tensor.Tensor;
import io.cambium.tensor.random.Rng;

import java.util.List;

/**
 * Question 37: self-attention against an LSTM on associative recall (a sequence of key-value pairs,
 * then a key: answer its value), as the number of pairs grows; and why the scores are divided by
 * sqrt(d_k): the softmax of unscaled scores saturates and its gradient vanishes.
 */
public final class Q37SelfAttention implements Experiment {
    private static final int KEYS = 24;
    private static final int VALUES = 8;

    @Override
    public List<Integer> questions() {
        return List.of(37);
    }

    @Override
    public String title() {
        return "Self-attention against an LSTM on associative recall, and the sqrt(d_k) scaling of dot-product attention";
    }

    @Override
    public String summary() {
        return "The textbook answer: self-attention projects the inputs to queries, keys and values, weights every "
                + "position by softmax(QK^T / sqrt(d_k)) and so connects any two positions in one step, where a "
                + "recurrent layer must carry information through its state; the division by sqrt(d_k) keeps the "
                + "softmax from saturating. The experiment compares a one-layer self-attention model with an LSTM on "
                + "recalling the value stored with a key among more and more pairs, and measures the softmax's "
                + "saturation and gradient with and without the scaling.";
    }

    /**
     * Associative recall: {@code pairs} steps of (key one-hot, value one-hot) with distinct keys, then
     * a query step (the key of one pair and a flag); the label is that pair's value.
     */
    private static Tensor task(int n, int pairs, Rng rng, int[] labels) {
        int width = KEYS + VALUES + 1;
        float[] x = new float[n * (pairs + 1) * width];
        for (int i = 0; i < n; i++) {
            int[] keys = rng.permutation(KEYS);
            int asked = rng.nextInt(pairs);
            for (int p = 0; p < pairs; p++) {
                int value = rng.nextInt(VALUES);
                int base = (i * (pairs + 1) + p) * width;
                x[base + keys[p]] = 1;
                x[base + KEYS + value] = 1;
                if (p == asked) {
                    labels[i] = value;
                }
            }
            int q = (i * (pairs + 1) + pairs) * width;
            x[q + keys[asked]] = 1;
            x[q + KEYS + VALUES] = 1;
        }
        return new Tensor(x, n, pairs + 1, width);
    }

    @Override
    public Result run(Mode mode, long seed, Progress progress) {
        int[] pairCounts = mode == Mode.QUICK ? new int[] {4, 12} : new int[] {4, 8, 16, 24};
        int nTrain = mode.pick(2000, 6000);
        int epochs = mode.pick(8, 20);
        progress.total(pairCounts.length * 2 * epochs + 1);
        Rng rng = new Rng(seed);

        Table recall = new Table("Test accuracy of associative recall (chance " + 1.0 / VALUES + ")")
                .num("pairs", 0).num("LSTM (64 units)", 3).num("self-attention", 3).num("LSTM params", 0)
                .num("attention params", 0);
        double[] xs = new double[pairCounts.length];
        double[] lstmAcc = new double[pairCounts.length];
        double[] attAcc = new double[pairCounts.length];
        for (int i = 0; i < pairCounts.length; i++) {
            int pairs = pairCounts[i];
            int[] yTrain = new int[nTrain];
            Tensor xTrain = task(nTrain, pairs, rng, yTrain);
            int[] yTest = new int[1000];
            Tensor xTest = task(1000, pairs, rng, yTest);
            Model lstm = lstm(seed, pairs);
            Model att = attention(seed, pairs);
            lstmAcc[i] = fit(lstm, xTrain, yTrain, xTest, yTest, epochs, progress, "LSTM, " + pairs + " pairs");
            attAcc[i] = fit(att, xTrain, yTrain, xTest, yTest, epochs, progress, "attention, " + pairs + " pairs");
            xs[i] = pairs;
            recall.row(pairs, lstmAcc[i], attAcc[i], lstm.countParams(), att.countParams());
        }

        // Why divide by sqrt(d_k): random queries and keys of dimension d_k give scores of variance d_k.
        progress.message("softmax saturation");
        Table scaling = new Table("Softmax over 16 keys of random unit-variance queries and keys (1024 queries)")
                .num("d_k", 0).num("max weight, unscaled", 3).num("max weight, scaled", 3)
                .sci("score gradient, unscaled").sci("score gradient, scaled");
        for (int dk : new int[] {4, 16, 64, 256}) {
            double[] unscaled = saturation(dk, 1f, rng);
            double[] scaled = saturation(dk, (float) (1 / Math.sqrt(dk)), rng);
            scaling.row(dk, unscaled[0], scaled[0], unscaled[1], scaled[1]);
        }
        progress.advance(1, "done");

        int last = pairCounts.length - 1;
        Result.Builder out = Result.builder()
                .setup("Associative recall: each sequence holds P steps of (key one-hot among " + KEYS + ", value one-hot "
                        + "among " + VALUES + "), keys distinct, then a query step with one of the keys; the label is its "
                        + "value. " + nTrain + " training and 1000 test sequences per P. LSTM: LSTM(64), Dense softmax. "
                        + "Self-attention: Dense 64 embedding, MultiHeadAttention (4 heads, key_dim 16) as self-attention "
                        + "with a residual connection and LayerNormalization, the query step's output, Dense softmax "
                        + "(no position encoding: the task is about content, not order). Adam 3e-3, batch 64, " + epochs
                        + " epochs. Scaling table: scores q.k (or q.k / sqrt(d_k)) of random N(0, 1) vectors over 16 keys; "
                        + "'max weight' is the mean largest softmax weight, 'score gradient' the mean absolute gradient "
                        + "of a random linear read-out of the softmax with respect to the scores.")
                .table(recall).table(scaling)
                .plot("recall", "Test accuracy against the number of stored pairs.", new LineChart("Associative recall")
                        .xLabel("key-value pairs in the sequence").yLabel("test accuracy").series("LSTM", xs, lstmAcc)
                        .series("self-attention", xs, attAcc).png());
        out.check("Self-attention recalls across many stored pairs where an LSTM degrades", attAcc[last] > lstmAcc[last],
                "With " + pairCounts[last] + " pairs self-attention scores " + recall.text(last, 2) + " and the LSTM "
                        + recall.text(last, 1) + " (with " + pairCounts[0] + " pairs: " + recall.text(0, 2) + " and "
                        + recall.text(0, 1) + ").");
        int big = scaling.rowCount() - 1;
        out.check("Without the 1/sqrt(d_k) scaling the softmax saturates as d_k grows and its gradient vanishes",
                scaling.value(big, 1) > 0.9 && scaling.value(big, 3) < scaling.value(big, 4),
                "At d_k = 256 the unscaled softmax puts " + scaling.text(big, 1) + " on its top key on average (scaled: "
                        + scaling.text(big, 2) + "), and the gradient reaching the scores is " + scaling.text(big, 3)
                        + " against " + scaling.text(big, 4) + " with the scaling.");
        return out.build();
    }

    private static Model lstm(long seed, int pairs) {
        Cambium.seed(seed);
        SymbolicTensor in = Input.shape(pairs + 1, KEYS + VALUES + 1);
        SymbolicTensor h = new LSTM(64).apply(in);
        Model m = new Model(in, new Dense(VALUES).activation("softmax").apply(h));
        m.compile(new Adam(3e-3), Losses.sparseCategoricalCrossentropy(), Metrics.accuracy());
        return m;
    }

    private static Model attention(long seed, int pairs) {
        Cambium.seed(seed);
        SymbolicTensor in = Input.shape(pairs + 1, KEYS + VALUES + 1);
        SymbolicTensor e = new Dense(64).apply(in);
        SymbolicTensor a = new MultiHeadAttention(4, 16).apply(e, e);
        SymbolicTensor h = new LayerNormalization().apply(new Add().apply(e, a));
        // The answer is read at the query step, the last one.
        SymbolicTensor q = new Lambda(t -> t.narrow(1, t.dim(1) - 1, 1)).outputShape(s -> new int[] {s[0], 1, s[2]})
                .apply(h);
        SymbolicTensor flat = new Flatten().apply(q);
        SymbolicTensor hidden = new Dense(64).activation("relu").apply(flat);
        Model m = new Model(in, new Dense(VALUES).activation("softmax").apply(hidden));
        m.compile(new Adam(3e-3), Losses.sparseCategoricalCrossentropy(), Metrics.accuracy());
        return m;
    }

    private static double fit(Model m, Tensor x, int[] y, Tensor xt, int[] yt, int epochs, Progress progress,
            String label) {
        m.fit(x, y, FitConfig.epochs(epochs).batchSize(64).quiet().callbacks(progress.epochs(label)));
        return m.evaluate(xt, yt).get("accuracy");
    }

    /** Mean top softmax weight and mean |d(read-out)/d(score)| for random q, k of dimension dk. */
    private static double[] saturation(int dk, float scale, Rng rng) {
        int queries = 1024;
        int keys = 16;
        Tensor q = Tensor.normal(rng, 0, 1, queries, 1, dk);
        Tensor k = Tensor.normal(rng, 0, 1, queries, keys, dk);
        Tensor scores = q.matmul(k, false, true).mul(scale).requiresGrad(true);
        Tensor w = scores.softmax(2);
        Tensor readout = w.mul(Tensor.normal(rng, 0, 1, queries, 1, keys)).sum();
        readout.backward();
        double maxWeight = w.max(2, false).mean().item();
        double grad = scores.grad().abs().mean().item();
        return new double[] {maxWeight, grad};
    }
}
