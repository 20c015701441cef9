package io.cambium.cli.commands;

import io.cambium.bench.Bench;
import io.cambium.cli.UserError;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/** Runs the reference workloads of cambium-bench (Cambium side by side with the NumPy/PyTorch reference). */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Run the reference workloads (W1...) and compare with the NumPy/PyTorch reference.")
public final class BenchCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = {"-w", "--workloads"}, split = ",", description = "Workload ids, e.g. W1 (default: all available).")
    List<String> workloads = new ArrayList<>();

    @Option(names = "--json", description = "Print one JSON document instead of the table.")
    boolean json;

    @Option(names = "--no-reference", description = "Do not run the NumPy/PyTorch reference.")
    boolean noReference;

    @Override
    public Integer call() {
        List<String> known = Bench.available();
        for (String w : workloads) {
            if (!known.contains(w.trim().toUpperCase(Locale.ROOT))) {
                throw new UserError("unknown workload '" + w + "' (available: " + String.join(", ", known) + ")");
            }
        }
        return Bench.run(workloads, json, !noReference, io.cambium.cli.Main.printStream(spec.commandLine().getOut()));
    }
}
