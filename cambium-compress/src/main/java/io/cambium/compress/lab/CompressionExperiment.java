package io.cambium.compress.lab;

import io.cambium.Cambium;
import io.cambium.compress.Models;
import io.cambium.compress.distillation.Distiller;
import io.cambium.compress.precision.HalfCompute;
import io.cambium.compress.precision.LossScaleOptimizer;
import io.cambium.compress.precision.MixedPrecision;
import io.cambium.compress.pruning.ChannelPruning;
import io.cambium.compress.pruning.Pruning;
import io.cambium.compress.pruning.PruningSchedule;
import io.cambium.compress.pruning.UpdatePruningStep;
import io.cambium.compress.quantization.Calibration;
import io.cambium.compress.quantization.PostTrainingQuantization;
import io.cambium.data.loaders.FashionMnist;
import io.cambium.nn.Layer;
import io.cambium.nn.Model;
import io.cambium.nn.Sequential;
import io.cambium.nn.callbacks.Callback;
import io.cambium.nn.layers.conv.Conv2D;
import io.cambium.nn.layers.core.Dense;
import io.cambium.nn.layers.core.Flatten;
import io.cambium.nn.layers.pooling.MaxPooling2D;
import io.cambium.nn.losses.Losses;
import io.cambium.nn.metrics.Metrics;
import io.cambium.nn.optimizers.Adam;
import io.cambium.nn.training.FitConfig;
import io.cambium.tensor.Tensor;
import io.cambium.tensor.autograd.NoGrad;
import io.cambium.tensor.kernels.Int8Gemm;
import io.cambium.tensor.kernels.Kernels;
import io.cambium.tensor.quant.HalfPrecision;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ObjDoubleConsumer;

/**
 * Seed question 22 ("how do I shorten training and shrink models?") as one experiment on the
 * Fashion-MNIST CNN of workload W3 (Conv 32, pool, Conv 64, pool, Dense 128, Dense 10, logits):
 * int8 post-training quantization (accuracy, file size, batch-64 latency against float32 in the
 * same run), bf16 mixed-precision training (accuracy, step time, live memory), 80 % global magnitude
 * pruning with fine-tuning, 50 % structured channel pruning (parameters, FLOPs, latency, accuracy),
 * and distillation into a student a quarter of the size (against the same student alone, over
 * seeds; in {@link Options#full()} the students see 5,000 of the teacher's 60,000 images). Every
 * number comes from {@link #run}, returned as {@link Figures}; {@link #main} prints them.
 *
 * <p>Each part can run alone ({@link Options#parts}); small options make a quick run (the lab's
 * quick and full modes, tests), {@link Options#full()} is the acceptance run on the full data set.
 */
public final class CompressionExperiment {
    /** The parts of the experiment, in the order they run. */
    public static final List<String> PARTS = List.of("quantize", "bf16", "prune", "channels", "distill");
    /** The acceptance run's student training images: the first 5,000 of the teacher's 60,000. */
    public static final int FULL_STUDENT_SAMPLES = 5000;
    /**
     * The acceptance run's student epochs: the epoch count where students trained alone on 5,000
     * images scored best on 5,000 held-out training images ({@link DistillationSelection}, 1 to 40 tried).
     */
    public static final int FULL_STUDENT_EPOCHS = 24;
    /**
     * The distillation's hard-label weight, the best of 0.1, 0.5 and 0.75 (temperatures 2 and 4, and the
     * Keras example's 0.1 with 10) on held-out training images at {@link #FULL_STUDENT_EPOCHS} epochs.
     */
    public static final double DISTILLATION_ALPHA = 0.5;
    /** The distillation's temperature, chosen with {@link #DISTILLATION_ALPHA}. */
    public static final double DISTILLATION_TEMPERATURE = 2;

