package io.cambium.lab;

import io.cambium.nn.callbacks.Callback;

import java.util.Map;

/**
 * The work an experiment has done out of its total, in units it chooses (usually epochs), and what
 * it is doing now. The runner turns this into a progress bar with the elapsed and remaining time.
 */
public final class Progress {
    /** Receives every change. */
    @FunctionalInterface
    public interface Sink {
        /** Called with the fraction done in [0, 1], the current activity and the seconds since the start. */
        void update(double fraction, String message, double elapsedSeconds);
    }

    private final Sink sink;
    private final long startNanos = System.nanoTime();
    private double total = 1;
    private double done;
    private String message = "";

    /** A progress that reports to {@code sink}. */
    public Progress(Sink sink) {
        this.sink = sink;
    }

    /** A progress that reports nowhere (tests, library use). */
    public static Progress silent() {
        return new Progress((f, m, s) -> { });
    }

    /** Sets the total amount of work, in the experiment's units; resets the work done. */
    public synchronized void total(double units) {
        if (!(units > 0)) {
            throw new IllegalArgumentException("progress total must be > 0, got " + units);
        }
        this.total = units;
        this.done = 0;
        publish();
    }

    /** Records {@code units} more of work done and what comes next. */
    public synchronized void advance(double units, String nextMessage) {
        done = Math.min(total, done + units);
        message = nextMessage;
        publish();
    }

    /** Says what the experiment is doing now, without counting work. */
    public synchronized void message(String text) {
        message = text;
        publish();
    }

    /** The fraction of the work done, in [0, 1]. */
    public synchronized double fraction() {
        return done / total;
    }

    /** Seconds since this progress was created. */
    public double elapsedSeconds() {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    /**
     * A training callback that counts one unit per finished epoch, with {@code label} and the
     * epoch number as the message: pass it to {@code FitConfig.callbacks(...)}.
     */
    public Callback epochs(String label) {
        return epochs(label, 1);
    }

    /**
     * A training callback that counts {@code unitsPerEpoch} units per finished epoch (for example
     * the number of training images, when runs of different sizes share one progress bar).
     */
    public Callback epochs(String label, double unitsPerEpoch) {
        return new Callback() {
            @Override
            public void onEpochBegin(int epoch, Map<String, Double> logs) {
                message(label + ", epoch " + (epoch + 1));
            }

            @Override
            public void onEpochEnd(int epoch, Map<String, Double> logs) {
                advance(unitsPerEpoch, label + ", epoch " + (epoch + 1) + " done");
            }
        };
    }

    private void publish() {
        sink.update(done / total, message, elapsedSeconds());
    }
}
