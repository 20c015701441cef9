package io.cambium.cli.commands;

import io.cambium.cli.UserError;
import io.cambium.cli.support.LoadedData;
import io.cambium.data.augment.ImageAugmenter;
import io.cambium.cli.support.ModelSpecs;
import io.cambium.cli.support.ModelStore;
import io.cambium.cli.support.TrainingSession;
import io.cambium.nn.Model;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import io.cambium.tensor.autograd.AnomalyException;

/** Trains a classifier from a preset or JSON spec on a dataset and saves it with its plots. */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = "Train a classifier, evaluate it on the test split, save the model and plots.")
public final class TrainCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = {"-m", "--model"}, defaultValue = "cnn",
            description = "Preset (mlp, cnn) or a JSON spec file (default ${DEFAULT-VALUE}).")
    String model;

    @Mixin
    DataOptions data;

    @Option(names = {"-e", "--epochs"}, defaultValue = "3", description = "Epochs (default ${DEFAULT-VALUE}).")
    int epochs;

    @Option(names = {"-b", "--batch-size"}, defaultValue = "64", description = "Batch size (default ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(names = "--optimizer", defaultValue = "adam",
            description = "sgd, adam, adamw, adamax, nadam, rmsprop, adagrad, adadelta (default ${DEFAULT-VALUE}).")
    String optimizer;

    @Option(names = "--lr", defaultValue = "0.001", description = "Learning rate (default ${DEFAULT-VALUE}).")
    double lr;

    @Option(names = "--seed", defaultValue = "42", description = "Random seed (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--validation-split", defaultValue = "0.1",
            description = "Fraction of the training data used for validation (default ${DEFAULT-VALUE}).")
    double validationSplit;

    @Option(names = {"-o", "--output"}, defaultValue = "cambium-output/train/model.cambium",
            description = "Model file to write; plots go next to it (default ${DEFAULT-VALUE}).")
    Path output;

    @Option(names = "--quiet", description = "No progress bar (one line per epoch).")
    boolean quiet;

    @Option(names = "--augment", description = "Augment training images on the fly: rotation 10 degrees, shifts 0.1,"
            + " zoom 0.1, horizontal flips (fill nearest).")
    boolean augment;

    @Mixin
    BoardOptions board;

    @Override
    public Integer call() throws InterruptedException {
        TrainingSession.Settings s = new TrainingSession.Settings(epochs, batchSize, optimizer, lr, seed,
                validationSplit, quiet ? 2 : 1, augment ? new ImageAugmenter().rotationRange(10).widthShiftRange(0.1)
                .heightShiftRange(0.1).zoomRange(0.1).horizontalFlip(true) : null);
        TrainingSession.optimizer(optimizer, lr); // reject a bad name before loading data
        ModelStore.checkWritable(output, "-o"); // before the run, not after it
        LoadedData d = data.load(seed);
        PrintWriter out = spec.commandLine().getOut();
        out.println("Data: " + d.description());
        Model m = TrainingSession.seededModel(seed, () -> ModelSpecs.build(model, d.sampleShape(), d.classNames().size()));
        out.print(m.summaryString());
        out.flush();
        Path dir = output.toAbsolutePath().getParent();
        Map<String, Object> hparams = new LinkedHashMap<>();
        hparams.put("model", model);
        hparams.put("optimizer", optimizer);
        hparams.put("learning_rate", lr);
        hparams.put("batch_size", batchSize);
        hparams.put("epochs", epochs);
        hparams.put("seed", seed);
        BoardOptions.Session session = board.open(d, hparams, io.cambium.cli.Main.printStream(out));
        TrainingSession.Result r;
        try {
            r = TrainingSession.run(m, d, s, dir, output.getFileName().toString(), "'" + model + "' on " + data.data,
                    out, session.callbacks());
        } catch (AnomalyException e) {
            UserError stopped = new UserError("training stopped by --detect-anomaly: " + e.getMessage(), e);
            session.failed(out, stopped);
            throw stopped;
        } catch (RuntimeException e) {
            session.failed(out, e);
            throw e;
        }
        TrainingSession.printResults(r, d, out);
        session.finish(out);
        return 0;
    }
}
