package io.cambium.nn.callbacks;

import io.cambium.tensor.Tensor;
import java.util.List;
import java.util.Map;

/**
 * Stops training when a monitored metric has stopped improving (Keras semantics): after
 * {@code patience} epochs without an improvement larger than {@code minDelta}. With
 * {@code restoreBestWeights}, the weights of the best epoch are restored when training ends.
 */
public class EarlyStopping extends Callback {
    private final String monitor;
    private double minDelta;
    private int patience;
    private Monitor mode = Monitor.AUTO;
    private Double baseline;
    private boolean restoreBestWeights;
    private int startFromEpoch;
    private boolean verbose;

    private int wait;
    private int stoppedEpoch;
    private double best;
    private int bestEpoch;
    private List<Tensor> bestWeights;
    private boolean higher;

    /** Monitors {@code val_loss}. */
    public EarlyStopping() {
        this("val_loss");
    }

    /** Monitors the given metric. */
    public EarlyStopping(String monitor) {
        this.monitor = monitor;
    }

    /** The smallest change that counts as an improvement (default 0). */
    public EarlyStopping minDelta(double d) {
        this.minDelta = Math.abs(d);
        return this;
    }

    /** Epochs without improvement before stopping (default 0). */
    public EarlyStopping patience(int p) {
        this.patience = p;
        return this;
    }

    /** Whether lower or higher is better (default auto). */
    public EarlyStopping mode(Monitor m) {
        this.mode = m;
        return this;
    }

    /** Training stops if the metric does not beat this value within the patience. */
    public EarlyStopping baseline(double b) {
        this.baseline = b;
        return this;
    }

    /** Restore the weights of the best epoch when stopping (default false, as in Keras). */
    public EarlyStopping restoreBestWeights(boolean r) {
        this.restoreBestWeights = r;
        return this;
    }

    /** Epochs to wait before starting to monitor (warm-up). */
    public EarlyStopping startFromEpoch(int e) {
        this.startFromEpoch = e;
        return this;
    }

    /** Print a message when stopping. */
    public EarlyStopping verbose(boolean v) {
        this.verbose = v;
        return this;
    }

    /** The epoch at which training stopped (0 when it did not). */
    public int stoppedEpoch() {
        return stoppedEpoch;
    }

    /** The epoch with the best monitored value. */
    public int bestEpoch() {
        return bestEpoch;
    }

    /** The best monitored value. */
    public double best() {
        return best;
    }

    @Override
    public void onTrainBegin(Map<String, Double> logs) {
        higher = mode.higherIsBetter(monitor);
        wait = 0;
        stoppedEpoch = 0;
        best = higher ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
        bestWeights = null;
        bestEpoch = 0;
    }

    private boolean isImprovement(double value, double reference) {
        return higher ? value - minDelta > reference : value + minDelta < reference;
    }

    @Override
    public void onEpochEnd(int epoch, Map<String, Double> logs) {
        Double current = logs.get(monitor);
        if (current == null) {
            System.err.println("EarlyStopping: metric '" + monitor + "' is not available; available: " + logs.keySet());
            return;
        }
        if (epoch < startFromEpoch) {
            return;
        }
        if (restoreBestWeights && bestWeights == null) {
            bestWeights = model().getWeights();
            bestEpoch = epoch;
        }
        wait++;
        if (isImprovement(current, best)) {
            best = current;
            bestEpoch = epoch;
            if (restoreBestWeights) {
                bestWeights = model().getWeights();
            }
            // Only restart waiting when both the previous best and the baseline are beaten.
            if (baseline == null || isImprovement(current, baseline)) {
                wait = 0;
            }
            return;
        }
        if (wait >= patience && epoch > 0) {
            stoppedEpoch = epoch;
            model().stopTraining(true);
        }
    }

    /** Reports the stop and, as Keras 3 does, restores the best weights at the end of training. */
    @Override
    public void onTrainEnd(Map<String, Double> logs) {
        if (stoppedEpoch > 0 && verbose) {
            System.out.printf("Epoch %d: early stopping%n", stoppedEpoch + 1);
        }
        if (restoreBestWeights && bestWeights != null) {
            if (verbose) {
                System.out.println("Restoring model weights from the end of the best epoch: " + (bestEpoch + 1) + ".");
            }
            model().setWeights(bestWeights);
        }
    }
}
