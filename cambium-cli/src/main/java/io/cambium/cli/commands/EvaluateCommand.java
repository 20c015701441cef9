package io.cambium.cli.commands;

import io.cambium.cli.UserError;
import io.cambium.plot.ConfusionMatrixPlot;
import io.cambium.cli.report.ClassificationReport;
import io.cambium.cli.support.LoadedData;
import io.cambium.cli.support.ModelStore;
import io.cambium.cli.support.TrainingSession;
import io.cambium.nn.optimizers.Adam;
import io.cambium.tensor.Shape;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/** Evaluates a saved model on a dataset's test split. */
@Command(name = "evaluate", mixinStandardHelpOptions = true,
        description = "Loss, accuracy, classification report and confusion matrix of a saved model.")
public final class EvaluateCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = {"-f", "--model-file"}, required = true, description = "A model file written by 'cambium train'.")
    Path modelFile;

    @Mixin
    DataOptions data;

    @Option(names = "--seed", defaultValue = "42", description = "Seed of the test split of CSV / image data (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--plot", description = "Also write the confusion matrix heat map to this PNG.")
    Path plot;

    @Override
    public Integer call() {
        ModelStore.Loaded loaded = ModelStore.load(modelFile);
        LoadedData d = data.load(seed);
        checkShape(loaded, d);
        TrainingSession.compile(loaded.model(), loaded.optimizer() != null ? loaded.optimizer() : new Adam());
        Map<String, Double> metrics = loaded.model().evaluate(d.xTest(), d.yTest(), 1000);
        ClassificationReport report = TrainingSession.report(loaded.model(), d);
        PrintWriter out = spec.commandLine().getOut();
        out.println("Data: " + d.description());
        out.println();
        out.println("Classification report (test set):");
        out.print(report);
        out.println();
        out.println("Confusion matrix (rows: true class, columns: predicted):");
        out.print(report.confusionMatrix());
        out.println();
        if (plot != null) {
            ConfusionMatrixPlot.write(report.confusionMatrix(), "Confusion matrix (test set)", plot);
            out.println("confusion matrix plot: " + plot);
        }
        out.println(String.format(Locale.ROOT, "test loss: %.4f", metrics.get("loss")));
        out.println(String.format(Locale.ROOT, "test accuracy: %.4f", report.accuracy()));
        out.flush();
        return 0;
    }

    static void checkShape(ModelStore.Loaded loaded, LoadedData d) {
        // A model without a recorded input shape has none: its first layer checks shapes itself.
        java.util.List<int[]> ins = loaded.model().inputShapes();
        int[] want = ins == null || ins.size() != 1 ? null : ins.get(0);
        if (want != null) {
            int[] got = d.sampleShape();
            int[] expect = Arrays.copyOfRange(want, 1, want.length);
            if (!Arrays.equals(expect, got)) {
                throw new UserError("the model expects samples of shape " + Shape.str(expect) + " but the data has "
                        + Shape.str(got));
            }
        }
        Object names = loaded.extra().get("class_names");
        if (names instanceof java.util.List<?> l && l.size() != d.classNames().size()) {
            throw new UserError("the model was trained on " + l.size() + " classes, the data has "
                    + d.classNames().size());
        }
    }
}
