package io.cambium.cli.support;

import io.cambium.Cambium;
import io.cambium.cli.UserError;
import io.cambium.cli.report.ClassificationReport;
import io.cambium.data.Dataset;
import io.cambium.data.Example;
import io.cambium.data.augment.ImageAugmenter;
import io.cambium.data.preprocessing.OneHot;
import io.cambium.data.preprocessing.Splits;
import io.cambium.nn.Model;
import io.cambium.nn.callbacks.Callback;
import io.cambium.nn.callbacks.TerminateOnNaN;
import io.cambium.nn.losses.Losses;
import io.cambium.nn.metrics.Metrics;
import io.cambium.nn.optimizers.Optimizer;
import io.cambium.nn.optimizers.Optimizers;
import io.cambium.nn.training.FitConfig;
import io.cambium.nn.training.History;
import io.cambium.plot.ConfusionMatrixPlot;
import io.cambium.plot.LearningCurves;
import io.cambium.tensor.Tensor;
import io.cambium.tensor.autograd.NoGrad;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * One supervised classification run shared by {@code train} and {@code demo}: split a validation
 * set, feed the training rows through a shuffled, prefetched pipeline, fit, evaluate on the test
 * set, and write the model file, the learning curves and the confusion matrix.
 */
public final class TrainingSession {
    private TrainingSession() {
    }

