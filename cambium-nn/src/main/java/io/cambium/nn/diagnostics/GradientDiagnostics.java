package io.cambium.nn.diagnostics;

import io.cambium.nn.Model;
import io.cambium.nn.Variable;
import io.cambium.nn.callbacks.Callback;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A {@code fit} callback that watches gradients: every step it takes the global gradient norm and
 * the loss; every {@link #every(int)} steps it measures each layer (gradient norm, weight norm,
 * update/weight ratio, activation mean and standard deviation, dead-ReLU fraction, histograms of
 * weights, gradients and activations). {@link #report()} turns what it saw into a verdict per
 * layer: healthy, vanishing, exploding or dead, with what to try.
 * <pre>{@code
 * var diagnostics = new GradientDiagnostics();
 * model.fit(x, y, FitConfig.epochs(5).callbacks(diagnostics));
 * System.out.println(diagnostics.report());
 * }</pre>
 *
 * <p>It hooks the training loop and the layers' forward calls (see
 * {@link io.cambium.nn.Layer#addForwardHook}); no layer changes. Steps count optimizer steps from
 * 1 over the callback's life, so several {@code fit} calls continue one series.
 */
public class GradientDiagnostics extends Callback {
    /**
     * The default measuring interval: one step in 20. The per-step norm is always taken; a
     * measured step costs about one extra pass over the weights, gradients and activations
     * (overhead measured on workload W3 in docs/decisions/training-diagnostics.md).
     */
    public static final int DEFAULT_EVERY = 20;

    private int every = DEFAULT_EVERY;
    private boolean histograms = true;
    private boolean activations = true;
    private int buckets = Histogram.DEFAULT_BUCKETS;
    private final List<Consumer<StepDiagnostics>> listeners = new ArrayList<>();
    private final List<StepDiagnostics> records = new ArrayList<>();
    private long[] steps = new long[64];
    private double[] norms = new double[64];
    private double[] losses = new double[64];
    private int size;
    private long step;
    private int epoch = -1;
    private boolean measuring;
    private StatsCollector collector;
    private List<Variable> vars;

    /** Measures the layers every {@code n} steps (the first step, then n + 1, 2n + 1, ...). */
    public GradientDiagnostics every(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("GradientDiagnostics: every must be >= 1, got " + n);
        }
        every = n;
        return this;
    }

    /** The measuring interval in steps. */
    public int every() {
        return every;
    }

    /** Whether measured steps take histograms (default true). */
    public GradientDiagnostics histograms(boolean on) {
        histograms = on;
        return this;
    }

    /** Whether measured steps take activation statistics through forward hooks (default true). */
    public GradientDiagnostics activations(boolean on) {
        activations = on;
        return this;
    }

    /** The number of histogram buckets (default 30). */
    public GradientDiagnostics buckets(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("GradientDiagnostics: buckets must be >= 1, got " + n);
        }
        buckets = n;
        return this;
    }

    /** Calls {@code listener} with each measured step, on the training thread, as it is taken. */
    public GradientDiagnostics listener(Consumer<StepDiagnostics> listener) {
        listeners.add(listener);
        return this;
    }

    @Override
    public void onTrainBegin(Map<String, Double> logs) {
        Model m = model();
        closeCollector();
        collector = new StatsCollector(m, activations, histograms, buckets);
        vars = m.trainableVariables();
    }

    @Override
    public void onEpochBegin(int epoch, Map<String, Double> logs) {
        this.epoch = epoch;
    }

    @Override
    public void onTrainBatchBegin(int batch, Map<String, Double> logs) {
        step++;
        measuring = (step - 1) % every == 0;
        if (measuring) {
            collector.arm(true);
        }
    }

    @Override
    public void onTrainBatchEnd(int batch, Map<String, Double> logs) {
        Double l = logs.get("loss");
        double loss = l == null ? Double.NaN : l;
        double norm = StatsCollector.globalGradNorm(vars);
        append(step, norm, loss);
        if (measuring) {
            measuring = false;
            double lr = model().isCompiled() ? model().optimizer().learningRate() : Double.NaN;
            StepDiagnostics rec = new StepDiagnostics(step, epoch, batch, loss, lr, norm, collector.collect());
            if (!records.isEmpty()) {
                // Only the latest record keeps its histograms (listeners saw them all as they came).
                int last = records.size() - 1;
                records.set(last, records.get(last).withoutHistograms());
            }
            records.add(rec);
            for (Consumer<StepDiagnostics> c : listeners) {
                c.accept(rec);
            }
        }
    }

    @Override
    public void onTrainEnd(Map<String, Double> logs) {
        closeCollector();
    }

    @Override
    public void onTrainAborted(Throwable error) {
        closeCollector();
    }

    private void closeCollector() {
        if (collector != null) {
            collector.close();
            collector = null;
        }
    }

    private void append(long s, double norm, double loss) {
        if (size == steps.length) {
            steps = Arrays.copyOf(steps, size * 2);
            norms = Arrays.copyOf(norms, size * 2);
            losses = Arrays.copyOf(losses, size * 2);
        }
        steps[size] = s;
        norms[size] = norm;
        losses[size] = loss;
        size++;
    }

    /**
     * The measured steps so far, oldest first. Only the latest keeps its histograms; a
     * {@link #listener} receives every record whole.
     */
    public List<StepDiagnostics> records() {
        return Collections.unmodifiableList(records);
    }

    /** The step number of every step seen. */
    public long[] stepNumbers() {
        return Arrays.copyOf(steps, size);
    }

    /** The global gradient norm of every step seen (before any clipping by the optimizer). */
    public double[] gradientNorms() {
        return Arrays.copyOf(norms, size);
    }

    /** The loss in the batch logs of every step seen (the epoch's running mean, as fit reports it). */
    public double[] losses() {
        return Arrays.copyOf(losses, size);
    }

    /** The verdict on what was seen so far. */
    public GradientReport report() {
        return GradientReport.of(records, stepNumbers(), gradientNorms(), losses());
    }

    /** Forgets everything measured; the step count starts again at 1. */
    public void reset() {
        records.clear();
        size = 0;
        step = 0;
    }
}
