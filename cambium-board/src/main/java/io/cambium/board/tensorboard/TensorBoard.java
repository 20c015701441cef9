package io.cambium.board.tensorboard;

import io.cambium.board.ConfusionSource;
import io.cambium.nn.Model;
import io.cambium.nn.Variable;
import io.cambium.nn.callbacks.Callback;
import io.cambium.nn.diagnostics.GradientDiagnostics;
import io.cambium.nn.diagnostics.Histogram;
import io.cambium.nn.diagnostics.LayerStats;
import io.cambium.nn.diagnostics.StepDiagnostics;
import io.cambium.nn.metrics.Metric;
import io.cambium.plot.ConfusionMatrixPlot;
import io.cambium.plot.LearningCurves;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Keras's {@code TensorBoard} callback: writes a run's logs for TensorBoard under {@code logDir},
 * in Keras's layout. {@code logDir/train} holds the epoch metrics ({@code epoch_loss},
 * {@code epoch_accuracy}, {@code epoch_learning_rate}), batch metrics with
 * {@link #updateFreq(int)} ({@code batch_loss}), weight histograms with
 * {@link #histogramFreq(int)}, the model graph and, given a {@link GradientDiagnostics}, its
 * per-layer statistics; {@code logDir/validation} the validation metrics under the same tags;
 * {@code logDir} itself the model summary (text), the hyperparameters, the learning curves and
 * the confusion matrix (images).
 * <pre>{@code
 * var diagnostics = new GradientDiagnostics();
 * model.fit(x, y, FitConfig.epochs(5).validationSplit(0.2).callbacks(diagnostics,
 *         new TensorBoard(Path.of("logs/run1")).diagnostics(diagnostics).hparams(Map.of("lr", 1e-3))));
 * // then: tensorboard --logdir logs
 * }</pre>
 * Epoch values are written at step = epoch (from 0), batch values at the global step, as Keras does.
 */
public class TensorBoard extends Callback implements AutoCloseable {
    private final Path logDir;
    private int histogramFreq;
    private boolean writeGraph = true;
    private boolean learningCurves = true;
    private int updateFreq;
    private GradientDiagnostics diagnostics;
    private Map<String, ?> hparams;
    private ConfusionSource confusion;
    private SummaryWriter train;
    private SummaryWriter validation;
    private SummaryWriter root;
    private long globalStep;
    private final Map<String, List<Double>> history = new LinkedHashMap<>();

    /** Writes the run's logs under {@code logDir} (created if needed). */
    public TensorBoard(Path logDir) {
        this.logDir = logDir;
    }

    /** The run directory. */
    public Path logDir() {
        return logDir;
    }

    /** Writes weight histograms every {@code epochs} epochs (Keras's {@code histogram_freq}); 0, the default, never. */
    public TensorBoard histogramFreq(int epochs) {
        if (epochs < 0) {
            throw new IllegalArgumentException("TensorBoard: histogramFreq must be >= 0, got " + epochs);
        }
        histogramFreq = epochs;
        return this;
    }

    /** Whether to write the model graph (default true). */
    public TensorBoard writeGraph(boolean on) {
        writeGraph = on;
        return this;
    }

    /** Writes the batch metrics every {@code batches} batches (Keras's integer {@code update_freq}); 0, the default, only epochs. */
    public TensorBoard updateFreq(int batches) {
        if (batches < 0) {
            throw new IllegalArgumentException("TensorBoard: updateFreq must be >= 0, got " + batches);
        }
        updateFreq = batches;
        return this;
    }

    /** Whether to write the learning curves as an image when training ends (default true). */
    public TensorBoard learningCurves(boolean on) {
        learningCurves = on;
        return this;
    }

    /** Writes the measured steps of {@code d} (give {@code d} to {@code fit} as well). */
    public TensorBoard diagnostics(GradientDiagnostics d) {
        diagnostics = d;
        d.listener(this::write);
        return this;
    }

    /** The run's hyperparameters (numbers, booleans, strings) for TensorBoard's hparams dashboard. */
    public TensorBoard hparams(Map<String, ?> values) {
        hparams = new LinkedHashMap<>(values);
        return this;
    }

    /** After each epoch, writes the confusion matrix of the model on these samples as an image. */
    public TensorBoard confusionMatrix(ConfusionSource source) {
        confusion = source;
        return this;
    }

    @Override
    public void onTrainBegin(Map<String, Double> logs) {
        closeWriters();
        history.clear();
        root = new SummaryWriter(logDir);
        train = new SummaryWriter(logDir.resolve("train"));
        validation = new SummaryWriter(logDir.resolve("validation"));
        Model m = model();
        root.addText("model_summary", "```\n" + m.summaryString() + "\n```", 0);
        if (writeGraph && m.inputShapes() != null) {
            train.addGraph(ModelGraph.trace(m));
        }
        if (hparams != null) {
            List<SummaryWriter.HParamMetric> metrics = new ArrayList<>();
            List<String> names = new ArrayList<>(List.of("loss"));
            if (m.isCompiled()) {
                for (Metric p : m.trainer().metricPrototypes()) {
                    names.add(p.name());
                }
            }
            for (String n : names) {
                metrics.add(new SummaryWriter.HParamMetric("train", "epoch_" + n, false));
                metrics.add(new SummaryWriter.HParamMetric("validation", "epoch_" + n, true));
            }
            root.addHparams(hparams, metrics);
        }
        root.flush();
        train.flush();
    }

    @Override
    public void onTrainBatchEnd(int batch, Map<String, Double> logs) {
        globalStep++;
        if (updateFreq > 0 && globalStep % updateFreq == 0 && train != null) {
            for (Map.Entry<String, Double> e : logs.entrySet()) {
                train.addScalar("batch_" + e.getKey(), e.getValue(), globalStep);
            }
        }
    }

    @Override
    public void onEpochEnd(int epoch, Map<String, Double> logs) {
        if (train == null) {
            return;
        }
        for (Map.Entry<String, Double> e : logs.entrySet()) {
            String k = e.getKey();
            history.computeIfAbsent(k, x -> new ArrayList<>()).add(e.getValue());
            if (k.startsWith("val_")) {
                validation.addScalar("epoch_" + k.substring(4), e.getValue(), epoch);
            } else {
                train.addScalar("epoch_" + k, e.getValue(), epoch);
            }
        }
        Model m = model();
        if (m.isCompiled() && !logs.containsKey("learning_rate") && !logs.containsKey("lr")) {
            train.addScalar("epoch_learning_rate", m.optimizer().learningRate(), epoch);
        }
        if (histogramFreq > 0 && epoch % histogramFreq == 0) {
            for (Variable v : m.variables()) {
                train.addHistogram(v.name(), v.value().data(), v.value().numel(), epoch);
            }
        }
        if (confusion != null) {
            root.addImage("confusion_matrix", ConfusionMatrixPlot.image(confusion.compute(m),
                    "confusion matrix, epoch " + (epoch + 1)), epoch);
        }
        train.flush();
        validation.flush();
        root.flush();
    }

    private void write(StepDiagnostics d) {
        SummaryWriter w = train;
        if (w == null) {
            return;
        }
        long step = d.step();
        w.addScalar("gradients/global_norm", d.globalGradNorm(), step);
        for (LayerStats s : d.layers()) {
            String l = s.layer();
            if (s.hasWeights()) {
                scalar(w, "gradients/" + l + "/norm", s.gradNorm(), step);
                scalar(w, "weights/" + l + "/norm", s.weightNorm(), step);
                scalar(w, "updates/" + l + "/ratio", s.updateRatio(), step);
            }
            scalar(w, "activations/" + l + "/mean", s.activationMean(), step);
            scalar(w, "activations/" + l + "/std", s.activationStd(), step);
            scalar(w, "activations/" + l + "/dead_fraction", s.deadFraction(), step);
            histogram(w, "gradients/" + l, s.gradHistogram(), step);
            histogram(w, "weights/" + l, s.weightHistogram(), step);
            histogram(w, "activations/" + l, s.activationHistogram(), step);
        }
    }

    private static void scalar(SummaryWriter w, String tag, double v, long step) {
        if (!Double.isNaN(v) || tag.startsWith("gradients/")) {
            w.addScalar(tag, v, step);
        }
    }

    private static void histogram(SummaryWriter w, String tag, Histogram h, long step) {
        if (h != null && h.count() > 0) {
            w.addHistogram(tag, h, step);
        }
    }

    @Override
    public void onTrainEnd(Map<String, Double> logs) {
        finish(true);
    }

    @Override
    public void onTrainAborted(Throwable error) {
        finish(false);
    }

    private void finish(boolean success) {
        if (root == null) {
            return;
        }
        try {
            if (learningCurves && history.containsKey("loss")) {
                root.addImage("learning_curves", LearningCurves.image(history, "learning curves"),
                        history.get("loss").size() - 1);
            }
            if (hparams != null) {
                root.endHparams(success);
            }
        } finally {
            closeWriters();
        }
    }

    private void closeWriters() {
        for (SummaryWriter w : new SummaryWriter[] {root, train, validation}) {
            if (w != null) {
                w.close();
            }
        }
        root = null;
        train = null;
        validation = null;
    }

    /** Closes the event files (done when training ends). */
    @Override
    public void close() {
        closeWriters();
    }
}
