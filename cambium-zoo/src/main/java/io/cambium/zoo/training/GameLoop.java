package io.cambium.zoo.training;

import io.cambium.Cambium;
import io.cambium.nn.callbacks.Callback;
import io.cambium.nn.training.History;
import io.cambium.nn.training.ProgressLogger;
import io.cambium.tensor.Tensor;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The training loop of a multi-model game (GANs, VAEs with a separate prior, actor-critic): per
 * epoch the data is shuffled and cut into batches, and for each batch a user {@link Step} runs
 * the models' alternating updates through their {@link Player}s. Each player's loss and the
 * metrics recorded by the step appear as running means in the Keras-style progress line, and their
 * epoch means in the returned {@link History} and the callbacks' logs ({@code d_loss},
 * {@code g_loss}, ...).
 *
 * <pre>{@code
 * History h = new GameLoop(d, g).epochs(5).batchSize(64).fit(images, null, (x, y, step) -> {
 *     d.step(discriminatorLoss(x));
 *     g.step(generatorLoss(x.dim(0)));
 * });
 * }</pre>
 */
public final class GameLoop {
    private final List<Player> players;
    private final List<Callback> callbacks = new ArrayList<>();
    private int epochs = 1;
    private int batchSize = 64;
    private int stepsPerEpoch = -1;
    private boolean shuffle = true;
    private boolean dropRemainder = true;
    private PrintStream out = System.out;
    private boolean progressBar = true;
    private boolean verbose = true;
    private Supplier<Map<String, Double>> evaluation;

    /** One batch's updates. {@code y} is null when the loop was given no labels. */
    @FunctionalInterface
    public interface Step {
        /**
         * @param x the batch's inputs
         * @param y the batch's labels, or null
         * @param step the number of batches run before this one, over all epochs
         */
        void run(Tensor x, Tensor y, long step);
    }

    /** A loop over the given players (their names must differ). */
    public GameLoop(Player... players) {
        this(List.of(players));
    }

    /** A loop over the given players (their names must differ). */
    public GameLoop(List<Player> players) {
        this.players = List.copyOf(players);
        for (int i = 0; i < this.players.size(); i++) {
            for (int j = 0; j < i; j++) {
                if (this.players.get(i).name().equals(this.players.get(j).name())) {
                    throw new IllegalArgumentException("GameLoop: two players are named '" + this.players.get(i).name()
                            + "'");
                }
            }
        }
    }

    /** The number of epochs (default 1). */
    public GameLoop epochs(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("GameLoop: epochs must be at least 1, got " + n);
        }
        epochs = n;
        return this;
    }

    /** The batch size (default 64). */
    public GameLoop batchSize(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("GameLoop: batch size must be at least 1, got " + n);
        }
        batchSize = n;
        return this;
    }

    /** At most this many batches per epoch (default: all). */
    public GameLoop stepsPerEpoch(int n) {
        stepsPerEpoch = n;
        return this;
    }

    /** Whether to shuffle the data each epoch with the global seeded generator (default true). */
    public GameLoop shuffle(boolean value) {
        shuffle = value;
        return this;
    }

    /**
     * Whether to drop a last batch smaller than the batch size (default true: batch statistics of
     * a handful of samples would disturb the batch-normalized models of GANs).
     */
    public GameLoop dropRemainder(boolean value) {
        dropRemainder = value;
        return this;
    }

    /** Callbacks, called with the epoch means of the metrics (an image grid per epoch, say). */
    public GameLoop callbacks(Callback... cbs) {
        callbacks.addAll(Arrays.asList(cbs));
        return this;
    }

    /**
     * Metrics computed at the end of every epoch (a test-set ELBO, a sample-quality score), added to
     * the epoch's logs before the callbacks, the progress line and the History see them.
     */
    public GameLoop evaluation(Supplier<Map<String, Double>> fn) {
        evaluation = fn;
        return this;
    }

    /** Where progress goes (default System.out); {@code bar} redraws a progress bar in place. */
    public GameLoop progress(PrintStream stream, boolean bar) {
        out = stream;
        progressBar = bar;
        verbose = stream != null;
        return this;
    }

    /**
     * Runs the loop over {@code x} (samples on axis 0) and optional labels {@code y} (same number
     * of samples).
     */
    public History fit(Tensor x, Tensor y, Step step) {
        int n = x.dim(0);
        if (y != null && y.dim(0) != n) {
            throw new IllegalArgumentException("GameLoop: " + n + " inputs but " + y.dim(0) + " labels");
        }
        int batches = dropRemainder ? n / batchSize : (n + batchSize - 1) / batchSize;
        if (batches == 0) {
            throw new IllegalArgumentException("GameLoop: " + n + " samples make no batch of " + batchSize
                    + " (dropRemainder is on)");
        }
        if (stepsPerEpoch > 0) {
            batches = Math.min(batches, stepsPerEpoch);
        }
        History history = new History();
        // The user's callbacks may add to the logs; the progress line and the History come last.
        List<Callback> all = new ArrayList<>(callbacks);
        if (verbose) {
            all.add(new ProgressLogger(out, progressBar && System.console() != null && out == System.out, epochs,
                    batches));
        }
        all.add(history);
        GameMetrics metrics = new GameMetrics();
        players.forEach(p -> p.attach(metrics));
        long global = 0;
        try {
            all.forEach(c -> c.onTrainBegin(new LinkedHashMap<>()));
            for (int epoch = 0; epoch < epochs; epoch++) {
                metrics.clear();
                int e = epoch;
                all.forEach(c -> c.onEpochBegin(e, new LinkedHashMap<>()));
                int[] order = shuffle ? Cambium.rng().permutation(n) : identity(n);
                for (int b = 0; b < batches; b++) {
                    int from = b * batchSize;
                    int[] idx = Arrays.copyOfRange(order, from, Math.min(n, from + batchSize));
                    Tensor bx = x.indexSelect(0, idx);
                    Tensor by = y == null ? null : y.indexSelect(0, idx);
                    int bi = b;
                    all.forEach(c -> c.onTrainBatchBegin(bi, new LinkedHashMap<>()));
                    step.run(bx, by, global++);
                    Map<String, Double> running = metrics.means();
                    all.forEach(c -> c.onTrainBatchEnd(bi, new LinkedHashMap<>(running)));
                }
                Map<String, Double> logs = metrics.means();
                if (evaluation != null) {
                    logs.putAll(evaluation.get());
                }
                all.forEach(c -> c.onEpochEnd(e, logs));
            }
            all.forEach(c -> c.onTrainEnd(new LinkedHashMap<>()));
        } finally {
            players.forEach(p -> p.attach(null));
        }
        return history;
    }

    private static int[] identity(int n) {
        int[] a = new int[n];
        for (int i = 0; i < n; i++) {
            a[i] = i;
        }
        return a;
    }
}
