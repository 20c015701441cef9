package io.cambium.zoo.training;

import io.cambium.data.Dataset;
import io.cambium.data.Example;
import io.cambium.data.augment.ImageAugmenter;
import io.cambium.nn.Model;
import io.cambium.nn.callbacks.Callback;
import io.cambium.nn.losses.Losses;
import io.cambium.nn.metrics.Metrics;
import io.cambium.nn.optimizers.AdamW;
import io.cambium.nn.schedules.LearningRateSchedule;
import io.cambium.nn.schedules.Schedules;
import io.cambium.nn.training.FitConfig;
import io.cambium.nn.training.History;
import io.cambium.tensor.Tensor;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The zoo's recipe for training an image classifier: AdamW with a linear warm-up over the first
 * epoch and a cosine decay to zero (Loshchilov and Hutter), decoupled weight decay, batches of 128
 * reshuffled every epoch, and on-the-fly augmentation by random shifts of up to 2 pixels and
 * horizontal flips (the small-image augmentation of the ResNet paper, section 4.2, as shifts
 * instead of padded crops). Seeded: the same seed and thread count give the same weights.
 */
public final class ImageTraining {
    private int epochs = 10;
    private int batchSize = 128;
    private double learningRate = 2e-3;
    private double weightDecay = 5e-4;
    private boolean augment = true;
    private long seed = 42;
    private boolean evaluateEachEpoch = true;
    private PrintStream out = System.out;
    private final List<Callback> callbacks = new ArrayList<>();

    /** Epochs over the training set (default 10). */
    public ImageTraining epochs(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("ImageTraining: epochs must be >= 1, got " + n);
        }
        epochs = n;
        return this;
    }

    /** Batch size (default 128). */
    public ImageTraining batchSize(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("ImageTraining: batch size must be >= 1, got " + n);
        }
        batchSize = n;
        return this;
    }

    /** The peak learning rate, reached after one epoch of warm-up (default 2e-3). */
    public ImageTraining learningRate(double lr) {
        learningRate = lr;
        return this;
    }

    /** AdamW's decoupled weight decay (default 5e-4). */
    public ImageTraining weightDecay(double wd) {
        weightDecay = wd;
        return this;
    }

    /** Random shifts and horizontal flips on the fly (default true). */
    public ImageTraining augment(boolean on) {
        augment = on;
        return this;
    }

    /** Seeds the shuffling and the augmentation (default 42); seed the weights with {@code Cambium.seed} before building. */
    public ImageTraining seed(long s) {
        seed = s;
        return this;
    }

    /** Whether to measure the test accuracy after every epoch, for the learning curve (default true). */
    public ImageTraining evaluateEachEpoch(boolean on) {
        evaluateEachEpoch = on;
        return this;
    }

    /** Where the progress goes (one line per epoch; null for none). */
    public ImageTraining out(PrintStream stream) {
        out = stream;
        return this;
    }

    /** Callbacks for {@code fit}, after the recipe's own. */
    public ImageTraining callbacks(Callback... cbs) {
        callbacks.addAll(List.of(cbs));
        return this;
    }

    public int epochs() {
        return epochs;
    }

    /** The augmentation this recipe applies. */
    public static ImageAugmenter augmenter() {
        return new ImageAugmenter().widthShiftRange(2).heightShiftRange(2).horizontalFlip(true);
    }

    /**
     * What a run measured.
     *
     * @param history      loss and accuracy per epoch ({@code val_accuracy} is the test accuracy when measured each epoch)
     * @param testAccuracy the test accuracy after the last epoch
     * @param seconds      wall time of the training, evaluation included
     * @param epochSeconds wall time of each epoch
     */
    public record Result(History history, double testAccuracy, double seconds, List<Double> epochSeconds) {
    }

    /**
     * Compiles the model with this recipe's optimizer and sparse cross-entropy, trains it on
     * {@code xTrain}/{@code yTrain} and measures the accuracy on the test set.
     */
    public Result run(Model model, Tensor xTrain, int[] yTrain, Tensor xTest, int[] yTest) {
        int n = xTrain.dim(0);
        long stepsPerEpoch = (n + batchSize - 1) / batchSize;
        long total = stepsPerEpoch * epochs;
        long warmup = Math.min(stepsPerEpoch, total / 2);
        // Warm-up from a tenth of the peak, then cosine decay over the remaining steps.
        LearningRateSchedule cosine = Schedules.cosineDecay(learningRate, Math.max(1, total - warmup), 0.0);
        LearningRateSchedule lr = warmup > 0 ? Schedules.linearWarmup(cosine, warmup, 0.1) : cosine;
        model.compile(new AdamW(lr, weightDecay, false), Losses.sparseCategoricalCrossentropy(), Metrics.accuracy());

        Dataset<Example> train = Dataset.fromTensorSlices(xTrain, Tensor.of(yTrain)).shuffle(n, seed)
                .batch(batchSize, false);
        if (augment) {
            ImageAugmenter a = augmenter();
            train = train.randomMap(seed + 1, a::apply, 1);
        }
        train = train.prefetch(2);
        EpochClock clock = new EpochClock();
        List<Callback> all = new ArrayList<>();
        all.add(clock);
        all.addAll(callbacks);
        FitConfig config = FitConfig.epochs(epochs).callbacks(all.toArray(new Callback[0])).verbose(out == null ? FitConfig.QUIET
                : FitConfig.ONE_LINE_PER_EPOCH);
        if (out != null) {
            config.output(out);
        }
        if (evaluateEachEpoch) {
            config.validationData(Dataset.fromTensorSlices(xTest, Tensor.of(yTest)).batch(500, false));
        }
        long t0 = System.nanoTime();
        History h = model.fit(train, config);
        double acc = evaluateEachEpoch ? h.last("val_accuracy") : model.evaluate(xTest, yTest, 500).get("accuracy");
        return new Result(h, acc, (System.nanoTime() - t0) / 1e9, clock.seconds);
    }

    /** Records the wall time of each epoch. */
    private static final class EpochClock extends Callback {
        private final List<Double> seconds = new ArrayList<>();
        private long start;

        @Override
        public void onEpochBegin(int epoch, Map<String, Double> logs) {
            start = System.nanoTime();
        }

        @Override
        public void onEpochEnd(int epoch, Map<String, Double> logs) {
            seconds.add((System.nanoTime() - start) / 1e9);
        }
    }
}