    /**
     * The run's size.
     *
     * @param trainSamples training images used (0 = all); the float32 model (the students' teacher) trains on them
     * @param testSamples test images used for accuracies (0 = all)
     * @param epochs epochs of the float and bf16 trainings
     * @param fineTuneEpochs epochs of fine-tuning after pruning
     * @param studentEpochs epochs of each student training
     * @param seeds seeds of the distillation comparison
     * @param latencyRepetitions timed batch-64 forward passes per side (alternating)
     * @param seed seed of the float and bf16 models' weights and of the shuffling; student {@code i} uses {@code seed + 100 + i}
     * @param parts which parts to run: any of {@link #PARTS}
     * @param studentSamples the students' training images, the first ones of the teacher's (0 = all of the teacher's):
     *                       a transfer set smaller than the teacher's data, where soft targets carry what the
     *                       teacher learnt from the rest (Hinton et al. 2015, section 5)
     */
    public record Options(int trainSamples, int testSamples, int epochs, int fineTuneEpochs, int studentEpochs, int seeds,
                          int latencyRepetitions, long seed, List<String> parts, int studentSamples) {
        /** Checks the values. */
        public Options {
            if (trainSamples < 0 || testSamples < 0 || studentSamples < 0) {
                throw new IllegalArgumentException("CompressionExperiment: sample counts must be >= 0 (0 = all), got "
                        + trainSamples + ", " + testSamples + " and " + studentSamples);
            }
            if (epochs < 1 || fineTuneEpochs < 1 || studentEpochs < 1 || seeds < 1 || latencyRepetitions < 1) {
                throw new IllegalArgumentException("CompressionExperiment: epochs, seeds and repetitions must be >= 1, got "
                        + epochs + ", " + fineTuneEpochs + ", " + studentEpochs + ", " + seeds + ", " + latencyRepetitions);
            }
            for (String p : parts) {
                if (!PARTS.contains(p)) {
                    throw new IllegalArgumentException("CompressionExperiment: unknown part '" + p + "', expected one of "
                            + PARTS);
                }
            }
            parts = List.copyOf(parts);
        }

        /** Options whose students train on all of the teacher's images (the constructor of the first release). */
        public Options(int trainSamples, int testSamples, int epochs, int fineTuneEpochs, int studentEpochs, int seeds,
                       int latencyRepetitions, long seed, List<String> parts) {
            this(trainSamples, testSamples, epochs, fineTuneEpochs, studentEpochs, seeds, latencyRepetitions, seed, parts, 0);
        }

        /**
         * The acceptance run: full data, 3 epochs, 2 fine-tuning epochs, 60 latency repetitions; 3 student seeds,
         * each student trained for {@value #FULL_STUDENT_EPOCHS} epochs on the first {@value #FULL_STUDENT_SAMPLES}
         * images (the epochs chosen on held-out training images by {@link DistillationSelection}).
         */
        public static Options full() {
            return new Options(0, 0, 3, 2, FULL_STUDENT_EPOCHS, 3, 60, 42, PARTS, FULL_STUDENT_SAMPLES);
        }

        /** A small run: {@code samples} training images, all test images, 1 epoch, 1 seed. */
        public static Options quick(int samples) {
            return new Options(samples, 0, 1, 1, 1, 1, 3, 42, PARTS);
        }

        /** The same options for other parts. */
        public Options parts(String... names) {
            return new Options(trainSamples, testSamples, epochs, fineTuneEpochs, studentEpochs, seeds, latencyRepetitions,
                    seed, List.of(names), studentSamples);
        }

        /** The same options with another seed. */
        public Options seed(long newSeed) {
            return new Options(trainSamples, testSamples, epochs, fineTuneEpochs, studentEpochs, seeds, latencyRepetitions,
                    newSeed, parts, studentSamples);
        }

        /** The same options with other data sizes. */
        public Options samples(int train, int test) {
            return new Options(train, test, epochs, fineTuneEpochs, studentEpochs, seeds, latencyRepetitions, seed, parts,
                    studentSamples);
        }

        /** The same options with students trained {@code epochs} epochs on the first {@code samples} images (0 = all). */
        public Options students(int samples, int studentEpochs) {
            return new Options(trainSamples, testSamples, epochs, fineTuneEpochs, studentEpochs, seeds, latencyRepetitions,
                    seed, parts, samples);
        }

        /** Epochs of training units the run does (for progress reports). */
        double workUnits() {
            double u = 0;
            boolean base = parts.contains("quantize") || parts.contains("prune") || parts.contains("channels")
                    || parts.contains("distill");
            if (base || parts.contains("bf16")) {
                u += epochs;
            }
            if (parts.contains("bf16")) {
                u += epochs + 1;
            }
            if (parts.contains("prune")) {
                u += fineTuneEpochs;
            }
            if (parts.contains("channels")) {
                u += fineTuneEpochs;
            }
            if (parts.contains("distill")) {
                u += 2.0 * seeds * studentEpochs;
            }
            return Math.max(u, 1);
        }
    }

