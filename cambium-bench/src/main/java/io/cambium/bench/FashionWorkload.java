package io.cambium.bench;

import io.cambium.Cambium;
import io.cambium.bench.stream.TorchStream;
import io.cambium.bench.stream.TorchWeights;
import io.cambium.data.loaders.FashionMnist;
import io.cambium.nn.Model;
import io.cambium.nn.Sequential;
import io.cambium.nn.losses.Losses;
import io.cambium.nn.optimizers.Adam;
import io.cambium.tensor.Tensor;
import io.cambium.tensor.random.Rng;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * W7: Fashion-MNIST end to end. The real IDX files, pixels / 255, the W3 CNN, batch 64, Adam
 * 1e-3, shuffled each epoch, 3 epochs, test accuracy after each epoch (evaluation in batches of
 * 1000). Two figures from one run: {@code train} = seconds per training epoch (median of the
 * epochs; lower is better, so its ratio is reference / Cambium) and {@code test accuracy} = the
 * accuracy after the last epoch (ratio Cambium / reference). The workload has no cases, and says
 * so in its title, when the files are missing.
 *
 * <p>The model is the reference's: PyTorch initializes {@code nn.Conv2d} and {@code nn.Linear}
 * with {@code kaiming_uniform_(a=sqrt(5))} kernels and uniform biases, so this network takes the
 * same distributions through Cambium's initializer API ({@link Networks#cnn(boolean)}) instead of
 * Keras's Glorot kernels and zero biases; it is seeded ({@link #SEED}), as the reference is, so
 * that a run's accuracy is reproducible. Both sides shuffle every epoch, train on the last
 * partial batch (32 samples) with the loss averaged over its own samples, and use Adam with
 * PyTorch's epsilon placement.
 *
 * <p>The random stream (initial weights and the epochs' shuffle orders) moves the final accuracy by
 * about a point from seed to seed on either side, so a run compared with the PyTorch reference
 * trains from the reference's own stream: {@link #prepare} has the reference write its seed-0
 * initial parameters and permutations to a file ({@link TorchStream}), the model takes those
 * parameters ({@link TorchWeights}) and each epoch takes its permutation, and the reference's W7
 * then trains from the same file. Without a reference (or without PyTorch) the run keeps
 * Cambium's own stream drawn from {@link #SEED}. {@link #stream()} says which one a run used.
 */
public final class FashionWorkload implements Workload {
    /** Where the IDX files are looked for. */
    public static final Path DIR = Path.of("/usr/share/datasets/fashion-mnist");
    public static final int EPOCHS = 3;
    /** The seed of the weights and of the shuffling (the reference seeds both with 0 too). */
    public static final long SEED = 0;
    /** The size of Fashion-MNIST's training set, the length of the reference's permutations. */
    static final int TRAIN_SIZE = 60_000;
    static final int BATCH = 64;
    static final int EVAL_BATCH = 1000;
    private static final String[] FILES = {"train-images-idx3-ubyte", "train-labels-idx1-ubyte",
        "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"};

    private final int threads;
    private final int epochs;
    private final int trainLimit;
    private final int testLimit;
    private final Path dir;
    private final String missing;
    private final List<Double> epochSeconds = new ArrayList<>();
    private final List<Double> accuracies = new ArrayList<>();
    /** The reference's stream when {@link #prepare} got one, else null (Cambium's own stream). */
    private TorchStream torchStream;
    /** The file the reference wrote it to, passed back to the reference's W7. */
    private Path torchStreamFile;

    public FashionWorkload(int threads) {
        this(threads, EPOCHS, Integer.MAX_VALUE, Integer.MAX_VALUE, DIR);
    }

    /** With fewer epochs, or the first {@code trainLimit} training and {@code testLimit} test images only (tests). */
    public FashionWorkload(int threads, int epochs, int trainLimit, int testLimit, Path dir) {
        this.threads = threads;
        this.epochs = epochs;
        this.trainLimit = trainLimit;
        this.testLimit = testLimit;
        this.dir = dir;
        this.missing = missingFile(dir);
    }

    private static String missingFile(Path dir) {
        for (String f : FILES) {
            if (!Files.isRegularFile(dir.resolve(f + ".gz")) && !Files.isRegularFile(dir.resolve(f))) {
                return dir.resolve(f + ".gz").toString();
            }
        }
        return null;
    }

    /** Null when the dataset files are present, else the first missing file. */
    public String missing() {
        return missing;
    }

    @Override
    public String id() {
        return "W7";
    }

    @Override
    public String title() {
        return missing != null
                ? "Fashion-MNIST end to end: SKIPPED, " + missing + " is missing (install dataset-fashion-mnist)"
                : "Fashion-MNIST end to end, W3 CNN, batch 64, Adam 1e-3, " + epochs + " epochs";
    }

    @Override
    public List<BenchCase> cases() {
        if (missing != null) {
            System.err.println("bench: W7 skipped: " + missing + " is missing");
            return List.of();
        }
        return List.of(new TrainCase(), new AccuracyCase());
    }

    /**
     * Takes the reference's W7 stream for {@link #SEED} when the reference is available, this
     * run trains the whole training set for {@link #EPOCHS} epochs and the reference can write
     * the stream (it needs PyTorch); else keeps Cambium's own stream. Prints which one, with the
     * reason when it is Cambium's own.
     */
    @Override
    public void prepare(Reference reference) {
        torchStream = null;
        torchStreamFile = null;
        if (missing != null) {
            return;
        }
        String why = reference.unavailableReason() == null ? null : "no reference: " + reference.unavailableReason();
        if (why == null && trainLimit < TRAIN_SIZE) {
            why = "a run on " + trainLimit + " of the " + TRAIN_SIZE + " training images";
        }
        if (why == null && epochs != EPOCHS) {
            why = "a run of " + epochs + " epochs, the reference trains " + EPOCHS;
        }
        if (why == null) {
            try {
                Path file = reference.writeW7Stream(Math.toIntExact(SEED), TRAIN_SIZE, epochs);
                useTorchStream(TorchStream.read(file, TorchWeights.torchShapes(seededCnn()), epochs, TRAIN_SIZE), file);
            } catch (RuntimeException e) {
                why = "the reference could not provide its stream: " + e.getMessage();
            }
        }
        System.err.println("[cambium] W7 stream: " + stream() + (why == null ? "" : " (" + why + ")"));
    }

    /** Trains from {@code stream} (written to {@code file}, which the reference then reads too). */
    void useTorchStream(TorchStream stream, Path file) {
        if (stream.permutations().size() != epochs) {
            throw new IllegalArgumentException("bench: W7 stream " + file + " has " + stream.permutations().size()
                    + " permutations for " + epochs + " epochs");
        }
        this.torchStream = stream;
        this.torchStreamFile = file;
    }

    /** W7 times whole epochs, on each side in turn. */
    @Override
    public boolean interleaved() {
        return false;
    }

    @Override
    public List<String> referenceArgs() {
        return torchStreamFile == null ? List.of() : List.of("--stream", torchStreamFile.toString());
    }

    /** {@code "torch seed 0"} when the run trains from the reference's stream, else {@code "cambium seed 0"}. */
    @Override
    public String stream() {
        if (missing != null) {
            return null;
        }
        return torchStream != null ? "torch seed " + torchStream.seed() : "cambium seed " + SEED;
    }

    /** The training seconds of each epoch of the last run. */
    List<Double> epochSeconds() {
        return epochSeconds;
    }

    /** The test accuracy after each epoch of the last run. */
    List<Double> accuracies() {
        return accuracies;
    }

    private void run() {
        epochSeconds.clear();
        accuracies.clear();
        FashionMnist.Data data = FashionMnist.load(List.of(dir));
        if (data.subset()) {
            throw new IllegalStateException("bench: W7 needs the full Fashion-MNIST in " + dir + ", got " + data.source());
        }
        Tensor xTrain = data.xTrain();
        Tensor yTrain = data.yTrain();
        int n = Math.min(trainLimit, xTrain.dim(0));
        int pixels = 28 * 28;
        float[] xs = xTrain.data();
        float[] ys = yTrain.data();
        int nTest = Math.min(testLimit, data.xTest().dim(0));
        Tensor xTest = nTest == data.xTest().dim(0) ? data.xTest() : data.xTest().narrow(0, 0, nTest);
        Tensor yTest = nTest == data.yTest().dim(0) ? data.yTest() : data.yTest().narrow(0, 0, nTest);
        Sequential model = seededCnn();
        if (torchStream != null) {
            if (n != TRAIN_SIZE) {
                throw new IllegalStateException("bench: W7's torch stream has permutations of " + TRAIN_SIZE
                        + " images, the training set has " + n);
            }
            TorchWeights.load(model, torchStream.tensors());
        }
        model.compile(new Adam(1e-3).betas(0.9, 0.999).epsilon(1e-8), Losses.sparseCategoricalCrossentropy(true));
        Rng shuffle = new Rng(SEED);
        for (int epoch = 1; epoch <= epochs; epoch++) {
            long t0 = System.nanoTime();
            int[] perm = torchStream != null ? torchStream.permutations().get(epoch - 1) : shuffle.permutation(n);
            double lossSum = 0;
            for (int s = 0; s < n; s += BATCH) {
                int b = Math.min(BATCH, n - s);           // the last batch of 60,000 has 32 samples
                float[] bx = new float[b * pixels];
                float[] by = new float[b];
                for (int i = 0; i < b; i++) {
                    int r = perm[s + i];
                    System.arraycopy(xs, r * pixels, bx, i * pixels, pixels);
                    by[i] = ys[r];
                }
                // The constructor adopts the fresh arrays (Tensor.of would copy them again).
                lossSum += model.trainOnBatch(new Tensor(bx, b, 28, 28, 1), new Tensor(by, b)).get("loss") * b;
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            double acc = accuracy(model, xTest, yTest);
            epochSeconds.add(seconds);
            accuracies.add(acc);
            System.err.printf(java.util.Locale.ROOT, "[cambium] W7 epoch %d: train %.1f s, loss %.4f, test accuracy %.4f%n",
                    epoch, seconds, lossSum / n, acc);
        }
    }

    /** The CNN with PyTorch's initialization drawn from {@link #SEED}; the global generator is left as it was. */
    static Sequential seededCnn() {
        Rng global = Cambium.rng();
        synchronized (global) {
            long[] saved = global.state();
            global.reseed(SEED);
            try {
                return Networks.cnn(true);
            } finally {
                global.setState(saved);
            }
        }
    }

    private static double accuracy(Model model, Tensor x, Tensor y) {
        Tensor pred = model.predict(x, EVAL_BATCH).argmax(1, false);
        float[] p = pred.data();
        float[] t = y.data();
        int correct = 0;
        for (int i = 0; i < t.length; i++) {
            correct += p[i] == t[i] ? 1 : 0;
        }
        return (double) correct / t.length;
    }

    private final class TrainCase implements SelfTimedCase {
        @Override
        public String name() {
            return "train t=" + threads;
        }

        @Override
        public String unit() {
            return "s/epoch";
        }

        @Override
        public int threads() {
            return threads;
        }

        @Override
        public Measurement measure(int protocolReps) {
            run();
            return new Measurement(name(), unit(), threads, Measurement.median(epochSeconds), List.copyOf(epochSeconds));
        }
    }

    private final class AccuracyCase implements SelfTimedCase {
        @Override
        public String name() {
            return "test accuracy t=" + threads;
        }

        @Override
        public String unit() {
            return "accuracy";
        }

        @Override
        public int threads() {
            return threads;
        }

        /** The accuracy after the last epoch of the run the train case made (runs it if none). */
        @Override
        public Measurement measure(int protocolReps) {
            if (accuracies.isEmpty()) {
                run();
            }
            return new Measurement(name(), unit(), threads, accuracies.get(accuracies.size() - 1), List.copyOf(accuracies));
        }
    }
}
