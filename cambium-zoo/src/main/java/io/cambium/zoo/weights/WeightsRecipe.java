package io.cambium.zoo.weights;

import io.cambium.Cambium;
import io.cambium.data.loaders.FashionMnist;
import io.cambium.nn.Model;
import io.cambium.zoo.training.ImageTraining;
import io.cambium.zoo.training.LabelledImages;
import io.cambium.zoo.vision.ImageClassifier;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.function.Supplier;

/**
 * How the registry's weights are made: an architecture, the Fashion-MNIST classes it learns
 * (all, or a subset relabelled 0, 1, ... for transfer experiments), and the
 * {@link ImageTraining} recipe's epochs and seed. Running it again with the same thread count
 * gives the same file, byte for byte, so its SHA-256 is the registry's.
 *
 * @param name      the registry name of the weights it makes
 * @param builder   the architecture, with its input shape and classes
 * @param classes   the Fashion-MNIST classes to learn, or {@code null} for all ten
 * @param epochs    epochs of {@link ImageTraining}
 * @param seed      seeds the initial weights, the shuffling and the augmentation
 */
public record WeightsRecipe(String name, Supplier<ImageClassifier<?>> builder, int[] classes, int epochs, long seed) {
    /** What the weights are trained on, for the registry and the file's metadata. */
    public String dataset() {
        return classes == null ? "Fashion-MNIST" : "Fashion-MNIST classes " + Arrays.toString(classes)
                + " (relabelled 0-" + (classes.length - 1) + ")";
    }

    /** The architecture line of the builder. */
    public String architecture() {
        return builder.get().architecture();
    }

    /** The same recipe with another number of epochs (a shorter budget makes other weights than the registry's). */
    public WeightsRecipe epochs(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("weights recipe '" + name + "': epochs must be >= 1, got " + n);
        }
        return new WeightsRecipe(name, builder, classes, n, seed);
    }

    /** The command that runs this recipe (the {@code cambium} launcher at the project root). */
    public String command() {
        return "./cambium vision pretrain " + name;
    }

    /**
     * What a run made.
     *
     * @param file     the weights file
     * @param sha256   its SHA-256
     * @param training the training run's measurements
     */
    public record Made(Path file, String sha256, ImageTraining.Result training) {
    }

    /**
     * Trains the weights on {@code data} and writes them to {@code file} with their metadata.
     *
     * @param out where the progress goes (null for none)
     */
    public Made run(FashionMnist.Data data, Path file, PrintStream out) throws IOException {
        LabelledImages train = LabelledImages.of(data.xTrain(), data.yTrain());
        LabelledImages test = LabelledImages.of(data.xTest(), data.yTest());
        if (classes != null) {
            train = train.ofClasses(classes);
            test = test.ofClasses(classes);
        }
        Cambium.seed(seed);
        ImageClassifier<?> b = builder.get();
        Model model = b.build();
        ImageTraining.Result r = new ImageTraining().epochs(epochs).seed(seed).out(out)
                .run(model, train.x(), train.y(), test.x(), test.y());
        String sha = Pretrained.write(model, file, name, b.architecture(), dataset(), r.testAccuracy());
        return new Made(file, sha, r);
    }
}