    /**
     * A training run: test accuracy, mean step time and the live heap of one step above the heap before it.
     *
     * @param accuracy test accuracy in [0, 1]
     * @param msPerStep wall milliseconds per training step (batch 64), averaged over the whole fit
     * @param peakLiveBytes live heap of one instrumented step (after the forward and after the backward pass,
     *                      after forced collections) above the live heap before training
     * @param params parameters of the model
     */
    public record Training(double accuracy, double msPerStep, long peakLiveBytes, long params) {
    }

    /**
     * Int8 post-training quantization against the float32 model.
     *
     * @param minMaxAccuracy test accuracy with min/max calibration
     * @param percentileAccuracy test accuracy with 99.99th-percentile calibration
     * @param float32FileBytes model file of the float32 model (architecture and weights, no optimizer state)
     * @param int8FileBytes model file of the int8 model (min/max calibration)
     * @param float32Batch64Ms median batch-64 forward time of the float32 model
     * @param int8Batch64Ms median batch-64 forward time of the int8 model, alternating with the float32 one
     */
    public record Int8(double minMaxAccuracy, double percentileAccuracy, long float32FileBytes, long int8FileBytes,
                       double float32Batch64Ms, double int8Batch64Ms) {
        /** How many times smaller the int8 file is. */
        public double fileRatio() {
            return (double) float32FileBytes / int8FileBytes;
        }

        /** How many times faster int8 inference is (below 1: slower). */
        public double speedup() {
            return float32Batch64Ms / int8Batch64Ms;
        }
    }

    /**
     * Mixed-precision training of the same CNN from the same initial weights as the float32 one.
     *
     * @param bf16 the bf16 training (its accuracy with float32 inference of the master weights)
     * @param bf16InferenceAccuracy test accuracy of the bf16 model run with its bf16 forward pass
     * @param fp16OneEpochAccuracy test accuracy after one fp16 epoch with dynamic loss scaling
     * @param fp16SkippedSteps steps skipped because the fp16 gradients overflowed
     * @param fp16FinalScale the loss scale at the end of the fp16 epoch
     */
    public record MixedPrecisionRun(Training bf16, double bf16InferenceAccuracy, double fp16OneEpochAccuracy,
                                    long fp16SkippedSteps, double fp16FinalScale) {
    }

    /**
     * Global magnitude pruning to 80 % during fine-tuning of the float32 model.
     *
     * @param sparsity fraction of zero weights in the Dense and Conv2D kernels after stripping
     * @param accuracy test accuracy of the pruned, stripped model
     * @param fineTuneEpochs epochs of fine-tuning
     */
    public record Sparse(double sparsity, double accuracy, int fineTuneEpochs) {
    }

    /**
     * 50 % structured channel pruning (filters and units with the smallest L1 norms removed).
     *
     * @param paramsBefore parameters of the float32 model
     * @param paramsAfter parameters of the pruned model
     * @param flopsBefore forward FLOPs per sample before
     * @param flopsAfter forward FLOPs per sample after
     * @param batch64MsBefore median batch-64 forward time before
     * @param batch64MsAfter median batch-64 forward time after, alternating with the model before
     * @param accuracyBefore test accuracy before
     * @param accuracyPruned test accuracy right after pruning
     * @param accuracyFineTuned test accuracy after fine-tuning
     * @param fineTuneEpochs epochs of fine-tuning
     */
    public record Channels(long paramsBefore, long paramsAfter, long flopsBefore, long flopsAfter, double batch64MsBefore,
                           double batch64MsAfter, double accuracyBefore, double accuracyPruned, double accuracyFineTuned,
                           int fineTuneEpochs) {
    }

