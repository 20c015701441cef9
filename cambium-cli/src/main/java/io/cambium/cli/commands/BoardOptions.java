package io.cambium.cli.commands;

import io.cambium.board.ConfusionSource;
import io.cambium.board.dashboard.Dashboard;
import io.cambium.board.dashboard.DashboardServer;
import io.cambium.board.tensorboard.TensorBoard;
import io.cambium.cli.UserError;
import io.cambium.cli.support.LoadedData;
import io.cambium.nn.callbacks.Callback;
import io.cambium.nn.diagnostics.AnomalyDetection;
import io.cambium.nn.diagnostics.GradientDiagnostics;
import io.cambium.tensor.Tensor;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;

/** The options of {@code train} that show what happens inside training: dashboard, TensorBoard logs, diagnostics. */
public final class BoardOptions {
    @Option(names = "--dashboard", description = "Serve a live dashboard of the run on 127.0.0.1 (its URL is printed);"
            + " it stops when training ends unless --dashboard-stay.")
    boolean dashboard;

    @Option(names = "--dashboard-port", defaultValue = "0", description = "Dashboard port (default: a free one).")
    int port;

    @Option(names = "--dashboard-host", defaultValue = "127.0.0.1",
            description = "Dashboard address (default ${DEFAULT-VALUE}); any other than loopback needs --dashboard-allow-remote.")
    String host;

    @Option(names = "--dashboard-allow-remote", description = "Allow a dashboard address that other machines can reach"
            + " (it has no authentication).")
    boolean allowRemote;

    @Option(names = "--dashboard-stay", description = "Keep the dashboard serving after training, until Ctrl+C.")
    boolean stay;

    @Option(names = "--compare", paramLabel = "DIR", description = "Show the runs logged under DIR (by --logdir) beside"
            + " this one on the dashboard; repeatable.")
    List<Path> compare = new ArrayList<>();

    @Option(names = "--logdir", paramLabel = "DIR", description = "Write TensorBoard logs of the run to DIR"
            + " (tensorboard --logdir DIR shows them).")
    Path logDir;

    @Option(names = "--diagnostics", description = "Print the gradient report (vanishing, exploding, dead layers) after"
            + " training. Gradients are measured whenever --dashboard or --logdir is given.")
    boolean diagnostics;

    @Option(names = "--diagnostics-every", defaultValue = "20", description = "Measure the layers every N steps"
            + " (default ${DEFAULT-VALUE}).")
    int every;

    @Option(names = "--detect-anomaly", description = "Stop at the first operation that produces NaN or infinity and"
            + " name it, its layer and the step (slow: every value is checked).")
    boolean detectAnomaly;

    /** The callbacks of one run, and what to do after it. */
    public final class Session {
        private final List<Callback> callbacks = new ArrayList<>();
        private GradientDiagnostics measured;
        private Dashboard board;

        /** The callbacks to give to fit. */
        public List<Callback> callbacks() {
            return callbacks;
        }

        /** After a successful run: the report, and waiting while the dashboard stays. */
        public void finish(PrintWriter out) throws InterruptedException {
            if (diagnostics && measured != null) {
                out.println();
                out.print(measured.report());
                out.flush();
            }
            stayIfAsked(out);
        }

        /** After a failed run: the dashboard shows the failure while it stays. */
        public void failed(PrintWriter out, RuntimeException e) throws InterruptedException {
            if (board != null && stay) {
                out.println("Training failed: " + e.getMessage());
            }
            stayIfAsked(out);
        }

        private void stayIfAsked(PrintWriter out) throws InterruptedException {
            if (board != null && stay) {
                out.println("The dashboard stays at " + board.url() + " (Ctrl+C to stop).");
                out.flush();
                board.awaitClose();
            }
        }
    }

    /** Checks the options and starts what must run before training (the dashboard prints its URL now). */
    public Session open(LoadedData data, Map<String, ?> hparams, PrintStream out) {
        if (every < 1) {
            throw new UserError("--diagnostics-every must be >= 1, got " + every);
        }
        if (!dashboard && (stay || allowRemote || port != 0 || !compare.isEmpty() || !host.equals("127.0.0.1"))) {
            throw new UserError("--dashboard-port, --dashboard-host, --dashboard-allow-remote, --dashboard-stay and"
                    + " --compare need --dashboard");
        }
        Session s = new Session();
        if (detectAnomaly) {
            s.callbacks.add(new AnomalyDetection());
        }
        if (diagnostics || dashboard || logDir != null) {
            s.measured = new GradientDiagnostics().every(every);
            s.callbacks.add(s.measured);
        }
        int n = Math.min(1000, data.xTest().dim(0));
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = (int) data.yTest().data()[i];
        }
        Tensor sample = data.xTest().narrow(0, 0, n);
        if (logDir != null) {
            s.callbacks.add(new TensorBoard(logDir).updateFreq(1).diagnostics(s.measured).hparams(hparams)
                    .confusionMatrix(new ConfusionSource(sample, labels, data.classNames())));
        }
        if (dashboard) {
            DashboardServer server = new DashboardServer().host(host).port(port).allowRemote(allowRemote).out(out);
            s.board = new Dashboard(server).stay(stay).diagnostics(s.measured).hparams(hparams)
                    .confusionMatrix(new ConfusionSource(sample, labels, data.classNames()))
                    .compareWith(compare.toArray(new Path[0]));
            s.board.start();
            s.callbacks.add(s.board);
        }
        return s;
    }
}
