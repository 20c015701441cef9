package io.cambium.zoo.experiments;

import io.cambium.nn.callbacks.Callback;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The settings every experiment run has: epochs, batch size, seed, how much of the training set,
 * how many batches per epoch, and where progress goes.
 *
 * @param <T> the concrete options, which the setters return
 */
public abstract class RunOptions<T extends RunOptions<T>> {
    int epochs;
    int batchSize;
    long seed = 42;
    int trainImages = -1;
    int stepsPerEpoch = -1;
    PrintStream out = System.out;
    final List<Callback> callbacks = new ArrayList<>();

    RunOptions(int epochs, int batchSize) {
        this.epochs = epochs;
        this.batchSize = batchSize;
    }

    @SuppressWarnings("unchecked")
    private T self() {
        return (T) this;
    }

    /** Epochs over the training images. */
    public T epochs(int n) {
        epochs = n;
        return self();
    }

    /** The batch size. */
    public T batchSize(int n) {
        batchSize = n;
        return self();
    }

    /** The seed of weights, latent draws and shuffling (default 42). */
    public T seed(long s) {
        seed = s;
        return self();
    }

    /** Train on the first n training images only (default all). */
    public T trainImages(int n) {
        trainImages = n;
        return self();
    }

    /** At most n batches per epoch (default all). */
    public T stepsPerEpoch(int n) {
        stepsPerEpoch = n;
        return self();
    }

    /**
     * Callbacks that see every epoch's end with its logs (the players' metrics and, for a VAE, the
     * test ELBO), in addition to the experiment's own (a lab's progress display, say).
     */
    public T callbacks(Callback... cbs) {
        callbacks.addAll(Arrays.asList(cbs));
        return self();
    }

    /** The batch size. */
    public int batchSize() {
        return batchSize;
    }

    /** The seed. */
    public long seed() {
        return seed;
    }

    /** The training images used (the first n), or -1 for all. */
    public int trainImages() {
        return trainImages;
    }

    /** The most batches per epoch, or -1 for all. */
    public int stepsPerEpoch() {
        return stepsPerEpoch;
    }

    /** The epochs this run trains (for a progress display's total). */
    public int totalEpochs() {
        return epochs;
    }

    /** The run's name, which prefixes its PNG files ("dcgan", "wgan-gp", "q36-conv-vae-beta4", ...). */
    public abstract String runName();

    /** Where progress goes (null for none; default System.out). */
    public T out(PrintStream stream) {
        out = stream;
        return self();
    }
}