    /**
     * The same student trained alone and with distillation from the float32 teacher, per seed: for each
     * seed both start from the same weights and see the same images in the same order with the same
     * optimizer and epochs.
     *
     * @param teacherParams parameters of the teacher
     * @param studentParams parameters of the student
     * @param alpha weight of the hard-label loss in the distillation loss
     * @param temperature softmax temperature of the soft targets
     * @param seeds the students' seeds
     * @param alone test accuracy of the student trained on the labels, per seed
     * @param distilled test accuracy of the student trained with distillation, per seed
     * @param teacherAccuracy test accuracy of the teacher
     * @param teacherSamples the teacher's training images
     * @param studentSamples the students' training images (the first ones of the teacher's)
     * @param studentEpochs epochs of each student
     * @param aloneWallSeconds wall time of training the students alone (all seeds, evaluation excluded)
     * @param distilledWallSeconds wall time of training the distilled students (the teacher's forward passes included)
     * @param aloneCpuSeconds process CPU time of training the students alone
     * @param distilledCpuSeconds process CPU time of training the distilled students
     * @param loadBefore the 1-minute load average when the students started (the machine may be shared)
     * @param loadAfter the 1-minute load average when they finished
     */
    public record Distillation(long teacherParams, long studentParams, double alpha, double temperature, List<Long> seeds,
                               List<Double> alone, List<Double> distilled, double teacherAccuracy, int teacherSamples,
                               int studentSamples, int studentEpochs, double aloneWallSeconds, double distilledWallSeconds,
                               double aloneCpuSeconds, double distilledCpuSeconds, double loadBefore, double loadAfter) {
        /** Copies the lists. */
        public Distillation {
            seeds = List.copyOf(seeds);
            alone = List.copyOf(alone);
            distilled = List.copyOf(distilled);
        }

        /** Mean accuracy of the students trained alone. */
        public double aloneMean() {
            return mean(alone);
        }

        /** Mean accuracy of the distilled students. */
        public double distilledMean() {
            return mean(distilled);
        }

        /** Seeds whose distilled student beat the same student alone. */
        public int distilledWins() {
            int w = 0;
            for (int i = 0; i < alone.size(); i++) {
                if (distilled.get(i) > alone.get(i)) {
                    w++;
                }
            }
            return w;
        }
    }

    /**
     * Everything one run measured; a part that did not run is null.
     *
     * @param cpu the processor's name and core count
     * @param jdk the Java version
     * @param kernels the float and int8 kernels in use
     * @param data where Fashion-MNIST came from
     * @param trainSamples training images used
     * @param testSamples test images used
     * @param float32 the float32 baseline training (every part compares with it)
     * @param int8 post-training quantization
     * @param mixedPrecision bf16 and fp16 training
     * @param pruning 80 % global magnitude pruning
     * @param channels 50 % channel pruning
     * @param distillation the students
     */
    public record Figures(String cpu, String jdk, String kernels, String data, int trainSamples, int testSamples,
                          Training float32, Int8 int8, MixedPrecisionRun mixedPrecision, Sparse pruning, Channels channels,
                          Distillation distillation) {
    }

    private final Options options;
    private final PrintStream log;
    private FashionMnist.Data data;
    private ObjDoubleConsumer<String> progress = (message, fraction) -> { };
    private double distillAlpha = DISTILLATION_ALPHA;
    private double distillTemperature = DISTILLATION_TEMPERATURE;
    private double unitsDone;
    private Tensor xTrain;
    private int[] yTrain;
    private Tensor xTest;
    private int[] yTest;
    private Training float32;

    /** An experiment with these options, logging progress to {@code log}. */
    public CompressionExperiment(Options options, PrintStream log) {
        this.options = options;
        this.log = log;
    }

    /** Uses {@code d} instead of {@link FashionMnist#load()} (the sample counts of the options still apply). */
    public CompressionExperiment data(FashionMnist.Data d) {
        this.data = d;
        return this;
    }

    /**
     * Receives what the experiment is doing and the fraction of its training done, in [0, 1], at
     * each epoch's end (for progress bars).
     */
    public CompressionExperiment progress(ObjDoubleConsumer<String> listener) {
        this.progress = listener;
        return this;
    }

    /**
     * The distillation settings: {@code alpha} the weight of the hard-label loss, {@code temperature}
     * the softmax temperature. The default ({@link #DISTILLATION_ALPHA}, {@link #DISTILLATION_TEMPERATURE})
     * was chosen on held-out training images ({@link DistillationSelection}); PyTorch's
     * knowledge-distillation tutorial uses (0.75, 2), the Keras example (0.1, 10).
     */
    public CompressionExperiment distillation(double alpha, double temperature) {
        if (!(alpha >= 0 && alpha <= 1) || !(temperature > 0) || Double.isInfinite(temperature)) {
            throw new IllegalArgumentException("CompressionExperiment: distillation alpha must be in [0, 1] and temperature "
                    + "positive, got " + alpha + " and " + temperature);
        }
        this.distillAlpha = alpha;
        this.distillTemperature = temperature;
        return this;
    }

    /** The W3 CNN with logits (Keras initialization), {@code width} 1 = 32/64/128, 0.5 = 16/32/64. */
    public static Sequential cnn(double width) {
        Sequential m = new Sequential();
        m.input(28, 28, 1);
        m.add(new Conv2D((int) (32 * width), 3).padding("same").activation("relu"));
        m.add(new MaxPooling2D(2));
        m.add(new Conv2D((int) (64 * width), 3).padding("same").activation("relu"));
        m.add(new MaxPooling2D(2));
        m.add(new Flatten());
        m.add(new Dense((int) (128 * width)).activation("relu"));
        m.add(new Dense(10));
        return m;
    }

