package io.cambium.cli.commands;

import io.cambium.cli.UserError;
import io.cambium.zoo.experiments.vision.ModelComparison;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** MobileNetV2 against ResNet: parameters, FLOPs, accuracy and inference latency at batch 1 and 64. */
@Command(name = "compare", mixinStandardHelpOptions = true,
        description = "Compare the registry's ResNet-8 (width 32) and MobileNetV2 (alpha 0.35): parameters, FLOPs per "
                + "image, test accuracy, and inference latency at batch 1 and 64 (repetitions alternating between the "
                + "models).")
public final class VisionCompareCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--repetitions", defaultValue = "20", description = "Timed repetitions per model and batch size (default ${DEFAULT-VALUE}).")
    int repetitions;

    @Option(names = "--train-epochs", description = "Train both models here for this many epochs (the zoo's recipe, "
            + "same seed) instead of using the registry's weights.")
    int trainEpochs;

    @Option(names = "--train-images", defaultValue = "60000",
            description = "Training images for --train-epochs (the first n; default ${DEFAULT-VALUE}).")
    int trainImages;

    @Option(names = {"-o", "--output-dir"}, defaultValue = "cambium-output/vision/compare",
            description = "Directory for the report and the PNG (default ${DEFAULT-VALUE}).")
    Path outDir;

    @Override
    public Integer call() throws IOException {
        if (repetitions < 1) {
            throw new UserError("--repetitions must be >= 1, got " + repetitions);
        }
        if (trainEpochs < 0 || trainImages < 1 || trainImages > 60_000) {
            throw new UserError("--train-epochs must be >= 1 and --train-images between 1 and 60000, got "
                    + trainEpochs + " and " + trainImages);
        }
        ModelComparison.Options o = ModelComparison.Options.defaults().repetitions(repetitions);
        if (trainEpochs > 0) {
            o.registryWeights(false).training(trainEpochs, trainImages);
        }
        VisionExperimentCommand.write(spec.commandLine().getOut(), ModelComparison.run(o), outDir);
        return 0;
    }
}
