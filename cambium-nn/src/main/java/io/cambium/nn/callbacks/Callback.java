package io.cambium.nn.callbacks;

import io.cambium.nn.Model;
import java.util.Map;

/**
 * Hooks into {@code fit} (Keras's Callback). Epochs and batches are numbered from 0; {@code logs}
 * holds the metrics computed so far ({@code loss}, {@code accuracy}, {@code val_loss}, ...) and
 * may be extended by callbacks (ReduceLROnPlateau adds {@code lr}).
 */
public abstract class Callback {
    private Model model;

    /** Called by fit before training. */
    public void setModel(Model m) {
        this.model = m;
    }

    /** The model being trained. */
    public Model model() {
        return model;
    }

    /** Before the first epoch. */
    public void onTrainBegin(Map<String, Double> logs) {
    }

    /** After the last epoch (or an early stop). */
    public void onTrainEnd(Map<String, Double> logs) {
    }

    /**
     * When training stopped with an exception, instead of {@link #onTrainEnd}: release what the
     * callback holds (files, servers, debugging modes); the exception goes on to fit's caller.
     */
    public void onTrainAborted(Throwable error) {
    }

    /** Before each epoch. */
    public void onEpochBegin(int epoch, Map<String, Double> logs) {
    }

    /** After each epoch, with the epoch's training and validation metrics. */
    public void onEpochEnd(int epoch, Map<String, Double> logs) {
    }

    /** Before each training batch. */
    public void onTrainBatchBegin(int batch, Map<String, Double> logs) {
    }

    /** After each training batch, with the running means of the epoch so far. */
    public void onTrainBatchEnd(int batch, Map<String, Double> logs) {
    }
}