    private static void compile(Model m, io.cambium.nn.optimizers.Optimizer opt) {
        m.compile(opt, Losses.sparseCategoricalCrossentropy(true), Metrics.accuracy());
    }

    /** Runs the chosen parts and returns every figure (accuracies in [0, 1], times in ms, sizes in bytes). */
    public Figures run() {
        load();
        String kernels = Kernels.describe() + ", int8 " + Int8Gemm.inUse().name();
        Sequential base = trainFloat();
        Int8 int8 = options.parts().contains("quantize") ? quantize(base) : null;
        MixedPrecisionRun mp = options.parts().contains("bf16") ? bf16() : null;
        Sparse sparse = options.parts().contains("prune") ? prune(base) : null;
        Channels ch = options.parts().contains("channels") ? channels(base) : null;
        Distillation dist = options.parts().contains("distill") ? distill(base) : null;
        return new Figures(cpu(), System.getProperty("java.version"), kernels, data.source(), xTrain.dim(0),
                xTest.dim(0), float32, int8, mp, sparse, ch, dist);
    }

    private void load() {
        if (data == null) {
            data = FashionMnist.load();
        }
        xTrain = data.xTrain();
        yTrain = data.yTrain().toIntArray();
        if (options.trainSamples() > 0 && options.trainSamples() < xTrain.dim(0)) {
            xTrain = xTrain.narrow(0, 0, options.trainSamples());
            yTrain = Arrays.copyOf(yTrain, options.trainSamples());
        }
        xTest = data.xTest();
        yTest = data.yTest().toIntArray();
        if (options.testSamples() > 0 && options.testSamples() < xTest.dim(0)) {
            xTest = xTest.narrow(0, 0, options.testSamples());
            yTest = Arrays.copyOf(yTest, options.testSamples());
        }
        if (xTest.dim(0) < 64) {
            throw new IllegalArgumentException("CompressionExperiment: the batch-64 latency needs at least 64 test images, got "
                    + xTest.dim(0));
        }
        log.println("data: " + data.source() + ", " + xTrain.dim(0) + " training and " + xTest.dim(0) + " test images");
    }

