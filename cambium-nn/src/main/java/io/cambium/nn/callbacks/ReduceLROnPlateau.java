package io.cambium.nn.callbacks;

import java.util.Map;

/**
 * Multiplies the learning rate by {@code factor} when a metric has stopped improving for
 * {@code patience} epochs (Keras semantics, with cooldown and a floor). Adds {@code lr} to the logs.
 */
public class ReduceLROnPlateau extends Callback {
    private final String monitor;
    private double factor = 0.1;
    private int patience = 10;
    private Monitor mode = Monitor.AUTO;
    private double minDelta = 1e-4;
    private int cooldown;
    private double minLr;
    private boolean verbose;

    private boolean higher;
    private double best;
    private int wait;
    private int cooldownCounter;

    /** Monitors {@code val_loss}. */
    public ReduceLROnPlateau() {
        this("val_loss");
    }

    /** Monitors the given metric. */
    public ReduceLROnPlateau(String monitor) {
        this.monitor = monitor;
    }

    /** The reduction factor (default 0.1, must be below 1). */
    public ReduceLROnPlateau factor(double f) {
        if (f >= 1) {
            throw new IllegalArgumentException("ReduceLROnPlateau: factor must be < 1, got " + f);
        }
        this.factor = f;
        return this;
    }

    /** Epochs without improvement before reducing (default 10). */
    public ReduceLROnPlateau patience(int p) {
        this.patience = p;
        return this;
    }

    /** Whether lower or higher is better (default auto). */
    public ReduceLROnPlateau mode(Monitor m) {
        this.mode = m;
        return this;
    }

    /** The smallest change that counts as an improvement (default 1e-4). */
    public ReduceLROnPlateau minDelta(double d) {
        this.minDelta = d;
        return this;
    }

    /** Epochs to wait after a reduction before counting again (default 0). */
    public ReduceLROnPlateau cooldown(int c) {
        this.cooldown = c;
        return this;
    }

    /** The lowest learning rate (default 0). */
    public ReduceLROnPlateau minLr(double m) {
        this.minLr = m;
        return this;
    }

    /** Print a message on each reduction. */
    public ReduceLROnPlateau verbose(boolean v) {
        this.verbose = v;
        return this;
    }

    @Override
    public void onTrainBegin(Map<String, Double> logs) {
        higher = mode.higherIsBetter(monitor);
        best = higher ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
        wait = 0;
        cooldownCounter = 0;
    }

    @Override
    public void onEpochEnd(int epoch, Map<String, Double> logs) {
        double lr = model().optimizer().learningRate();
        logs.put("lr", lr);
        Double current = logs.get(monitor);
        if (current == null) {
            System.err.println("ReduceLROnPlateau: metric '" + monitor + "' is not available; available: " + logs.keySet());
            return;
        }
        if (cooldownCounter > 0) {
            cooldownCounter--;
            wait = 0;
        }
        boolean improved = higher ? current > best + minDelta : current < best - minDelta;
        if (improved) {
            best = current;
            wait = 0;
        } else if (cooldownCounter <= 0) {
            wait++;
            if (wait >= patience && lr > minLr) {
                double newLr = Math.max(lr * factor, minLr);
                model().optimizer().setLearningRate((float) newLr);
                if (verbose) {
                    System.out.printf("Epoch %d: ReduceLROnPlateau reducing learning rate to %s.%n", epoch + 1,
                            (float) newLr);
                }
                cooldownCounter = cooldown;
                wait = 0;
            }
        }
    }
}
