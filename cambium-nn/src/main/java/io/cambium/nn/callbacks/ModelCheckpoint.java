package io.cambium.nn.callbacks;

import io.cambium.nn.Variable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Saves the model (or only its weights) at the end of every epoch, or only when a monitored metric
 * improves (Keras semantics). The path may contain Keras's placeholders such as
 * {@code {epoch:02d}} (counted from 1) and {@code {val_loss:.4f}}. Files are written atomically.
 * An epoch whose loss or weights are NaN or infinite (a diverged run, stopped by
 * {@link TerminateOnNaN}) is not saved, so the last good checkpoint stays.
 */
public class ModelCheckpoint extends Callback {
    private static final Pattern FIELD = Pattern.compile("\\{(\\w+)(?::([^}]*))?}");
    private final String pathPattern;
    private String monitor = "val_loss";
    private boolean saveBestOnly;
    private boolean saveWeightsOnly;
    private Monitor mode = Monitor.AUTO;
    private Double initialValueThreshold;
    private boolean verbose;
    private double best;
    private boolean higher;
    private Path lastSaved;

    /** Saves to {@code path} (a pattern with placeholders, or a plain file name). */
    public ModelCheckpoint(String path) {
        this.pathPattern = path;
    }

    /** Saves to {@code path}. */
    public ModelCheckpoint(Path path) {
        this(path.toString());
    }

    /** The metric compared by {@link #saveBestOnly} (default {@code val_loss}). */
    public ModelCheckpoint monitor(String m) {
        this.monitor = m;
        return this;
    }

    /** Save only when the monitored metric improves (default false: every epoch). */
    public ModelCheckpoint saveBestOnly(boolean b) {
        this.saveBestOnly = b;
        return this;
    }

    /** Save the weights only (default false: the whole model with its optimizer state). */
    public ModelCheckpoint saveWeightsOnly(boolean b) {
        this.saveWeightsOnly = b;
        return this;
    }

    /** Whether lower or higher is better (default auto). */
    public ModelCheckpoint mode(Monitor m) {
        this.mode = m;
        return this;
    }

    /** With saveBestOnly, a value the metric must beat before the first save. */
    public ModelCheckpoint initialValueThreshold(double v) {
        this.initialValueThreshold = v;
        return this;
    }

    /** Print a line for every save. */
    public ModelCheckpoint verbose(boolean v) {
        this.verbose = v;
        return this;
    }

    /** The file written last, or {@code null}. */
    public Path lastSaved() {
        return lastSaved;
    }

    @Override
    public void onTrainBegin(Map<String, Double> logs) {
        higher = mode.higherIsBetter(monitor);
        best = initialValueThreshold != null ? initialValueThreshold
                : higher ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
    }

    @Override
    public void onEpochEnd(int epoch, Map<String, Double> logs) {
        if (diverged(logs)) {
            // After TerminateOnNaN (or any divergence) the weights are NaN: writing them would
            // replace the last good checkpoint with a useless one.
            System.err.println("ModelCheckpoint: epoch " + (epoch + 1) + " not saved: the loss or the weights are NaN"
                    + " or infinite" + (lastSaved == null ? "" : "; the last checkpoint is " + lastSaved));
            return;
        }
        Path file = Paths.get(format(pathPattern, epoch, logs));
        if (saveBestOnly) {
            Double current = logs.get(monitor);
            if (current == null) {
                System.err.println("ModelCheckpoint: can save best model only with '" + monitor + "' available; available: "
                        + logs.keySet());
                return;
            }
            boolean improved = higher ? current > best : current < best;
            if (!improved) {
                return;
            }
            if (verbose) {
                System.out.printf(Locale.ROOT, "Epoch %d: %s improved from %.5f to %.5f, saving model to %s%n",
                        epoch + 1, monitor, best, current, file);
            }
            best = current;
        } else if (verbose) {
            System.out.printf(Locale.ROOT, "Epoch %d: saving model to %s%n", epoch + 1, file);
        }
        try {
            if (saveWeightsOnly) {
                model().saveWeights(file);
            } else {
                model().save(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("ModelCheckpoint: cannot write " + file, e);
        }
        lastSaved = file;
    }

    private boolean diverged(Map<String, Double> logs) {
        Double loss = logs.get("loss");
        if (loss != null && !Double.isFinite(loss)) {
            return true;
        }
        for (Variable v : model().variables()) {
            for (float x : v.value().data()) {
                if (!Float.isFinite(x)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Fills Keras's placeholders: {@code {epoch}} (from 1) and any logged metric, with a format spec. */
    static String format(String pattern, int epoch, Map<String, Double> logs) {
        Matcher m = FIELD.matcher(pattern);
        StringBuilder b = new StringBuilder();
        while (m.find()) {
            String key = m.group(1);
            String spec = m.group(2);
            String text;
            if (key.equals("epoch")) {
                text = spec == null ? Integer.toString(epoch + 1) : String.format(Locale.ROOT, "%" + spec, epoch + 1);
            } else {
                Double v = logs.get(key);
                if (v == null) {
                    throw new IllegalArgumentException("ModelCheckpoint: the path uses '{" + key
                            + "}' but the logs have only " + logs.keySet());
                }
                text = spec == null ? Double.toString(v) : String.format(Locale.ROOT, "%" + spec, v);
            }
            m.appendReplacement(b, Matcher.quoteReplacement(text));
        }
        m.appendTail(b);
        return b.toString();
    }
}
