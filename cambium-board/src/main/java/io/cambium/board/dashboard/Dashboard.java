package io.cambium.board.dashboard;

import io.cambium.board.ConfusionSource;
import io.cambium.nn.Model;
import io.cambium.nn.callbacks.Callback;
import io.cambium.nn.diagnostics.GradientDiagnostics;
import io.cambium.nn.diagnostics.LayerStats;
import io.cambium.nn.diagnostics.StepDiagnostics;
import io.cambium.plot.ConfusionMatrix;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * A live web dashboard of training, as a {@code fit} callback: it starts a {@link DashboardServer}
 * on 127.0.0.1 (a free port unless {@link #port(int)}), prints its URL, and the page shows, as
 * training goes, the loss and metrics per epoch and per step, the learning rate, per-layer
 * gradient norms (with {@link #diagnostics(GradientDiagnostics)}), the confusion matrix (with
 * {@link #confusionMatrix(ConfusionSource)}) and the model summary. Runs logged earlier by the
 * {@code TensorBoard} callback can be shown beside it ({@link #compareWith(Path...)}).
 * <pre>{@code
 * var diagnostics = new GradientDiagnostics();
 * model.fit(x, y, FitConfig.epochs(10).callbacks(diagnostics, new Dashboard().diagnostics(diagnostics)));
 * }</pre>
 * The server stops when training ends, unless {@link #stay(boolean)}: then it serves until
 * {@link #close()} (or the process ends).
 */
public class Dashboard extends Callback implements AutoCloseable {
    private final DashboardServer server;
    private String runName;
    private boolean stay;
    private ConfusionSource confusion;
    private Map<String, ?> hparams = Map.of();
    private final List<Path> compare = new ArrayList<>();
    private String runId;
    private long step;
    private int epoch;
    private final CountDownLatch closed = new CountDownLatch(1);

    /** A dashboard on 127.0.0.1 and a free port. */
    public Dashboard() {
        this(new DashboardServer());
    }

    /** A dashboard on a server configured by the caller (host, port, remote access, output). */
    public Dashboard(DashboardServer server) {
        this.server = server;
    }

    /** The port (0, the default: a free one). */
    public Dashboard port(int p) {
        server.port(p);
        return this;
    }

    /** Where the URL is printed (default standard output). */
    public Dashboard out(PrintStream out) {
        server.out(out);
        return this;
    }

    /** The name of the live run on the page (default: the model's name). */
    public Dashboard runName(String name) {
        runName = name;
        return this;
    }

    /** Keeps serving after training ends, until {@link #close()} (default false). */
    public Dashboard stay(boolean keep) {
        stay = keep;
        return this;
    }

    /** Shows the per-layer gradient norms measured by {@code d} (give {@code d} to {@code fit} as well). */
    public Dashboard diagnostics(GradientDiagnostics d) {
        d.listener(this::gradients);
        return this;
    }

    /** Shows the confusion matrix of the model on these samples after each epoch. */
    public Dashboard confusionMatrix(ConfusionSource source) {
        confusion = source;
        return this;
    }

    /** Shows the run's hyperparameters. */
    public Dashboard hparams(Map<String, ?> values) {
        hparams = new LinkedHashMap<>(values);
        return this;
    }

    /** Shows the runs logged under these directories beside the live one (see {@link RunLogs#runDirectories}). */
    public Dashboard compareWith(Path... logDirs) {
        compare.addAll(List.of(logDirs));
        return this;
    }

    /** The server (started by the first training, or by {@link #start()}). */
    public DashboardServer server() {
        return server;
    }

    /** Starts the server now and loads the runs to compare; returns this. */
    public Dashboard start() {
        if (server.isRunning()) {
            return this;
        }
        server.start();
        for (Path p : compare) {
            try {
                for (Path run : RunLogs.runDirectories(p)) {
                    RunLogs.load(server, run);
                }
            } catch (IOException e) {
                server.close();
                throw new UncheckedIOException("dashboard: cannot read the logs in " + p + ": " + e.getMessage(), e);
            }
        }
        return this;
    }

    /** The page's address. */
    public String url() {
        return server.url();
    }

    @Override
    public void onTrainBegin(Map<String, Double> logs) {
        start();
        Model m = model();
        String name = runName != null ? runName : m.name();
        runId = server.addRun(name);
        step = 0;
        String summary = m.summaryString();
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("summary", summary);
        data.put("hparams", hparams);
        server.update(runId, "meta", data, r -> {
            r.summary = summary;
            r.hparams = new LinkedHashMap<>(hparams);
        });
    }

    @Override
    public void onEpochBegin(int epoch, Map<String, Double> logs) {
        this.epoch = epoch;
    }

    @Override
    public void onTrainBatchEnd(int batch, Map<String, Double> logs) {
        step++;
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("step", step);
        data.put("epoch", epoch);
        for (Map.Entry<String, Double> e : logs.entrySet()) {
            data.put(e.getKey(), num(e.getValue()));
        }
        if (model().isCompiled()) {
            data.put("learning_rate", num(model().optimizer().learningRate()));
        }
        server.update(runId, "step", data, r -> r.addStep(data));
    }

    @Override
    public void onEpochEnd(int epoch, Map<String, Double> logs) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("epoch", epoch);
        for (Map.Entry<String, Double> e : logs.entrySet()) {
            data.put(e.getKey(), num(e.getValue()));
        }
        if (model().isCompiled() && !logs.containsKey("learning_rate")) {
            data.put("learning_rate", num(model().optimizer().learningRate()));
        }
        server.update(runId, "epoch", data, r -> r.epochs.add(data));
        if (confusion != null) {
            ConfusionMatrix cm = confusion.compute(model());
            long[][] counts = new long[cm.classes()][cm.classes()];
            for (int i = 0; i < counts.length; i++) {
                for (int j = 0; j < counts.length; j++) {
                    counts[i][j] = cm.get(i, j);
                }
            }
            Map<String, Object> c = new LinkedHashMap<>();
            c.put("epoch", epoch);
            c.put("names", cm.names());
            c.put("counts", counts);
            server.update(runId, "confusion", c, r -> r.confusion = c);
        }
    }

    private void gradients(StepDiagnostics d) {
        if (runId == null) {
            return;
        }
        Map<String, Object> layers = new LinkedHashMap<>();
        for (LayerStats s : d.layers()) {
            if (s.hasWeights()) {
                layers.put(s.layer(), num(s.gradNorm()));
            }
        }
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("step", d.step());
        data.put("global", num(d.globalGradNorm()));
        data.put("layers", layers);
        server.update(runId, "gradients", data, r -> r.gradients.add(data));
    }

    @Override
    public void onTrainEnd(Map<String, Double> logs) {
        finish("finished", "");
    }

    @Override
    public void onTrainAborted(Throwable error) {
        finish("failed", String.valueOf(error.getMessage()));
    }

    private void finish(String status, String message) {
        if (runId != null) {
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("status", status);
            data.put("message", message);
            server.update(runId, "status", data, r -> {
                r.status = status;
                r.message = message;
            });
        }
        if (!stay) {
            close();
        }
    }

    /** Blocks until {@link #close()} (for a dashboard that stays after training). */
    public void awaitClose() throws InterruptedException {
        closed.await();
    }

    /** Stops the server. */
    @Override
    public void close() {
        server.close();
        closed.countDown();
    }

    /** A number for the page: finite values as they are, NaN and infinities as strings (JSON has neither). */
    static Object num(double v) {
        if (Double.isFinite(v)) {
            return v;
        }
        return Double.isNaN(v) ? "NaN" : v > 0 ? "Infinity" : "-Infinity";
    }
}
