package io.cambium.spark;

import io.cambium.nn.callbacks.Callback;
import io.cambium.nn.training.FitConfig;
import io.cambium.spark.data.Columns;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Options of {@link SparkTrainer#fit}: the columns, the global batch size (the batch one
 * optimizer step sees, split across partitions), epochs, shuffling, the training mode
 * (synchronous gradients, or parameter averaging every {@code k} local steps), checkpoints,
 * progress output and callbacks. Defaults follow Keras's {@code fit}: batch 32, 1 epoch,
 * shuffled, one progress line per epoch when not on a console.
 */
public final class SparkFitConfig {
    /** How replicas are kept in step. */
    public enum Mode {
        /** Each step: gradients of every partition's share of the global batch, summed on the driver. */
        SYNCHRONOUS,
        /** Local SGD: each partition takes {@code k} local steps, then weights and optimizer state are averaged. */
        AVERAGING
    }

    private final Columns columns;
    private int batchSize = 32;
    private int epochs = 1;
    private boolean shuffle = true;
    private long seed = 0;
    private Mode mode = Mode.SYNCHRONOUS;
    private int localSteps = 1;
    private int partitions;
    private int treeDepth = 2;
    private Path checkpointDir;
    private int checkpointEvery;
    private int keepCheckpoints = 2;
    private int verbose = FitConfig.ONE_LINE_PER_EPOCH;
    private PrintStream output = System.out;
    private final List<Callback> callbacks = new ArrayList<>();
    private final RunStats stats = new RunStats();

    private SparkFitConfig(Columns columns) {
        this.columns = columns;
    }

    /** A config reading features and labels as {@code columns} says. */
    public static SparkFitConfig of(Columns columns) {
        if (columns == null) {
            throw new IllegalArgumentException("SparkFitConfig: columns must be given");
        }
        return new SparkFitConfig(columns);
    }

    /** The global batch size: rows per optimizer step over all partitions (default 32). */
    public SparkFitConfig batchSize(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("SparkFitConfig: batch size must be >= 1, got " + n);
        }
        batchSize = n;
        return this;
    }

    /** The number of epochs to train up to (default 1; a resumed run continues to this total). */
    public SparkFitConfig epochs(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("SparkFitConfig: epochs must be >= 1, got " + n);
        }
        epochs = n;
        return this;
    }

    /** Whether each epoch visits the rows in a new random order (default true). */
    public SparkFitConfig shuffle(boolean s) {
        shuffle = s;
        return this;
    }

    /** The seed of the shuffling order (see {@link io.cambium.spark.data.GlobalOrder}). */
    public SparkFitConfig seed(long s) {
        seed = s;
        return this;
    }

    /** Synchronous data-parallel steps (the default). */
    public SparkFitConfig synchronous() {
        mode = Mode.SYNCHRONOUS;
        localSteps = 1;
        return this;
    }

    /**
     * Parameter averaging: each partition takes {@code k} local steps on its share of {@code k}
     * global batches, then the driver averages weights and optimizer state (weighted by rows).
     */
    public SparkFitConfig averaging(int k) {
        if (k < 1) {
            throw new IllegalArgumentException("SparkFitConfig: local steps must be >= 1, got " + k);
        }
        mode = Mode.AVERAGING;
        localSteps = k;
        return this;
    }

    /**
     * Repartitions the rows into {@code n} partitions (row i to partition i mod n); by default
     * the DataFrame's partitions are used as they are. Use about one per executor core.
     */
    public SparkFitConfig partitions(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("SparkFitConfig: partitions must be >= 1, got " + n);
        }
        partitions = n;
        return this;
    }

    /** The depth of Spark's tree aggregation (default 2, as {@code RDD.treeAggregate}). */
    public SparkFitConfig treeDepth(int depth) {
        if (depth < 1) {
            throw new IllegalArgumentException("SparkFitConfig: tree depth must be >= 1, got " + depth);
        }
        treeDepth = depth;
        return this;
    }

    /**
     * Saves a checkpoint (a Cambium model file, with optimizer state) into {@code dir} every
     * {@code everySteps} steps and at the end; a later fit with the same folder resumes from the
     * newest one.
     */
    public SparkFitConfig checkpoints(Path dir, int everySteps) {
        if (dir == null || everySteps < 1) {
            throw new IllegalArgumentException("SparkFitConfig: checkpoints need a folder and a step interval >= 1");
        }
        checkpointDir = dir;
        checkpointEvery = everySteps;
        return this;
    }

    /** How many checkpoint files to keep (default 2). */
    public SparkFitConfig keepCheckpoints(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("SparkFitConfig: keep at least 1 checkpoint, got " + n);
        }
        keepCheckpoints = n;
        return this;
    }

    /** {@link FitConfig#QUIET}, {@link FitConfig#PROGRESS_BAR} or {@link FitConfig#ONE_LINE_PER_EPOCH}. */
    public SparkFitConfig verbose(int level) {
        if (level < 0 || level > 2) {
            throw new IllegalArgumentException("SparkFitConfig: verbose must be 0, 1 or 2, got " + level);
        }
        verbose = level;
        return this;
    }

    /** Where progress goes (default standard output). */
    public SparkFitConfig output(PrintStream out) {
        output = out;
        return this;
    }

    /** Callbacks called on the driver, as in {@code fit}. */
    public SparkFitConfig callbacks(Callback... cbs) {
        callbacks.addAll(List.of(cbs));
        return this;
    }

    /** The timing and communication figures of the last fit with this config. */
    public RunStats stats() {
        return stats;
    }

    Columns columns() {
        return columns;
    }

    int batchSize() {
        return batchSize;
    }

    int epochs() {
        return epochs;
    }

    boolean shuffle() {
        return shuffle;
    }

    long seed() {
        return seed;
    }

    Mode mode() {
        return mode;
    }

    int localSteps() {
        return localSteps;
    }

    int partitions() {
        return partitions;
    }

    int treeDepth() {
        return treeDepth;
    }

    Path checkpointDir() {
        return checkpointDir;
    }

    int checkpointEvery() {
        return checkpointEvery;
    }

    int keepCheckpoints() {
        return keepCheckpoints;
    }

    int verbose() {
        return verbose;
    }

    PrintStream output() {
        return output;
    }

    List<Callback> callbacks() {
        return callbacks;
    }
}
