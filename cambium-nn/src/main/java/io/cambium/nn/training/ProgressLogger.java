package io.cambium.nn.training;

import io.cambium.nn.callbacks.Callback;
import java.io.PrintStream;
import java.util.Locale;
import java.util.Map;

/**
 * Keras-style progress: {@code Epoch 1/3} then, per epoch, a progress bar redrawn in place when
 * a console is attached ({@code verbose 1}), or one summary line
 * {@code 938/938 - 12s - 13ms/step - loss: 0.4521 - accuracy: 0.8376 - val_loss: ...}.
 * Public for other training loops (such as cambium-spark's) that print the same progress line.
 */
public final class ProgressLogger extends Callback {
    private static final int BAR_WIDTH = 30;
    private final PrintStream out;
    private final boolean bar;
    private final int epochs;
    private int steps;
    private long epochStart;
    private long lastDraw;
    private int seen;

    /**
     * A logger for {@code epochs} epochs of {@code steps} steps each ({@code -1} when unknown);
     * {@code verbose} is one of {@link FitConfig#PROGRESS_BAR} or {@link FitConfig#ONE_LINE_PER_EPOCH}.
     */
    public ProgressLogger(PrintStream out, int verbose, int epochs, int steps) {
        this(out, verbose == FitConfig.PROGRESS_BAR && System.console() != null && out == System.out, epochs, steps);
    }

    /**
     * With an explicit choice between the redrawn bar and one line per epoch, for training loops
     * other than {@code fit} (steps -1 when unknown).
     */
    public ProgressLogger(PrintStream out, boolean bar, int epochs, int steps) {
        this.out = out;
        this.bar = bar;
        this.epochs = epochs;
        this.steps = steps;
    }

    @Override
    public void onEpochBegin(int epoch, Map<String, Double> logs) {
        out.println("Epoch " + (epoch + 1) + "/" + epochs);
        epochStart = System.nanoTime();
        lastDraw = 0;
        seen = 0;
    }

    @Override
    public void onTrainBatchEnd(int batch, Map<String, Double> logs) {
        seen = batch + 1;
        if (!bar) {
            return;
        }
        long now = System.nanoTime();
        if (now - lastDraw < 50_000_000L && (steps < 0 || seen < steps)) {
            return;
        }
        lastDraw = now;
        StringBuilder b = new StringBuilder("\r");
        b.append(counter(seen));
        if (steps > 0) {
            int done = (int) ((long) BAR_WIDTH * seen / steps);
            b.append(" [").append("=".repeat(Math.max(0, done - 1)));
            b.append(done >= BAR_WIDTH ? "=" : done > 0 ? ">" : "");
            b.append(".".repeat(BAR_WIDTH - Math.max(done, 0))).append(']');
            double perStep = (now - epochStart) / 1e9 / seen;
            b.append(" - ETA: ").append(duration(perStep * (steps - seen)));
        }
        appendLogs(b, logs);
        out.print(b);
        out.flush();
    }

    @Override
    public void onEpochEnd(int epoch, Map<String, Double> logs) {
        double secs = (System.nanoTime() - epochStart) / 1e9;
        if (steps < 0) {
            steps = seen;
        }
        StringBuilder b = new StringBuilder();
        if (bar) {
            b.append('\r').append(counter(seen)).append(" [").append("=".repeat(BAR_WIDTH)).append("] - ")
                    .append(duration(secs)).append(' ').append(perStep(secs, seen));
        } else {
            b.append(counter(seen)).append(" - ").append(duration(secs)).append(" - ").append(perStep(secs, seen));
        }
        appendLogs(b, logs);
        out.println(b);
        out.flush();
    }

    private String counter(int n) {
        if (steps <= 0) {
            return Integer.toString(n);
        }
        String total = Integer.toString(steps);
        String s = Integer.toString(n);
        return " ".repeat(Math.max(0, total.length() - s.length())) + s + "/" + total;
    }

    private static String perStep(double secs, int n) {
        double per = n == 0 ? 0 : secs / n;
        if (per >= 1) {
            return String.format(Locale.ROOT, "%.0fs/step", per);
        }
        if (per >= 1e-3) {
            return String.format(Locale.ROOT, "%.0fms/step", per * 1e3);
        }
        return String.format(Locale.ROOT, "%.0fus/step", per * 1e6);
    }

    private static String duration(double secs) {
        if (secs >= 3600) {
            return String.format(Locale.ROOT, "%d:%02d:%02d", (long) secs / 3600, ((long) secs % 3600) / 60, (long) secs % 60);
        }
        if (secs >= 1) {
            return String.format(Locale.ROOT, "%.0fs", secs);
        }
        return String.format(Locale.ROOT, "%.0fms", secs * 1e3);
    }

    static void appendLogs(StringBuilder b, Map<String, Double> logs) {
        for (Map.Entry<String, Double> e : logs.entrySet()) {
            b.append(" - ").append(e.getKey()).append(": ").append(format(e.getValue()));
        }
    }

    static String format(double v) {
        if (v != 0 && Math.abs(v) < 1e-3) {
            return String.format(Locale.ROOT, "%.4e", v);
        }
        return String.format(Locale.ROOT, "%.4f", v);
    }
}
