package io.cambium.cli.commands;

import io.cambium.board.dashboard.Dashboard;
import io.cambium.board.dashboard.DashboardServer;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** Serves the dashboard over runs logged earlier, to compare them side by side. */
@Command(name = "board", mixinStandardHelpOptions = true,
        description = "Compare runs logged by 'train --logdir' (or the TensorBoard callback) on the dashboard,"
                + " served on 127.0.0.1 until Ctrl+C.")
public final class BoardCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "DIR", description = "A run directory, or a directory of run directories.")
    List<Path> dirs;

    @Option(names = "--port", defaultValue = "0", description = "Port (default: a free one).")
    int port;

    @Option(names = "--host", defaultValue = "127.0.0.1",
            description = "Address (default ${DEFAULT-VALUE}); any other than loopback needs --allow-remote.")
    String host;

    @Option(names = "--allow-remote", description = "Allow an address that other machines can reach (no authentication).")
    boolean allowRemote;

    @Override
    public Integer call() throws InterruptedException {
        DashboardServer server = new DashboardServer().host(host).port(port).allowRemote(allowRemote)
                .out(io.cambium.cli.Main.printStream(spec.commandLine().getOut()));
        Dashboard d = new Dashboard(server).compareWith(dirs.toArray(new Path[0])).start();
        spec.commandLine().getOut().println("Serving " + dirs + " (Ctrl+C to stop).");
        spec.commandLine().getOut().flush();
        try {
            d.awaitClose();
        } finally {
            d.close();
        }
        return 0;
    }
}
