package io.cambium.cli.commands;

import io.cambium.cli.UserError;
import io.cambium.zoo.experiments.vision.ExperimentReport;
import io.cambium.zoo.experiments.vision.Q07Transfer;
import io.cambium.zoo.experiments.vision.Q39ResidualConnections;
import io.cambium.zoo.experiments.vision.Q40ResNet;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** Runs one of the zoo's vision experiments and writes its tables and PNG charts. */
@Command(name = "experiment", mixinStandardHelpOptions = true,
        description = "Run a vision experiment: q07 (transfer learning from classes 0-4 to 5-9 with 50 labelled images "
                + "per class, 3 seeds), q39 (plain against residual networks), q40 (ResNet design and the pretrained "
                + "ResNet). Prints the measured tables and the tested claims, writes the PNGs.")
public final class VisionExperimentCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", description = "q07, q39 or q40.")
    String id;

    @Option(names = "--quick", description = "The small run (about half a minute on two idle cores).")
    boolean quick;

    @Option(names = {"-o", "--output-dir"}, defaultValue = "cambium-output/vision",
            description = "Directory for the PNGs and the report (default ${DEFAULT-VALUE}/<id>).")
    Path outDir;

    @Override
    public Integer call() throws IOException {
        String key = id.toLowerCase(Locale.ROOT);
        ExperimentReport r = switch (key) {
            case "q07", "7" -> Q07Transfer.run(quick ? Q07Transfer.Options.quick() : Q07Transfer.Options.full());
            case "q39", "39" -> Q39ResidualConnections.run(quick ? Q39ResidualConnections.Options.quick()
                    : Q39ResidualConnections.Options.full());
            case "q40", "40" -> Q40ResNet.run(quick ? Q40ResNet.Options.quick() : Q40ResNet.Options.full());
            default -> throw new UserError("unknown experiment '" + id + "': q07, q39 or q40");
        };
        write(spec.commandLine().getOut(), r, outDir.resolve(key.startsWith("q") ? key : "q" + key));
        return 0;
    }

    /** Prints the report and writes it with its PNGs into {@code dir}. */
    static void write(PrintWriter out, ExperimentReport r, Path dir) throws IOException {
        Files.createDirectories(dir);
        out.print(r);
        Files.writeString(dir.resolve("report.txt"), r.toString());
        for (Map.Entry<String, ExperimentReport.Png> e : r.pngs().entrySet()) {
            Path png = dir.resolve(e.getKey() + ".png");
            Files.write(png, e.getValue().png());
            out.println("wrote " + png + " (" + e.getValue().caption() + ")");
        }
        out.flush();
    }
}
