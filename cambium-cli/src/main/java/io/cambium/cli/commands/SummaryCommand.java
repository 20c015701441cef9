package io.cambium.cli.commands;

import io.cambium.cli.UserError;
import io.cambium.cli.support.ModelSpecs;
import io.cambium.nn.Model;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

/** Prints the layer table of a preset or a JSON model spec. */
@Command(name = "summary", mixinStandardHelpOptions = true,
        description = "Print a model's layers, output shapes and parameter counts.")
public final class SummaryCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = {"-m", "--model"}, required = true, description = "Preset name (mlp, ...), a JSON spec file (Cambium's or a Keras 2/3 model config) or a Keras .keras file.")
    String model;

    @Option(names = "--input-shape", split = ",", defaultValue = "28,28,1",
            description = "Shape of one sample for presets, e.g. 28,28,1 (default ${DEFAULT-VALUE}).")
    int[] inputShape;

    @Option(names = "--classes", defaultValue = "10", description = "Number of classes for presets (default ${DEFAULT-VALUE}).")
    int classes;

    @Option(names = "--json", description = "Print the model's JSON spec instead of the table.")
    boolean json;

    @Override
    public Integer call() {
        if (classes < 1) {
            throw new UserError("--classes must be >= 1, got " + classes);
        }
        for (int d : inputShape) {
            if (d < 1) {
                throw new UserError("--input-shape dimensions must be >= 1, got " + java.util.Arrays.toString(inputShape));
            }
        }
        Model m = ModelSpecs.build(model, inputShape, classes);
        PrintWriter out = spec.commandLine().getOut();
        out.print(json ? ModelSpecs.toJson(m) + "\n" : m.summaryString());
        out.flush();
        return 0;
    }
}
