package io.cambium.cli.support;

import io.cambium.nn.callbacks.Callback;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Measures the training time of each epoch: from its start to the end of its last batch (validation excluded). */
public final class EpochTimer extends Callback {
    private final List<Double> seconds = new ArrayList<>();
    private long start;
    private long lastBatchEnd;

    @Override
    public void onEpochBegin(int epoch, Map<String, Double> logs) {
        start = System.nanoTime();
        lastBatchEnd = start;
    }

    @Override
    public void onTrainBatchEnd(int batch, Map<String, Double> logs) {
        lastBatchEnd = System.nanoTime();
    }

    @Override
    public void onEpochEnd(int epoch, Map<String, Double> logs) {
        seconds.add((lastBatchEnd - start) / 1e9);
    }

    /** Training seconds of each finished epoch. */
    public List<Double> seconds() {
        return List.copyOf(seconds);
    }
}