    private static String cpu() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) {
                    return line.substring(line.indexOf(':') + 1).trim() + " (" + Runtime.getRuntime().availableProcessors()
                            + " cores)";
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux
        }
        return System.getProperty("os.arch") + " (" + Runtime.getRuntime().availableProcessors() + " cores)";
    }

    /** Test accuracy of a model with logits or probabilities. */
    public double accuracy(Model m) {
        return DistillationSelection.accuracy(m, xTest, yTest);
    }

    /** A callback counting each finished epoch as one unit of the run's work. */
    private Callback epochs(String what) {
        return new Callback() {
            @Override
            public void onEpochEnd(int epoch, Map<String, Double> logs) {
                advance(what + ", epoch " + (epoch + 1));
            }
        };
    }

    private void advance(String message) {
        unitsDone++;
        progress.accept(message, Math.min(1, unitsDone / options.workUnits()));
    }

    /**
     * Trains {@code trained} (possibly a wrapped model) and measures step time and live memory;
     * {@code evaluated} gives the model whose test accuracy is reported, after training.
     */
    private Training train(Sequential trained, java.util.function.Supplier<Sequential> evaluated,
                           io.cambium.nn.optimizers.Optimizer opt, int epochs, String what) {
        compile(trained, opt);
        MemoryProbe probe = new MemoryProbe();
        long before = MemoryProbe.liveBytes();
        // one instrumented step: live heap after the forward pass (the graph holds the activations)
        // and after the backward pass (the gradients); two steps first, so the optimizer state exists
        Tensor xb = xTrain.narrow(0, 0, 64);
        Tensor yb = Tensor.of(Arrays.copyOf(yTrain, 64));
        for (int i = 0; i < 2; i++) {
            trained.trainOnBatch(xb, yb);
        }
        opt.zeroGrad(trained.trainableVariables());
        Tensor out = trained.call(xb, true);
        Tensor loss = Losses.sparseCategoricalCrossentropy(true).call(yb, out);
        probe.sample();
        loss.backward();
        probe.sample();
        opt.zeroGrad(trained.trainableVariables());
        long t0 = System.nanoTime();
        trained.fit(xTrain, yTrain, FitConfig.epochs(epochs).batchSize(64).quiet().callbacks(epochs(what)));
        long ns = System.nanoTime() - t0;
        int steps = epochs * ((xTrain.dim(0) + 63) / 64);
        double ms = ns / 1e6 / steps;
        Sequential plain = evaluated.get();
        double acc = accuracy(plain);
        log.printf(Locale.ROOT, "%s: %.2f ms/step, live heap %d KiB above the %d KiB before training, test accuracy %.4f%n",
                what, ms, (probe.peak() - before) / 1024, before / 1024, acc);
        return new Training(acc, ms, probe.peak() - before, plain.countParams());
    }

    private Sequential trainFloat() {
        Cambium.seed(options.seed());
        Sequential m = cnn(1);
        float32 = train(m, () -> m, new Adam(1e-3), options.epochs(), "float32 training");
        return m;
    }

    private Int8 quantize(Sequential base) {
        Tensor calib = xTrain.narrow(0, 0, Math.min(1000, xTrain.dim(0)));
        Sequential q = PostTrainingQuantization.quantize(base, calib, Calibration.minMax());
        double minMax = accuracy(q);
        double percentile = accuracy(PostTrainingQuantization.quantize(base, calib, Calibration.percentile(99.99)));
        log.printf(Locale.ROOT, "int8: test accuracy %.4f (min/max calibration), %.4f (99.99th percentile), float32 %.4f%n",
                minMax, percentile, float32.accuracy());
        long a;
        long b;
        try {
            Path dir = Files.createTempDirectory("cambium-q22");
            Path f32 = dir.resolve("float32.cambium");
            Path i8 = dir.resolve("int8.cambium");
            Sequential plain = Models.mapLayers(base, Models::copy);
            plain.save(f32);
            q.save(i8);
            a = Files.size(f32);
            b = Files.size(i8);
            Files.delete(f32);
            Files.delete(i8);
            Files.delete(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        double[] ms = latency(base, q, 64);
        Int8 r = new Int8(minMax, percentile, a, b, ms[0], ms[1]);
        log.printf(Locale.ROOT, "files: float32 %d bytes (architecture and weights, no optimizer state), int8 %d bytes: "
                + "%.2fx smaller%n", a, b, r.fileRatio());
        log.printf(Locale.ROOT, "batch-64 inference, median of %d alternating repetitions: float32 %.2f ms, int8 %.2f ms: "
                + "%.2fx%n", options.latencyRepetitions(), ms[0], ms[1], r.speedup());
        return r;
    }

    /** Median forward time (ms) of two models on the same batch, repetitions alternating A, B. */
    public double[] latency(Model a, Model b, int batch) {
        Tensor x = xTest.narrow(0, 0, batch);
        int reps = options.latencyRepetitions();
        double[] ta = new double[reps];
        double[] tb = new double[reps];
        try (NoGrad g = NoGrad.scope()) {
            for (int i = 0; i < 5; i++) {
                a.call(x, false);
                b.call(x, false);
            }
            for (int i = 0; i < reps; i++) {
                long t0 = System.nanoTime();
                a.call(x, false);
                long t1 = System.nanoTime();
                b.call(x, false);
                long t2 = System.nanoTime();
                ta[i] = (t1 - t0) / 1e6;
                tb[i] = (t2 - t1) / 1e6;
            }
        }
        Arrays.sort(ta);
        Arrays.sort(tb);
        return new double[] {ta[reps / 2], tb[reps / 2]};
    }

    private MixedPrecisionRun bf16() {
        Cambium.seed(options.seed());
        Sequential m = cnn(1);
        Sequential mp = MixedPrecision.wrap(m, HalfPrecision.BFLOAT16);
        Training t = train(mp, () -> MixedPrecision.strip(mp), new Adam(1e-3), options.epochs(),
                "bf16 mixed-precision training");
        // the bf16 model also evaluated with its bf16 forward pass
        double accBf16Forward = accuracy(mp);
        log.printf(Locale.ROOT, "bf16: test accuracy %.4f (float32 inference), %.4f (bf16 inference)%n", t.accuracy(),
                accBf16Forward);
        // fp16 with dynamic loss scaling: one epoch, to report the scale and the skipped steps
        Cambium.seed(options.seed());
        LossScaleOptimizer scaler = new LossScaleOptimizer(new Adam(1e-3));
        Sequential fp = MixedPrecision.wrap(cnn(1), HalfPrecision.FLOAT16, scaler);
        compile(fp, scaler);
        fp.fit(xTrain, yTrain, FitConfig.epochs(1).batchSize(64).quiet().callbacks(epochs("fp16 training")));
        double fpAcc = accuracy(MixedPrecision.strip(fp));
        log.printf(Locale.ROOT, "fp16 (1 epoch, dynamic loss scaling): accuracy %.4f, %d steps skipped, final scale %.0f%n",
                fpAcc, scaler.skippedSteps(), scaler.scale());
        assert mp.layers().get(0) instanceof HalfCompute;
        return new MixedPrecisionRun(t, accBf16Forward, fpAcc, scaler.skippedSteps(), scaler.scale());
    }

    private Sparse prune(Sequential base) {
        Sequential copy = Models.mapLayers(base, Models::copy);
        Sequential pruned = Pruning.wrap(copy);
        compile(pruned, new Adam(1e-4));
        long steps = (long) options.fineTuneEpochs() * ((xTrain.dim(0) + 63) / 64);
        // reach the target at 60 % of fine-tuning, then train the survivors at constant sparsity
        PruningSchedule schedule = PruningSchedule.polynomialDecay(0.0, 0.8, 0, (long) (steps * 0.6), 3,
                Math.max(1, (int) (steps / 50)));
        pruned.fit(xTrain, yTrain, FitConfig.epochs(options.fineTuneEpochs()).batchSize(64).quiet()
                .callbacks(new UpdatePruningStep(pruned, schedule, true), epochs("pruning")));
        Sequential sparse = Pruning.strip(pruned);
        double acc = accuracy(sparse);
        double sparsity = Pruning.sparsity(sparse);
        log.printf(Locale.ROOT, "80%% global magnitude pruning + %d fine-tuning epochs: sparsity %.4f, test accuracy %.4f%n",
                options.fineTuneEpochs(), sparsity, acc);
        return new Sparse(sparsity, acc, options.fineTuneEpochs());
    }

    private Channels channels(Sequential base) {
        Sequential small = ChannelPruning.prune(base, 0.5);
        double before = float32.accuracy();
        double pruned = accuracy(small);
        double[] ms = latency(base, small, 64);
        compile(small, new Adam(1e-3));
        small.fit(xTrain, yTrain, FitConfig.epochs(options.fineTuneEpochs()).batchSize(64).quiet()
                .callbacks(epochs("channel-pruned fine-tuning")));
        double after = accuracy(small);
        Channels r = new Channels(base.countParams(), small.countParams(), Models.flops(base), Models.flops(small), ms[0],
                ms[1], before, pruned, after, options.fineTuneEpochs());
        log.printf(Locale.ROOT, "50%% channel pruning: params %d -> %d, FLOPs %d -> %d, batch-64 %.2f -> %.2f ms, accuracy "
                + "%.4f -> %.4f (pruned) -> %.4f (after %d fine-tuning epochs)%n", r.paramsBefore(), r.paramsAfter(),
                r.flopsBefore(), r.flopsAfter(), ms[0], ms[1], before, pruned, after, options.fineTuneEpochs());
        return r;
    }

    private Distillation distill(Sequential teacher) {
        int n = options.studentSamples() > 0 ? Math.min(options.studentSamples(), xTrain.dim(0)) : xTrain.dim(0);
        Tensor xs = xTrain.narrow(0, 0, n);
        int[] ys = Arrays.copyOf(yTrain, n);
        double teacherAcc = float32.accuracy();
        // no log line here: the lab counts this experiment's lines for its progress bar (one per
        // student seed and one for the summary)
        double loadBefore = StudentTraining.loadAverage();
        List<Long> seeds = new ArrayList<>();
        List<Double> alone = new ArrayList<>();
        List<Double> distilled = new ArrayList<>();
        long studentParams = 0;
        long[] wall = new long[2];
        long[] cpu = new long[2];
        for (int s = 0; s < options.seeds(); s++) {
            long seed = options.seed() + 100 + s;
            seeds.add(seed);
            Cambium.seed(seed);
            Sequential a = cnn(0.5);
            studentParams = a.countParams();
            long w0 = System.nanoTime();
            long c0 = StudentTraining.processCpuNanos();
            StudentTraining.alone(a, xs, ys, options.studentEpochs(), e -> advance("student " + seed + " alone, epoch " + e));
            wall[0] += System.nanoTime() - w0;
            cpu[0] += StudentTraining.processCpuNanos() - c0;
            alone.add(accuracy(a));
            Cambium.seed(seed);
            Sequential d = cnn(0.5);
            w0 = System.nanoTime();
            c0 = StudentTraining.processCpuNanos();
            StudentTraining.distilled(teacher, d, xs, ys, distillAlpha, distillTemperature, options.studentEpochs(),
                    e -> advance("student " + seed + " distilled, epoch " + e));
            wall[1] += System.nanoTime() - w0;
            cpu[1] += StudentTraining.processCpuNanos() - c0;
            distilled.add(accuracy(d));
            log.printf(Locale.ROOT, "student seed %d: alone %.4f, distilled %.4f%n", seed, alone.get(s), distilled.get(s));
        }
        Distillation r = new Distillation(teacher.countParams(), studentParams, distillAlpha, distillTemperature, seeds,
                alone, distilled, teacherAcc, xTrain.dim(0), n, options.studentEpochs(), wall[0] / 1e9, wall[1] / 1e9,
                cpu[0] / 1e9, cpu[1] / 1e9, loadBefore, StudentTraining.loadAverage());
        log.printf(Locale.ROOT, "distillation (student %d params = %.4f of the teacher's %d, teacher accuracy %.4f on %d "
                + "images, students %d epochs on %d, alpha %s, temperature %s): alone %.4f, distilled %.4f (mean of %d seeds, "
                + "distilled ahead in %d); training %.0f s wall / %.0f s CPU alone, %.0f s / %.0f s distilled, load %.2f -> "
                + "%.2f%n", studentParams, (double) studentParams / r.teacherParams(), r.teacherParams(), teacherAcc,
                xTrain.dim(0), options.studentEpochs(), n, distillAlpha, distillTemperature,
                r.aloneMean(), r.distilledMean(), options.seeds(), r.distilledWins(), r.aloneWallSeconds(),
                r.aloneCpuSeconds(), r.distilledWallSeconds(), r.distilledCpuSeconds(), r.loadBefore(), r.loadAfter());
        return r;
    }

    private static double mean(List<Double> v) {
        double s = 0;
        for (double x : v) {
            s += x;
        }
        return s / v.size();
    }

    /** Layers of a model, for reports. */
    static List<String> describe(Model m) {
        List<String> out = new ArrayList<>();
        for (Layer l : m.layers()) {
            out.add(l.describe());
        }
        return out;
    }

    /**
     * Runs the experiment and prints the figures. Arguments: {@code --quick N} (N training images,
     * one epoch), {@code --samples N} (N training images, the full run's epochs), {@code --parts
     * quantize,bf16,prune,channels,distill}, {@code --seed S}, {@code --distillation ALPHA,T},
     * {@code --students N,E} (students trained E epochs on the first N images, 0 = all). Without
     * them: {@link Options#full()} with {@link #DISTILLATION_ALPHA} and {@link #DISTILLATION_TEMPERATURE}.
     */
    public static void main(String[] args) {
        Options o = Options.full();
        double alpha = DISTILLATION_ALPHA;
        double temperature = DISTILLATION_TEMPERATURE;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--quick" -> o = Options.quick(Integer.parseInt(args[++i])).parts(o.parts().toArray(new String[0]))
                        .seed(o.seed());
                case "--samples" -> o = o.samples(Integer.parseInt(args[++i]), o.testSamples());
                case "--parts" -> o = o.parts(args[++i].split(","));
                case "--seed" -> o = o.seed(Long.parseLong(args[++i]));
                case "--distillation" -> {
                    String[] v = args[++i].split(",");
                    alpha = Double.parseDouble(v[0]);
                    temperature = Double.parseDouble(v[1]);
                }
                case "--students" -> {
                    String[] v = args[++i].split(",");
                    o = o.students(Integer.parseInt(v[0]), Integer.parseInt(v[1]));
                }
                default -> throw new IllegalArgumentException("unknown argument " + args[i] + " (--quick N, --samples N, "
                        + "--parts quantize,bf16,prune,channels,distill, --seed S, --distillation ALPHA,T, --students N,E)");
            }
        }
        CompressionExperiment e = new CompressionExperiment(o, System.out).distillation(alpha, temperature)
                .progress((what, done) -> System.out.printf(Locale.ROOT, "  [%3.0f %%] %s%n", 100 * done, what));
        Figures f = e.run();
        System.out.println();
        System.out.println(f);
    }
}
