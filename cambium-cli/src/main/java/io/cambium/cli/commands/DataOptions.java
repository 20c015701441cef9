package io.cambium.cli.commands;

import io.cambium.cli.UserError;
import io.cambium.cli.support.DataSources;
import io.cambium.cli.support.LoadedData;
import picocli.CommandLine.Option;

/** The {@code --data} option and its companions, shared by the commands that read a dataset. */
public final class DataOptions {
    @Option(names = {"-d", "--data"}, defaultValue = "fashion-mnist",
            description = "fashion-mnist (default), fashion-mnist-subset, a .csv file or an image folder.")
    String data;

    @Option(names = "--target", description = "CSV: the class column (default: the last column).")
    String target;

    @Option(names = "--image-size", defaultValue = "64", description = "Image folders: resize to N x N (default ${DEFAULT-VALUE}).")
    int imageSize;

    @Option(names = "--rgb", description = "Image folders: read 3 colour channels instead of grayscale.")
    boolean rgb;

    @Option(names = "--test-split", defaultValue = "0.2",
            description = "CSV and image folders: fraction held out for testing (default ${DEFAULT-VALUE}).")
    double testSplit;

    /** Loads the data; {@code seed} makes the test split reproducible. */
    LoadedData load(long seed) {
        if (imageSize < 1) {
            throw new UserError("--image-size must be >= 1, got " + imageSize);
        }
        if (!(testSplit > 0 && testSplit < 1)) {
            throw new UserError("--test-split must be in (0, 1), got " + testSplit);
        }
        return DataSources.load(data, new DataSources.Options(target, imageSize, rgb, testSplit, seed));
    }
}
