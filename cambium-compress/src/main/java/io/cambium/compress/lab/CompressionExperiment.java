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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Seed question 22 ("how do I shorten training and shrink models?") as one experiment on the
 * Fashion-MNIST CNN of workload W3 (Conv 32, pool, Conv 64, pool, Dense 128, Dense 10, logits):
 * int8 post-training quantization (accuracy, file size, batch-64 latency against float32 in the
 * same run), bf16 mixed-precision training (accuracy, step time, live memory), 80 % global magnitude
 * pruning with fine-tuning, 50 % structured channel pruning (parameters, FLOPs, latency, accuracy),
 * and distillation into a student a quarter of the size (against the same student alone, over
 * seeds). Every number comes from {@link #run}; {@link #main} prints them.
 *
 * <p>Each part can run alone ({@link Options#parts}); small options make a quick run on the
 * embedded subset for tests, the defaults the acceptance run on the full data set.
 */
public final class CompressionExperiment {
    /**
     * The run's size.
     *
     * @param trainSamples training images used (0 = all)
     * @param epochs epochs of the float and bf16 trainings
     * @param fineTuneEpochs epochs of fine-tuning after pruning
     * @param studentEpochs epochs of each student training
     * @param seeds seeds of the distillation comparison
     * @param latencyRepetitions timed batch-64 forward passes per side (alternating)
     * @param parts which parts to run: any of quantize, bf16, prune, channels, distill
     */
    public record Options(int trainSamples, int epochs, int fineTuneEpochs, int studentEpochs, int seeds,
                          int latencyRepetitions, List<String> parts) {
        /** The acceptance run: full data, 3 epochs, 3 seeds. */
        public static Options full() {
            return new Options(0, 3, 2, 3, 3, 60, List.of("quantize", "bf16", "prune", "channels", "distill"));
        }

        /** A small run for tests: {@code samples} training images, 1 epoch, 1 seed. */
        public static Options quick(int samples) {
            return new Options(samples, 1, 1, 1, 1, 3, List.of("quantize", "bf16", "prune", "channels", "distill"));
        }

        /** The same options for other parts. */
        public Options parts(String... names) {
            return new Options(trainSamples, epochs, fineTuneEpochs, studentEpochs, seeds, latencyRepetitions,
                    List.of(names));
        }
    }

    private final Options options;
    private final PrintStream log;
    private final Map<String, Object> results = new LinkedHashMap<>();
    private Tensor xTrain;
    private int[] yTrain;
    private Tensor xTest;
    private int[] yTest;

    /** An experiment with these options, logging progress to {@code log}. */
    public CompressionExperiment(Options options, PrintStream log) {
        this.options = options;
        this.log = log;
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

    /** Runs the chosen parts and returns every figure by name (accuracies in [0, 1], times in ms, sizes in bytes). */
    public Map<String, Object> run() {
        load();
        results.put("cpu", cpu());
        results.put("jdk", System.getProperty("java.version"));
        results.put("kernels", Kernels.describe() + ", int8 " + Int8Gemm.inUse().name());
        results.put("train_samples", xTrain.dim(0));
        Sequential base = null;
        if (needs("quantize", "prune", "channels", "distill")) {
            base = trainFloat();
        }
        if (options.parts().contains("quantize")) {
            quantize(base);
        }
        if (options.parts().contains("bf16")) {
            bf16();
        }
        if (options.parts().contains("prune")) {
            prune(base);
        }
        if (options.parts().contains("channels")) {
            channels(base);
        }
        if (options.parts().contains("distill")) {
            distill(base);
        }
        return results;
    }

    private boolean needs(String... parts) {
        for (String p : parts) {
            if (options.parts().contains(p)) {
                return true;
            }
        }
        return false;
    }

    private void load() {
        FashionMnist.Data d = FashionMnist.load();
        xTrain = d.xTrain();
        yTrain = d.yTrain().toIntArray();
        if (options.trainSamples() > 0 && options.trainSamples() < xTrain.dim(0)) {
            xTrain = xTrain.narrow(0, 0, options.trainSamples());
            yTrain = java.util.Arrays.copyOf(yTrain, options.trainSamples());
        }
        xTest = d.xTest();
        yTest = d.yTest().toIntArray();
        results.put("data", d.source());
        log.println("data: " + d.source() + ", " + xTrain.dim(0) + " training and " + xTest.dim(0) + " test images");
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
        return System.getProperty("os.arch");
    }

    /** Test accuracy of a model with logits or probabilities. */
    public double accuracy(Model m) {
        Tensor out;
        try (NoGrad g = NoGrad.scope()) {
            out = m.predict(xTest, 256);
        }
        int[] pred = out.argmax(-1, false).toIntArray();
        int ok = 0;
        for (int i = 0; i < pred.length; i++) {
            if (pred[i] == yTest[i]) {
                ok++;
            }
        }
        return (double) ok / pred.length;
    }

    private record Training(Sequential model, double msPerStep, long peakLiveBytes) {
    }

    /** Trains {@code trained} (possibly a wrapped model) and measures step time and live memory. */
    private Training train(Sequential trained, io.cambium.nn.optimizers.Optimizer opt, int epochs, String what) {
        compile(trained, opt);
        MemoryProbe probe = new MemoryProbe();
        long before = MemoryProbe.liveBytes();
        // one instrumented step: live heap after the forward pass (the graph holds the activations)
        Tensor xb = xTrain.narrow(0, 0, 64);
        Tensor yb = Tensor.of(java.util.Arrays.copyOf(yTrain, 64));
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
        trained.fit(xTrain, yTrain, FitConfig.epochs(epochs).batchSize(64).quiet());
        long ns = System.nanoTime() - t0;
        int steps = epochs * ((xTrain.dim(0) + 63) / 64);
        double ms = ns / 1e6 / steps;
        log.printf("%s: %.2f ms/step, live heap %d KiB above the %d KiB before training%n", what, ms,
                (probe.peak() - before) / 1024, before / 1024);
        return new Training(trained, ms, probe.peak() - before);
    }

    private Sequential trainFloat() {
        Cambium.seed(42);
        Sequential m = cnn(1);
        Training t = train(m, new Adam(1e-3), options.epochs(), "float32 training");
        double acc = accuracy(m);
        results.put("float32_accuracy", acc);
        results.put("float32_ms_per_step", t.msPerStep());
        results.put("float32_live_bytes", t.peakLiveBytes());
        results.put("float32_params", m.countParams());
        log.printf("float32: test accuracy %.4f%n", acc);
        return m;
    }

    private void quantize(Sequential base) {
        Tensor calib = xTrain.narrow(0, 0, Math.min(1000, xTrain.dim(0)));
        for (Calibration c : new Calibration[] {Calibration.minMax(), Calibration.percentile(99.99)}) {
            Sequential q = PostTrainingQuantization.quantize(base, calib, c);
            double acc = accuracy(q);
            results.put("int8_" + c + "_accuracy", acc);
            log.printf("int8 (%s calibration): test accuracy %.4f%n", c, acc);
        }
        Sequential q = PostTrainingQuantization.quantize(base, calib, Calibration.minMax());
        try {
            Path dir = Files.createTempDirectory("cambium-q22");
            Path f32 = dir.resolve("float32.cambium");
            Path i8 = dir.resolve("int8.cambium");
            Sequential plain = Models.mapLayers(base, Models::copy);
            plain.save(f32);
            q.save(i8);
            long a = Files.size(f32);
            long b = Files.size(i8);
            results.put("float32_file_bytes", a);
            results.put("int8_file_bytes", b);
            results.put("int8_file_ratio", (double) a / b);
            log.printf("files: float32 %d bytes (architecture and weights, no optimizer state), int8 %d bytes: %.2fx smaller%n",
                    a, b, (double) a / b);
            Files.delete(f32);
            Files.delete(i8);
            Files.delete(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        double[] ms = latency(base, q, 64);
        results.put("float32_batch64_ms", ms[0]);
        results.put("int8_batch64_ms", ms[1]);
        results.put("int8_speedup", ms[0] / ms[1]);
        log.printf("batch-64 inference, median of %d alternating repetitions: float32 %.2f ms, int8 %.2f ms: %.2fx%n",
                options.latencyRepetitions(), ms[0], ms[1], ms[0] / ms[1]);
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
        java.util.Arrays.sort(ta);
        java.util.Arrays.sort(tb);
        return new double[] {ta[reps / 2], tb[reps / 2]};
    }

    private void bf16() {
        if (!results.containsKey("float32_ms_per_step")) {
            trainFloat();
        }
        Cambium.seed(42);
        Sequential m = cnn(1);
        Sequential mp = MixedPrecision.wrap(m, HalfPrecision.BFLOAT16);
        Training t = train(mp, new Adam(1e-3), options.epochs(), "bf16 mixed-precision training");
        double acc = accuracy(MixedPrecision.strip(mp));
        // the bf16 model also evaluated with its bf16 forward pass
        double accBf16Forward = accuracy(mp);
        results.put("bf16_accuracy", acc);
        results.put("bf16_accuracy_bf16_inference", accBf16Forward);
        results.put("bf16_ms_per_step", t.msPerStep());
        results.put("bf16_live_bytes", t.peakLiveBytes());
        log.printf("bf16: test accuracy %.4f (float32 inference), %.4f (bf16 inference)%n", acc, accBf16Forward);
        // fp16 with dynamic loss scaling: one epoch, to report the scale and the skipped steps
        Cambium.seed(42);
        LossScaleOptimizer scaler = new LossScaleOptimizer(new Adam(1e-3));
        Sequential fp = MixedPrecision.wrap(cnn(1), HalfPrecision.FLOAT16, scaler);
        compile(fp, scaler);
        fp.fit(xTrain, yTrain, FitConfig.epochs(1).batchSize(64).quiet());
        results.put("fp16_accuracy_1_epoch", accuracy(MixedPrecision.strip(fp)));
        results.put("fp16_skipped_steps", scaler.skippedSteps());
        results.put("fp16_final_scale", (double) scaler.scale());
        log.printf("fp16 (1 epoch, dynamic loss scaling): accuracy %.4f, %d steps skipped, final scale %.0f%n",
                results.get("fp16_accuracy_1_epoch"), scaler.skippedSteps(), scaler.scale());
        assert mp.layers().get(0) instanceof HalfCompute;
    }

    private void prune(Sequential base) {
        Sequential copy = Models.mapLayers(base, Models::copy);
        Sequential pruned = Pruning.wrap(copy);
        compile(pruned, new Adam(1e-4));
        long steps = (long) options.fineTuneEpochs() * ((xTrain.dim(0) + 63) / 64);
        // reach the target at 60 % of fine-tuning, then train the survivors at constant sparsity
        PruningSchedule schedule = PruningSchedule.polynomialDecay(0.0, 0.8, 0, (long) (steps * 0.6), 3,
                Math.max(1, (int) (steps / 50)));
        pruned.fit(xTrain, yTrain, FitConfig.epochs(options.fineTuneEpochs()).batchSize(64).quiet()
                .callbacks(new UpdatePruningStep(pruned, schedule, true)));
        Sequential sparse = Pruning.strip(pruned);
        double acc = accuracy(sparse);
        results.put("pruned80_sparsity", Pruning.sparsity(sparse));
        results.put("pruned80_accuracy", acc);
        log.printf("80%% global magnitude pruning + %d fine-tuning epochs: sparsity %.4f, test accuracy %.4f%n",
                options.fineTuneEpochs(), Pruning.sparsity(sparse), acc);
    }

    private void channels(Sequential base) {
        Sequential small = ChannelPruning.prune(base, 0.5);
        double before = accuracy(base);
        double pruned = accuracy(small);
        results.put("channels50_params_before", base.countParams());
        results.put("channels50_params_after", small.countParams());
        results.put("channels50_flops_before", Models.flops(base));
        results.put("channels50_flops_after", Models.flops(small));
        double[] ms = latency(base, small, 64);
        results.put("channels50_batch64_ms_before", ms[0]);
        results.put("channels50_batch64_ms_after", ms[1]);
        results.put("channels50_accuracy_before", before);
        results.put("channels50_accuracy_pruned", pruned);
        compile(small, new Adam(1e-3));
        small.fit(xTrain, yTrain, FitConfig.epochs(options.fineTuneEpochs()).batchSize(64).quiet());
        double after = accuracy(small);
        results.put("channels50_accuracy_finetuned", after);
        log.printf("50%% channel pruning: params %d -> %d, FLOPs %d -> %d, batch-64 %.2f -> %.2f ms, accuracy %.4f -> "
                + "%.4f (pruned) -> %.4f (after %d fine-tuning epochs)%n", base.countParams(), small.countParams(),
                Models.flops(base), Models.flops(small), ms[0], ms[1], before, pruned, after, options.fineTuneEpochs());
    }

    private void distill(Sequential teacher) {
        List<Double> alone = new ArrayList<>();
        List<Double> distilled = new ArrayList<>();
        long teacherParams = teacher.countParams();
        long studentParams = 0;
        for (int s = 0; s < options.seeds(); s++) {
            Cambium.seed(100 + s);
            Sequential a = cnn(0.5);
            studentParams = a.countParams();
            compile(a, new Adam(1e-3));
            a.fit(xTrain, yTrain, FitConfig.epochs(options.studentEpochs()).batchSize(64).quiet());
            alone.add(accuracy(a));
            Cambium.seed(100 + s);
            Sequential d = cnn(0.5);
            new Distiller(teacher, d, new Adam(1e-3)).alpha(0.1).temperature(10)
                    .fit(xTrain, yTrain, options.studentEpochs(), 64);
            distilled.add(accuracy(d));
            log.printf("student seed %d: alone %.4f, distilled %.4f%n", 100 + s, alone.get(s), distilled.get(s));
        }
        results.put("teacher_params", teacherParams);
        results.put("student_params", studentParams);
        results.put("student_alone_accuracies", alone);
        results.put("student_distilled_accuracies", distilled);
        results.put("student_alone_mean", mean(alone));
        results.put("student_distilled_mean", mean(distilled));
        log.printf("distillation (student %d params = %.2f of the teacher's %d): alone %.4f, distilled %.4f (mean of %d seeds)%n",
                studentParams, (double) studentParams / teacherParams, teacherParams, mean(alone), mean(distilled),
                options.seeds());
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
     * one epoch), {@code --parts quantize,bf16,prune,channels,distill}.
     */
    public static void main(String[] args) {
        Options o = Options.full();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--quick" -> o = Options.quick(Integer.parseInt(args[++i])).parts(o.parts().toArray(new String[0]));
                case "--parts" -> o = o.parts(args[++i].split(","));
                default -> throw new IllegalArgumentException("unknown argument " + args[i]
                        + " (--quick N, --parts quantize,bf16,prune,channels,distill)");
            }
        }
        Map<String, Object> r = new CompressionExperiment(o, System.out).run();
        System.out.println();
        r.forEach((k, v) -> System.out.println(k + " = " + v));
    }
}
