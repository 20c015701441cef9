package io.cambium.cli.commands;

import io.cambium.bench.Bench;
import io.cambium.bench.Peer;
import io.cambium.bench.Reference;
import io.cambium.cli.UserError;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * Runs the reference workloads of cambium-bench: Cambium side by side with the NumPy/PyTorch
 * reference in the same run, or Cambium alone.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Run the reference workloads (W1-W7) and compare with PyTorch/NumPy in the same run.")
public final class BenchCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(arity = "0..*", paramLabel = "WORKLOAD",
            description = "Workloads to run: W1..W7 or gemm, mlp, cnn, lstm, gpt-train, gpt-generate, fashion "
                    + "(default: all).")
    List<String> positional = new ArrayList<>();

    @Option(names = {"-w", "--workloads"}, split = ",", paramLabel = "WORKLOAD",
            description = "Same as the positional workloads, comma-separated.")
    List<String> workloads = new ArrayList<>();

    @Option(names = "--json", description = "Print one JSON document instead of the table.")
    boolean json;

    @Option(names = "--vs", paramLabel = "PEER", defaultValue = "torch",
            description = "What to compare with: torch (the bundled PyTorch/NumPy reference, default), "
                    + "torch-tuned (the same with PyTorch's fastest threading settings on 2 cores) or none.")
    String vs;

    @Option(names = "--no-reference", description = "Same as --vs none.")
    boolean noReference;

    @Option(names = "--python", paramLabel = "PYTHON",
            description = "Python interpreter that runs the reference (a command or path; default: $"
                    + Reference.PYTHON_VARIABLE + ", else /usr/bin/python3, else python3), e.g. one with a newer PyTorch.")
    String python;

    @Override
    public Integer call() {
        List<String> requested = new ArrayList<>(positional);
        requested.addAll(workloads);
        for (String w : requested) {
            if (Bench.resolve(w) == null) {
                throw new UserError("unknown workload '" + w + "' (available: " + Bench.accepted() + ")");
            }
        }
        Peer peer = Peer.of(vs);
        if (peer == null) {
            throw new UserError("--vs: unknown peer '" + vs + "' (expected torch, torch-tuned or none)");
        }
        Peer chosen = noReference ? Peer.NONE : peer;
        if (chosen != Peer.NONE) {
            String problem = Reference.interpreter(python, System.getenv()).problem();
            if (problem != null) {
                throw new UserError(problem);
            }
        }
        return Bench.run(requested, json, chosen, python,
                io.cambium.cli.Main.printStream(spec.commandLine().getOut()));
    }
}