    /** What to train with. */
    public record Settings(int epochs, int batchSize, String optimizer, double learningRate, long seed,
                           double validationFraction, int verbose, ImageAugmenter augmenter) {
        /** A fraction below 0 means: validate on the test split each epoch (as workload W7 reports it). */
        public static final double VALIDATE_ON_TEST = -1;

        /** Rejects values no run could use, naming the option. */
        public Settings {
            if (epochs < 1) {
                throw new UserError("--epochs must be >= 1, got " + epochs);
            }
            if (batchSize < 1) {
                throw new UserError("--batch-size must be >= 1, got " + batchSize);
            }
            if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
                throw new UserError("--lr must be a positive number, got " + learningRate);
            }
            if (validationFraction != VALIDATE_ON_TEST && !(validationFraction >= 0 && validationFraction < 1)) {
                throw new UserError("--validation-split must be in [0, 1), got " + validationFraction);
            }
        }
    }

    /** What a run produced. */
    public record Result(History history, List<Double> epochSeconds, double testLoss, double testAccuracy,
                         ClassificationReport report, Path modelFile, Path curvesPng, Path confusionPng) {
    }

    /** An optimizer by Keras name with the given learning rate. */
    public static Optimizer optimizer(String name, double lr) {
        Optimizer o;
        try {
            o = Optimizers.get(name);
        } catch (IllegalArgumentException e) {
            throw new UserError("--optimizer: " + e.getMessage());
        }
        o.setLearningRate((float) lr);
        return o;
    }

    /** Compiles {@code model} for integer class labels: sparse categorical cross-entropy and accuracy. */
    public static void compile(Model model, Optimizer optimizer) {
        model.compile(optimizer, Losses.sparseCategoricalCrossentropy(), Metrics.accuracy());
    }

    /**
     * Seeds Cambium's global generator, then builds the model: its initial weights, like all that
     * {@link #run} draws afterwards (dropout, the order of batches), then follow from the seed.
     * (Seeding after the build left the weights to the generator's time-based start.)
     */
    public static Model seededModel(long seed, Supplier<Model> build) {
        Cambium.seed(seed);
        return build.get();
    }

    /**
     * Trains, evaluates and saves; progress and results go to {@code out}. The model should come
     * from {@link #seededModel} with the settings' seed, so that the run is reproducible.
     */
    public static Result run(Model model, LoadedData data, Settings s, Path outDir, String modelFileName, String title,
                             PrintWriter out) {
        return run(model, data, s, outDir, modelFileName, title, out, List.of());
    }

    /** {@link #run(Model, LoadedData, Settings, Path, String, String, PrintWriter)} with more fit callbacks. */
    public static Result run(Model model, LoadedData data, Settings s, Path outDir, String modelFileName, String title,
                             PrintWriter out, List<Callback> callbacks) {
        Tensor xTrain = data.xTrain();
        Tensor yTrain = data.yTrain();
        FitConfig cfg = FitConfig.epochs(s.epochs()).batchSize(s.batchSize()).verbose(s.verbose())
                .output(io.cambium.cli.Main.printStream(out));
        if (s.validationFraction() == Settings.VALIDATE_ON_TEST) {
            cfg.validationData(data.xTest(), data.yTest());
        } else if (s.validationFraction() > 0) {
            Splits.Split split = Splits.trainValTest(xTrain.dim(0), s.validationFraction(), 0, yTrain.data(), s.seed());
            Example all = new Example(xTrain, yTrain);
            Example train = Splits.select(all, split.train());
            Example val = Splits.select(all, split.val());
            xTrain = train.x();
            yTrain = train.y();
            cfg.validationData(val.x(), val.y());
        }
        int n = xTrain.dim(0);
        Optimizer opt = optimizer(s.optimizer(), s.learningRate());
        compile(model, opt);
        EpochTimer timer = new EpochTimer();
        TerminateOnNaN nanGuard = new TerminateOnNaN();
        cfg.callbacks(timer, nanGuard);
        cfg.callbacks(callbacks.toArray(new Callback[0]));
        Dataset<Example> rows = Dataset.fromTensorSlices(xTrain, yTrain).shuffle(n, s.seed());
        if (s.augmenter() != null) {
            if (xTrain.rank() != 4) {
                throw new UserError("--augment needs image data [N, height, width, channels], got "
                        + io.cambium.tensor.Shape.str(xTrain.shape()));
            }
            // Augmented on the fly on two threads; new transforms every epoch, reproducible by seed.
            rows = rows.randomMap(s.seed() + 1, s.augmenter()::apply, 2);
        }
        Dataset<Example> pipeline = rows.batch(s.batchSize(), false).prefetch(2);
        // fit closes each pass of the pipeline (and its prefetch thread) when the pass ends or stops.
        History history = model.fit(pipeline, cfg);
        out.flush();
        Path modelFile = outDir.resolve(modelFileName);
        if (nanGuard.stoppedBatch() >= 0 || !finite(model)) {
            // A diverged run must not write its NaN weights over a good model file, nor exit 0.
            throw new UserError("training diverged: the loss became NaN or infinite"
                    + (nanGuard.stoppedBatch() >= 0 ? " in epoch " + (model.completedEpochs() + 1) + ", batch "
                    + (nanGuard.stoppedBatch() + 1) : "") + "; nothing was saved to " + modelFile
                    + " (try a smaller --lr, or check the data for extreme values)");
        }

        Map<String, Double> test = model.evaluate(data.xTest(), data.yTest(), 1000);
        ClassificationReport report = report(model, data);
        Map<String, Object> extra = new LinkedHashMap<>();
        extra.put("class_names", data.classNames());
        extra.put("data", data.description());
        ModelStore.save(model, opt, s.epochs(), extra, modelFile);
        Path curves = outDir.resolve("learning_curves.png");
        LearningCurves.write(history.history(), title + ": learning curves", curves);
        Path cm = outDir.resolve("confusion_matrix.png");
        ConfusionMatrixPlot.write(report.confusionMatrix(), title + ": confusion matrix (test set)", cm);
        return new Result(history, timer.seconds(), test.get("loss"), report.accuracy(), report, modelFile, curves, cm);
    }

    private static boolean finite(Model model) {
        for (io.cambium.nn.Variable v : model.variables()) {
            for (float x : v.value().data()) {
                if (!Float.isFinite(x)) {
                    return false;
                }
            }
        }
        return true;
    }

    /** The classification report of a model on the test split. */
    public static ClassificationReport report(Model model, LoadedData data) {
        Tensor probs;
        try (var g = NoGrad.scope()) {
            probs = model.predict(data.xTest(), 1000);
        }
        float[] pred = OneHot.decode(probs).data();
        float[] truth = data.yTest().data();
        int[] p = new int[pred.length];
        int[] t = new int[truth.length];
        for (int i = 0; i < p.length; i++) {
            p[i] = (int) pred[i];
            t[i] = (int) truth[i];
        }
        return ClassificationReport.of(t, p, data.classNames());
    }

    /** Prints the results block; its last line is the test accuracy. */
    public static void printResults(Result r, LoadedData data, PrintWriter out) {
        out.println();
        out.println("Classification report (test set):");
        out.print(r.report());
        out.println();
        out.println("Results");
        out.println("  data: " + data.description());
        StringBuilder secs = new StringBuilder();
        for (double v : r.epochSeconds()) {
            secs.append(secs.length() == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%.1f", v));
        }
        out.println("  seconds per epoch (training only): " + secs);
        out.println(String.format(Locale.ROOT, "  test loss: %.4f", r.testLoss()));
        out.println(String.format(Locale.ROOT, "  test accuracy: %.4f", r.testAccuracy()));
        out.println();
        out.println("Outputs in " + r.modelFile().toAbsolutePath().getParent() + ":");
        out.println("  model:            " + r.modelFile().toAbsolutePath());
        out.println("  learning curves:  " + r.curvesPng().toAbsolutePath());
        out.println("  confusion matrix: " + r.confusionPng().toAbsolutePath());
        out.flush();
    }
}
