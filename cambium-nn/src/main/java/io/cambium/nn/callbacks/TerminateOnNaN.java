package io.cambium.nn.callbacks;

import java.util.Map;

/** Stops training as soon as a batch loss is NaN or infinite. */
public class TerminateOnNaN extends Callback {
    private int stoppedBatch = -1;

    /** The batch at which the loss became invalid, or -1. */
    public int stoppedBatch() {
        return stoppedBatch;
    }

    @Override
    public void onTrainBatchEnd(int batch, Map<String, Double> logs) {
        Double loss = logs.get("loss");
        if (loss != null && (loss.isNaN() || loss.isInfinite())) {
            System.out.println("Batch " + batch + ": Invalid loss, terminating training");
            stoppedBatch = batch;
            model().stopTraining(true);
        }
    }
}
