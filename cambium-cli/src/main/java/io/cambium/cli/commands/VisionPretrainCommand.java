package io.cambium.cli.commands;

import io.cambium.cli.UserError;
import io.cambium.cli.support.WriterStream;
import io.cambium.data.loaders.FashionMnist;
import io.cambium.zoo.weights.Pretrain;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** Trains a registry entry's weights again by its recipe and compares the file with the registry's. */
@Command(name = "pretrain", mixinStandardHelpOptions = true,
        description = "Train pretrained weights by their recipe (architecture, classes, epochs, seed) on Fashion-MNIST;"
                + " write them to the cache (or --out) and say whether the file is the registry's (same SHA-256).")
public final class VisionPretrainCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", description = "The weights' registry name (see 'cambium vision weights').")
    String name;

    @Option(names = {"-o", "--out"}, description = "Weights file to write (default: the cache file).")
    Path out;

    @Option(names = "--subset", description = "Train on the embedded 2,000-image subset (a quick check, not the registry's weights).")
    boolean subset;

    @Option(names = "--epochs", description = "Train for this many epochs instead of the recipe's (a shorter budget; "
            + "the file is not the registry's).")
    int epochs;

    @Override
    public Integer call() throws IOException {
        PrintWriter w = spec.commandLine().getOut();
        if (!Pretrain.names().contains(name)) {
            throw new UserError("no weights recipe named '" + name + "'; known: " + String.join(", ", Pretrain.names()));
        }
        if (epochs < 0) {
            throw new UserError("--epochs must be >= 1, got " + epochs);
        }
        FashionMnist.Data data = subset ? FashionMnist.loadEmbedded() : FashionMnist.load();
        PrintStream ps = WriterStream.of(w);
        Pretrain.run(name, epochs, data, out, ps);
        ps.flush();
        return 0;
    }
}
