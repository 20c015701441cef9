package io.cambium.zoo.metrics;

import io.cambium.Cambium;
import io.cambium.nn.Layer;
import io.cambium.nn.Sequential;
import io.cambium.nn.layers.conv.Conv2D;
import io.cambium.nn.layers.core.Dense;
import io.cambium.nn.layers.core.Flatten;
import io.cambium.nn.layers.pooling.MaxPooling2D;
import io.cambium.nn.losses.Losses;
import io.cambium.nn.metrics.Metrics;
import io.cambium.nn.optimizers.Adam;
import io.cambium.nn.training.FitConfig;
import io.cambium.tensor.Shape;
import io.cambium.tensor.Tensor;
import io.cambium.tensor.autograd.NoGrad;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/**
 * A small Fashion-MNIST classifier that Cambium trains, used as the feature space of a Fréchet
 * distance between sets of 28x28x1 images in [0, 1]: the 64 ReLU activations before its softmax
 * layer. It is Cambium's Fashion-MNIST score, comparable only with itself: it is not the FID,
 * which uses Inception-v3 features of ImageNet-sized images.
 *
 * <p>The network: Conv2D(16, 3, same, relu), MaxPooling2D(2), Conv2D(32, 3, same, relu),
 * MaxPooling2D(2), Flatten, Dense(64, relu), Dense(10, softmax) — 106,538 parameters. The
 * weights shipped with Cambium ({@link #shipped()}) come from {@link #train} with seed 42 for 3
 * epochs on the 60,000 training images ({@code cambium zoo train-features}); their test accuracy
 * is in the module's README.
 */
public final class FashionFeatures {
    /** The class-path resource holding the shipped weights (safetensors). */
    public static final String RESOURCE = "/io/cambium/zoo/fashion-features.safetensors";
    /** The number of features. */
    public static final int SIZE = 64;
    /** Layers 0..5 of the network map an image to its features. */
    private static final int FEATURE_LAYERS = 6;
    private final Sequential model;

    private FashionFeatures(Sequential model) {
        this.model = model;
    }

    /** The untrained network, built for [N, 28, 28, 1]. */
    public static Sequential architecture() {
        Sequential m = new Sequential(
                new Conv2D(16, 3).padding("same").activation("relu").inputShape(28, 28, 1),
                new MaxPooling2D(2),
                new Conv2D(32, 3).padding("same").activation("relu"),
                new MaxPooling2D(2),
                new Flatten(),
                new Dense(SIZE).activation("relu"),
                new Dense(10).activation("softmax"));
        return m;
    }

    /**
     * Trains the classifier from seed {@code seed} with Adam(1e-3), batch 64, for {@code epochs}
     * epochs, printing Keras-style progress to {@code out} (null for none).
     */
    public static FashionFeatures train(Tensor xTrain, Tensor yTrain, int epochs, long seed, PrintStream out) {
        Cambium.seed(seed);
        Sequential m = architecture();
        m.compile(new Adam(1e-3), Losses.sparseCategoricalCrossentropy(), Metrics.accuracy());
        FitConfig cfg = FitConfig.epochs(epochs).batchSize(64);
        m.fit(xTrain, yTrain, out == null ? cfg.quiet() : cfg.output(out).verbose(2));
        return new FashionFeatures(m);
    }

    /**
     * The weights shipped with Cambium.
     *
     * @throws IllegalStateException when the resource is missing from the class path
     */
    public static FashionFeatures shipped() {
        try (InputStream in = FashionFeatures.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("FashionFeatures: resource " + RESOURCE + " is missing; train the"
                        + " classifier with 'cambium zoo train-features'");
            }
            Path tmp = Files.createTempFile("cambium-fashion-features", ".safetensors");
            try {
                Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
                return load(tmp);
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Loads weights written by {@link #save}. */
    public static FashionFeatures load(Path file) throws IOException {
        Sequential m = architecture();
        m.loadWeights(file);
        return new FashionFeatures(m);
    }

    /** Writes the weights (safetensors, atomically). */
    public void save(Path file) throws IOException {
        model.saveWeights(file);
    }

    /** The classifier. */
    public Sequential model() {
        return model;
    }

    /** The classification accuracy on images {@code [N, 28, 28, 1]} with labels {@code [N]}. */
    public double accuracy(Tensor images, Tensor labels) {
        checkImages(images);
        float[] y = labels.data();
        int correct = 0;
        int n = images.dim(0);
        for (int from = 0; from < n; from += 500) {
            int m = Math.min(500, n - from);
            Tensor p = model.predict(images.narrow(0, from, m));
            float[] pred = p.argmax(1, false).data();
            for (int i = 0; i < m; i++) {
                correct += pred[i] == y[from + i] ? 1 : 0;
            }
        }
        return correct / (double) n;
    }

    /** The features {@code [N, 64]} of images {@code [N, 28, 28, 1]} in [0, 1]. */
    public Tensor features(Tensor images) {
        checkImages(images);
        int n = images.dim(0);
        List<Layer> layers = model.layers();
        Tensor[] parts = new Tensor[(n + 499) / 500];
        try (NoGrad ignored = NoGrad.scope()) {
            for (int b = 0; b < parts.length; b++) {
                Tensor h = images.narrow(0, b * 500, Math.min(500, n - b * 500));
                for (int i = 0; i < FEATURE_LAYERS; i++) {
                    h = layers.get(i).apply(h, false);
                }
                parts[b] = h;
            }
        }
        return parts.length == 1 ? parts[0] : Tensor.concat(0, parts);
    }

    /** The Fréchet distance between two sets of images in this feature space. */
    public double frechetDistance(Tensor imagesA, Tensor imagesB) {
        return FrechetDistance.between(features(imagesA), features(imagesB));
    }

    /** The fitted Gaussian of a set of images' features, to compare many sets with one reference. */
    public FrechetDistance.Gaussian fit(Tensor images) {
        return FrechetDistance.fit(features(images));
    }

    private static void checkImages(Tensor images) {
        int[] s = images.shape();
        if (s.length != 4 || s[1] != 28 || s[2] != 28 || s[3] != 1) {
            throw new IllegalArgumentException("FashionFeatures: expected images [N, 28, 28, 1], got " + Shape.str(s));
        }
    }
}
