package io.cambium.cli.commands;

import io.cambium.cli.support.DataSources;
import io.cambium.cli.support.LoadedData;
import io.cambium.cli.support.ModelStore;
import io.cambium.cli.support.Presets;
import io.cambium.cli.support.TrainingSession;
import io.cambium.nn.Model;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** The end-to-end demo: the W3 CNN on Fashion-MNIST. */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Train the W3 CNN on Fashion-MNIST (3 epochs, Adam 1e-3, batch 64), evaluate, save model and plots.")
public final class DemoCommand implements Callable<Integer> {
    private static final String MODEL_FILE = "fashion_mnist_cnn.cambium";

    @Spec
    CommandSpec spec;

    @Option(names = {"-e", "--epochs"}, defaultValue = "3", description = "Epochs (default ${DEFAULT-VALUE}).")
    int epochs;

    @Option(names = "--output-dir", defaultValue = "cambium-output/demo",
            description = "Where the model and plots go (default ${DEFAULT-VALUE}).")
    Path outputDir;

    @Option(names = "--seed", defaultValue = "42", description = "Random seed (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--subset", description = "Use the embedded 2,000/500-image subset even if the full data is installed.")
    boolean subset;

    @Override
    public Integer call() {
        TrainingSession.Settings s = new TrainingSession.Settings(epochs, 64, "adam", 1e-3, seed,
                TrainingSession.Settings.VALIDATE_ON_TEST, 1, null);
        PrintWriter out = spec.commandLine().getOut();
        ModelStore.checkWritable(outputDir.resolve(MODEL_FILE), "--output-dir"); // before the run
        LoadedData d = DataSources.load(subset ? "fashion-mnist-subset" : "fashion-mnist", DataSources.Options.defaults());
        out.println("Cambium demo: a CNN on Fashion-MNIST");
        out.println("Data: " + d.description());
        if (d.description().contains("embedded subset") && !subset) {
            out.println("Note: the full Fashion-MNIST was not found, so the demo runs on the small embedded subset;"
                    + " expect a test accuracy near 0.8 instead of about 0.9.");
        }
        Model m = TrainingSession.seededModel(seed, () -> Presets.build("cnn", d.sampleShape(), d.classNames().size()));
        out.print(m.summaryString());
        out.println("Training " + epochs + " epochs on all " + d.xTrain().dim(0) + " training images, batch 64, Adam lr 0.001,"
                + " seed " + seed + "; validation after each epoch on the " + d.xTest().dim(0)
                + " test images (as workload W7; nothing is tuned on them)");
        out.flush();
        TrainingSession.Result r = TrainingSession.run(m, d, s, outputDir, MODEL_FILE,
                "Fashion-MNIST CNN", out);
        TrainingSession.printResults(r, d, out);
        return 0;
    }
}
