package io.cambium.nn.training;

import io.cambium.nn.callbacks.Callback;
import io.cambium.tensor.Tensor;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The options of {@code Model.fit}, with Keras's names and defaults:
 * {@code FitConfig.epochs(10).batchSize(64).validationSplit(0.2).callbacks(...)}.
 */
public final class FitConfig {
    /** Keras's verbose=0: print nothing. */
    public static final int QUIET = 0;
    /** Keras's verbose=1: a progress bar redrawn in place (one line per epoch without a console). */
    public static final int PROGRESS_BAR = 1;
    /** Keras's verbose=2: one line per epoch. */
    public static final int ONE_LINE_PER_EPOCH = 2;

    private int epochs = 1;
    private int batchSize = 32;
    private boolean shuffle = true;
    private double validationSplit;
    private List<Tensor> validationX;
    private List<Tensor> validationY;
    private Tensor validationWeights;
    private Iterable<? extends AsBatch> validationBatches;
    private Map<Integer, Double> classWeight;
    private boolean balancedClassWeight;
    private Tensor sampleWeight;
    private int initialEpoch;
    private int stepsPerEpoch = -1;
    private final List<Callback> callbacks = new ArrayList<>();
    private int verbose = PROGRESS_BAR;
    private PrintStream out = System.out;

    private FitConfig() {
    }

    /** A configuration for {@code n} epochs (other options at their defaults). */
    public static FitConfig epochs(int n) {
        FitConfig c = new FitConfig();
        return c.setEpochs(n);
    }

    /** A configuration with every option at its default (1 epoch, batch 32, shuffled). */
    public static FitConfig defaults() {
        return new FitConfig();
    }

    /** Sets the index of the last epoch + 1 (with {@link #initialEpoch}, as in Keras). */
    public FitConfig setEpochs(int n) {
        if (n < 0) {
            throw new IllegalArgumentException("FitConfig: epochs must be >= 0, got " + n);
        }
        epochs = n;
        return this;
    }

    /** The number of samples per gradient step (default 32). */
    public FitConfig batchSize(int n) {
        if (n <= 0) {
            throw new IllegalArgumentException("FitConfig: batch size must be positive, got " + n);
        }
        batchSize = n;
        return this;
    }

    /** Whether to reshuffle the training samples each epoch (default true; seeded by Cambium.rng()). */
    public FitConfig shuffle(boolean s) {
        shuffle = s;
        return this;
    }

    /** Holds out the last fraction of the samples (taken before shuffling, as Keras does) for validation. */
    public FitConfig validationSplit(double fraction) {
        if (!(fraction >= 0 && fraction < 1)) {
            throw new IllegalArgumentException("FitConfig: validation split must be in [0, 1), got " + fraction);
        }
        validationSplit = fraction;
        return this;
    }

    /** Validation arrays evaluated at the end of each epoch (overrides the split). */
    public FitConfig validationData(Tensor x, Tensor y) {
        return validationData(List.of(x), List.of(y), null);
    }

    /** Validation inputs with integer class labels. */
    public FitConfig validationData(Tensor x, int[] y) {
        return validationData(x, Tensor.of(y));
    }

    /** Validation arrays of a multi-input/output model with optional sample weights. */
    public FitConfig validationData(List<Tensor> xs, List<Tensor> ys, Tensor sampleWeights) {
        validationX = List.copyOf(xs);
        validationY = List.copyOf(ys);
        validationWeights = sampleWeights;
        return this;
    }

    /**
     * Validation batches evaluated at the end of each epoch: a {@link Batches}, a batched
     * cambium-data {@code Dataset}, or any iterable of {@link AsBatch}.
     */
    public FitConfig validationData(Iterable<? extends AsBatch> batches) {
        validationBatches = batches;
        return this;
    }

    /** Per-class loss weights (class index -> weight), turned into sample weights. */
    public FitConfig classWeight(Map<Integer, Double> weights) {
        classWeight = new HashMap<>(weights);
        balancedClassWeight = false;
        return this;
    }

    /** scikit-learn's "balanced" class weights: n_samples / (n_classes * count(class)). */
    public FitConfig classWeightBalanced() {
        classWeight = null;
        balancedClassWeight = true;
        return this;
    }

    /** Per-sample loss weights, shape {@code [samples]}. */
    public FitConfig sampleWeight(Tensor w) {
        sampleWeight = w;
        return this;
    }

    /** The epoch to start from (to resume a run; epochs counts up to the same end). */
    public FitConfig initialEpoch(int e) {
        if (e < 0) {
            throw new IllegalArgumentException("FitConfig: initial epoch must be >= 0, got " + e);
        }
        initialEpoch = e;
        return this;
    }

    /** Batches per epoch for a streaming source (default: one full pass). */
    public FitConfig stepsPerEpoch(int n) {
        stepsPerEpoch = n;
        return this;
    }

    /** Adds callbacks. */
    public FitConfig callbacks(Callback... cbs) {
        callbacks.addAll(List.of(cbs));
        return this;
    }

    /** 0 quiet, 1 progress bar (default), 2 one line per epoch. */
    public FitConfig verbose(int level) {
        if (level < 0 || level > 2) {
            throw new IllegalArgumentException("FitConfig: verbose must be 0, 1 or 2, got " + level);
        }
        verbose = level;
        return this;
    }

    /** Prints nothing (verbose 0). */
    public FitConfig quiet() {
        return verbose(QUIET);
    }

    /** Where progress goes (default System.out). */
    public FitConfig output(PrintStream stream) {
        out = stream;
        return this;
    }

    /** The last epoch index + 1. */
    public int epochs() {
        return epochs;
    }

    /** The batch size. */
    public int batchSize() {
        return batchSize;
    }

    /** Whether training samples are reshuffled. */
    public boolean shuffle() {
        return shuffle;
    }

    /** The validation fraction. */
    public double validationSplit() {
        return validationSplit;
    }

    List<Tensor> validationX() {
        return validationX;
    }

    List<Tensor> validationY() {
        return validationY;
    }

    Tensor validationWeights() {
        return validationWeights;
    }

    Iterable<? extends AsBatch> validationBatches() {
        return validationBatches;
    }

    Map<Integer, Double> classWeight() {
        return classWeight;
    }

    boolean balancedClassWeight() {
        return balancedClassWeight;
    }

    Tensor sampleWeight() {
        return sampleWeight;
    }

    /** The first epoch index. */
    public int initialEpoch() {
        return initialEpoch;
    }

    int stepsPerEpoch() {
        return stepsPerEpoch;
    }

    /** The callbacks. */
    public List<Callback> callbacks() {
        return List.copyOf(callbacks);
    }

    /** The verbosity. */
    public int verbose() {
        return verbose;
    }

    PrintStream output() {
        return out;
    }
}
