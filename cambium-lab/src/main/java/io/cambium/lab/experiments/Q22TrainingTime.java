package io.cambium.lab.experiments;

import io.cambium.Cambium;
import io.cambium.compress.lab.CompressionExperiment;
import io.cambium.lab.Environment;
import io.cambium.lab.Experiment;
import io.cambium.lab.Mode;
import io.cambium.lab.Progress;
import io.cambium.lab.Result;
import io.cambium.lab.Table;
import io.cambium.lab.support.LabData;
import io.cambium.nn.Sequential;
import io.cambium.nn.layers.core.Dense;
import io.cambium.nn.layers.core.Flatten;
import io.cambium.nn.losses.Losses;
import io.cambium.nn.metrics.Metrics;
import io.cambium.nn.optimizers.Adam;
import io.cambium.nn.training.FitConfig;
import io.cambium.nn.training.History;
import io.cambium.plot.BarChart;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * Question 22: shortening training and shrinking models. The batch size's effect on the time of an
 * epoch is measured here; mixed precision, int8 quantization, pruning, channel pruning and
 * distillation come from cambium-compress's entry point for this question
 * ({@link CompressionExperiment}) on the Fashion-MNIST CNN of workload W3.
 */
public final class Q22TrainingTime implements Experiment {
    private static final int[] BATCHES = {16, 64, 256};
    /** Fewer training steps than this are too few to compare step times (the first include the JIT's warm-up). */
    private static final int MIN_TIMED_STEPS = 100;
    /** Progress units of cambium-compress's experiment (it reports the fraction of its training done). */
    private static final int COMPRESSION_UNITS = 100;

    @Override
    public List<Integer> questions() {
        return List.of(22);
    }

    @Override
    public String title() {
        return "Training time and model size: batch size, mixed precision, quantization, pruning and distillation";
    }

    @Override
    public String summary() {
        return "The textbook answer: choose a suitable batch size, train in parallel, use mixed precision, speed up the "
                + "input pipeline, compress the model (pruning, quantization) and start from a pretrained model. The "
                + "experiment measures the time of an epoch at three batch sizes, then trains the Fashion-MNIST CNN of "
                + "workload W3 in float32 and in bf16 mixed precision, quantizes it to int8, prunes 80 % of its weights "
                + "or half of its channels, and distills it into a student a quarter of its size that sees only a tenth "
                + "of the teacher's images (against the same student trained alone on them), measuring accuracy, "
                + "step time, file size and inference latency each time.";
    }

    /**
     * The options this page passes to cambium-compress's experiment in a mode. The distillation
     * follows the acceptance run's design at the lab's budget: the students train on the first tenth
     * of the teacher's images only (the acceptance run: 5,000 of 60,000), for the epochs and with the
     * hard-label weight and temperature that {@code DistillationSelection} chose for the acceptance
     * run on held-out training images (not chosen again at this page's sizes).
     */
    public static CompressionExperiment.Options options(Mode mode) {
        int images = mode.pick(1200, 10_000);
        // quick mode scores on 500 test images: evaluation (int8's above all) is much of a quick run's time
        return new CompressionExperiment.Options(images, mode.pick(500, 0), mode.pick(2, 3), 1,
                CompressionExperiment.FULL_STUDENT_EPOCHS, mode.pick(1, 3), mode.pick(3, 30), 42,
                CompressionExperiment.PARTS, images / 10);
    }

    @Override
    public Result run(Mode mode, long seed, Progress progress) {
        CompressionExperiment.Options options = options(mode);
        int epochs = options.epochs();
        int students = options.seeds();
        int batchImages = mode.pick(1000, 10_000);
        int batchEpochs = mode.pick(2, 3);
        // the batch-size epochs, then cambium-compress's share of its own work in hundredths
        progress.total(BATCHES.length * batchEpochs + COMPRESSION_UNITS);

        Table batch = batchSizes(batchImages, batchEpochs, seed, progress);

        double[] reported = {0};
        CompressionExperiment.Figures f = new CompressionExperiment(options, new PrintStream(new LineMessages(progress),
                true, StandardCharsets.UTF_8))
                .data(LabData.fashionMnist())
                .distillation(CompressionExperiment.DISTILLATION_ALPHA, CompressionExperiment.DISTILLATION_TEMPERATURE)
                .progress((what, done) -> {
                    progress.advance(COMPRESSION_UNITS * (done - reported[0]), what);
                    reported[0] = done;
                })
                .run();
        Map<String, Object> m = figures(f);
        CompressionExperiment.Distillation d = f.distillation();
        int steps = epochs * ((f.trainSamples() + 63) / 64);

        Table training = new Table("Training the W3 CNN: float32 against bf16 mixed precision (" + plural(epochs, "epoch") + " on "
                + m.get("train_samples") + " images)")
                .text("precision").num("ms per step", 1).num("live MiB in a step", 1).num("test accuracy", 4)
                .num("test accuracy, bf16 inference", 4);
        training.row("float32", num(m, "float32_ms_per_step"), mib(m, "float32_live_bytes"), num(m, "float32_accuracy"),
                null);
        training.row("bf16 mixed precision", num(m, "bf16_ms_per_step"), mib(m, "bf16_live_bytes"),
                num(m, "bf16_accuracy"), num(m, "bf16_accuracy_bf16_inference"));
        Table fp16 = new Table("fp16 mixed precision with dynamic loss scaling, one epoch").num("test accuracy", 4)
                .num("skipped steps", 0).num("final loss scale", 0);
        fp16.row(num(m, "fp16_accuracy_1_epoch"), num(m, "fp16_skipped_steps"), num(m, "fp16_final_scale"));

        Table shrink = new Table("Smaller models from the trained float32 CNN (no retraining unless stated)")
                .text("model").num("parameters", 0).num("FLOPs per image", 0).num("zero weights", 3)
                .num("file bytes", 0).num("file / float32 file", 3).num("test accuracy", 4);
        double f32Bytes = num(m, "float32_file_bytes");
        shrink.row("float32", num(m, "float32_params"), num(m, "channels50_flops_before"), 0.0, f32Bytes, 1.0,
                num(m, "float32_accuracy"));
        shrink.row("int8, min-max calibration", num(m, "float32_params"), num(m, "channels50_flops_before"), null,
                num(m, "int8_file_bytes"), num(m, "int8_file_bytes") / f32Bytes, num(m, "int8_minmax_accuracy"));
        shrink.row("int8, 99.99th-percentile calibration", num(m, "float32_params"), num(m, "channels50_flops_before"),
                null, null, null, num(m, "int8_percentile(99.99)_accuracy"));
        shrink.row("80 % magnitude pruning, fine-tuned 1 epoch", num(m, "float32_params"), null,
                num(m, "pruned80_sparsity"), null, null, num(m, "pruned80_accuracy"));
        shrink.row("50 % of the channels removed", num(m, "channels50_params_after"), num(m, "channels50_flops_after"),
                null, null, null, num(m, "channels50_accuracy_pruned"));
        shrink.row("50 % of the channels removed, fine-tuned 1 epoch", num(m, "channels50_params_after"),
                num(m, "channels50_flops_after"), null, null, null, num(m, "channels50_accuracy_finetuned"));

        Table latency = new Table("Batch-64 inference, median of alternating repetitions (each pair measured together)")
                .text("pair").num("float32 ms", 2).num("other ms", 2).num("speed-up", 2);
        double f1 = num(m, "float32_batch64_ms");
        double q1 = num(m, "int8_batch64_ms");
        double f2 = num(m, "channels50_batch64_ms_before");
        double c2 = num(m, "channels50_batch64_ms_after");
        latency.row("float32 / int8", f1, q1, f1 / q1);
        latency.row("float32 / 50 % channels", f2, c2, f2 / c2);

        Table pair = new Table("Distillation: the teacher and its student").text("model").num("parameters", 0)
                .num("share of the teacher's", 4).num("training images", 0).num("epochs", 0)
                .num("test accuracy", 4);
        pair.row("teacher (the float32 CNN)", d.teacherParams(), 1.0, d.teacherSamples(), epochs, d.teacherAccuracy());
        pair.row("student (half the width)", d.studentParams(), (double) d.studentParams() / d.teacherParams(),
                d.studentSamples(), d.studentEpochs(), null);
        Table distill = new Table("The same student trained alone and distilled (alpha " + plain(d.alpha())
                + ", T " + plain(d.temperature()) + "; each seed: same initial weights and batches)")
                .text("seed").num("student alone", 4).num("student distilled", 4).num("difference, points", 2)
                .num("training CPU-s alone", 1).num("training CPU-s distilled", 1);
        for (int i = 0; i < d.seeds().size(); i++) {
            distill.row(Long.toString(d.seeds().get(i)), d.alone().get(i), d.distilled().get(i),
                    100 * (d.distilled().get(i) - d.alone().get(i)), null, null);
        }
        int meanRow = distill.rowCount();
        distill.row(d.seeds().size() == 1 ? "the seed" : "mean of " + d.seeds().size(), d.aloneMean(),
                d.distilledMean(), 100 * (d.distilledMean() - d.aloneMean()), d.aloneCpuSeconds(),
                d.distilledCpuSeconds());

        Result.Builder out = Result.builder()
                .setup("Batch size: " + LabData.fashion(batchImages, 0, 2000, seed).describe() + "; MLP (Flatten, Dense "
                        + "256 ReLU, Dense 10 softmax), Adam 1e-3, " + batchEpochs + " epochs at each batch size; "
                        + "the CPU time of the process per epoch (what the training computed; the wall time on a shared "
                        + "machine also measures the other programs). Compression: cambium-compress's "
                        + "CompressionExperiment (its entry point for this question) on Fashion-MNIST from " + m.get("data")
                        + ": the W3 CNN (Conv 32, pool, Conv 64, pool, Dense 128, Dense 10) trained on the first "
                        + m.get("train_samples") + " training images for " + epochs + " epochs (Adam 1e-3, batch 64) in "
                        + "float32 and as bf16 mixed precision; int8 post-training quantization calibrated on 1,000 "
                        + "images; 80 % global magnitude pruning reached over one fine-tuning epoch; 50 % of the "
                        + "channels removed by L1 norm; distillation into the half-width CNN (a quarter of the "
                        + "parameters), trained on the first " + d.studentSamples() + " of the teacher's "
                        + d.teacherSamples() + " images for " + plural(d.studentEpochs(), "epoch") + " (Adam 1e-3, batch "
                        + "64), alone and distilled from the float32 CNN, for " + plural(students, "seed") + ". The "
                        + "design is the acceptance run's (students on 5,000 of the teacher's 60,000 images, "
                        + "where soft targets carry what the teacher learnt from the images the students never see), "
                        + "at this page's size; the epochs, the hard-label weight and the temperature are the ones "
                        + "cambium-compress's DistillationSelection chose for it on held-out training images, never "
                        + "the test set, and are not chosen again here; accuracy on " + (options.testSamples() == 0 ? "the 10,000" : "the first " + options.testSamples()) + " test images. cambium-compress seeds its "
                        + "own runs (42 for the CNNs, 142 and up for the students); the lab's seed draws the batch-size "
                        + "data and weights. Kernels: " + m.get("kernels") + ".")
                .table(batch).table(training).table(fp16).table(shrink).table(latency).table(pair).table(distill);
        out.plot("batch", "CPU seconds per epoch at each batch size.", new BarChart("CPU seconds per epoch")
                .categories(batch.text(0, 0), batch.text(1, 0), batch.text(2, 0))
                .series("CPU-s per epoch", new double[] {batch.value(0, 2), batch.value(1, 2), batch.value(2, 2)})
                .yLabel("CPU seconds").png());

        out.check("A larger batch shortens an epoch", batch.value(2, 2) < batch.value(0, 2),
                "An epoch took " + batch.text(0, 2) + " CPU-s at batch 16, " + batch.text(1, 2) + " at 64 and "
                        + batch.text(2, 2) + " at 256 (" + batch.text(0, 1) + ", " + batch.text(1, 1) + " and "
                        + batch.text(2, 1) + " steps); after the same " + batchEpochs + " epochs the test accuracy was "
                        + batch.text(0, 5) + ", " + batch.text(1, 5) + " and " + batch.text(2, 5) + ".");
        String stepTimes = "A bf16 mixed-precision step took " + training.text(1, 1) + " ms against "
                + training.text(0, 1) + " ms in float32";
        if (steps >= MIN_TIMED_STEPS) {
            out.check("Mixed precision (bf16) makes a training step faster",
                    training.value(1, 1) < training.value(0, 1), stepTimes + " (" + steps + " steps each).");
        } else {
            out.observed(stepTimes + ", over only " + steps + " steps each (the first ones include the JIT's "
                    + "warm-up): too few to compare; the full mode times " + MIN_TIMED_STEPS + " steps or more.");
        }
        out.check("Mixed precision keeps the accuracy (loses at most 0.01)",
                training.value(1, 3) >= training.value(0, 3) - 0.01,
                "Test accuracy " + training.text(1, 3) + " with bf16 training against " + training.text(0, 3)
                        + " in float32 (" + training.text(1, 4) + " when inference runs in bf16 too).");
        out.check("int8 quantization makes the model file about 4 times smaller", shrink.value(1, 5) <= 1.0 / 3,
                "The model file shrank from " + shrink.text(0, 4) + " to " + shrink.text(1, 4) + " bytes ("
                        + shrink.text(1, 5) + " of the float32 file).");
        out.check("int8 quantization keeps the accuracy (loses at most 0.01)",
                shrink.value(1, 6) >= shrink.value(0, 6) - 0.01,
                "Test accuracy " + shrink.text(1, 6) + " (min-max) and " + shrink.text(2, 6)
                        + " (percentile) against " + shrink.text(0, 6) + " in float32.");
        out.check("int8 inference is faster than float32", latency.value(0, 3) > 1,
                "Batch-64 inference took " + latency.text(0, 2) + " ms in int8 against " + latency.text(0, 1)
                        + " ms in float32 (speed-up " + latency.text(0, 3) + ").");
        out.check("Pruning 80 % of the weights keeps the accuracy (loses at most 0.01) after fine-tuning",
                shrink.value(3, 6) >= shrink.value(0, 6) - 0.01,
                "With " + shrink.text(3, 3) + " of the weights zero the test accuracy is " + shrink.text(3, 6)
                        + " against " + shrink.text(0, 6) + ".");
        out.check("Removing half the channels makes inference faster", latency.value(1, 3) > 1,
                "Parameters " + shrink.text(0, 1) + " to " + shrink.text(4, 1) + ", FLOPs " + shrink.text(0, 2) + " to "
                        + shrink.text(4, 2) + ", batch-64 inference " + latency.text(1, 1) + " to " + latency.text(1, 2)
                        + " ms; test accuracy " + shrink.text(4, 6) + " right after, " + shrink.text(5, 6)
                        + " after fine-tuning, against " + shrink.text(0, 6) + ".");
        out.check("Distillation makes a small student more accurate than training it alone",
                distill.value(meanRow, 2) > distill.value(meanRow, 1),
                "The student (" + pair.text(1, 1) + " parameters, " + pair.text(1, 2) + " of the teacher's) trained on "
                        + pair.text(1, 3) + " of the teacher's " + pair.text(0, 3) + " images reached "
                        + distill.text(meanRow, 2) + " distilled against " + distill.text(meanRow, 1) + " alone ("
                        + (d.seeds().size() == 1 ? "one seed" : "mean of " + d.seeds().size() + " seeds") + ", "
                        + signed(distill.text(meanRow, 3)) + " points; distilled ahead on " + d.distilledWins() + " of "
                        + plural(d.seeds().size(), "seed") + "); the teacher scores " + pair.text(0, 5) + ".");
        out.observed("Distillation costs the teacher's forward pass at every step: training the students took "
                + distill.text(meanRow, 5) + " CPU-s distilled against " + distill.text(meanRow, 4) + " CPU-s alone.");
        out.note("Cambium's mixed precision rounds values to 16 bits around float32 kernels "
                + "(docs/decisions/mixed-precision.md): on this CPU it shows what 16 bits do to accuracy and loss "
                + "scaling; time and memory savings need 16-bit hardware kernels.");
        out.note("Parallel and multi-GPU training and transfer learning (question 7) are not part of this page.");
        return out.build();
    }

    /** One MLP per batch size, the same data and initial weights; CPU and wall time per epoch. */
    private static Table batchSizes(int images, int epochs, long seed, Progress progress) {
        LabData.Split data = LabData.fashion(images, 0, 2000, seed);
        Table t = new Table("Batch size and the time of an epoch (MLP, " + data.yTrain().length + " images, " + epochs
                + " epochs)").text("batch").num("steps per epoch", 0).num("CPU-s per epoch", 2)
                .num("wall s per epoch", 2).num("final train loss", 3).num("test accuracy", 3);
        for (int b : BATCHES) {
            Cambium.seed(seed);
            Sequential model = new Sequential(new Flatten().inputShape(28, 28, 1), new Dense(256).activation("relu"),
                    new Dense(10).activation("softmax"));
            model.compile(new Adam(1e-3), Losses.sparseCategoricalCrossentropy(), Metrics.accuracy());
            double cpu0 = Environment.processCpuSeconds();
            long t0 = System.nanoTime();
            History h = model.fit(data.xTrain(), data.yTrain(), FitConfig.epochs(epochs).batchSize(b).quiet()
                    .callbacks(progress.epochs("batch " + b)));
            double cpu = (Environment.processCpuSeconds() - cpu0) / epochs;
            double wall = (System.nanoTime() - t0) / 1e9 / epochs;
            double acc = model.evaluate(data.xTest(), data.yTest()).get("accuracy");
            t.row("batch " + b, (data.yTrain().length + b - 1) / b, cpu, wall, h.last("loss"), acc);
        }
        return t;
    }

    /** A setting as written in the literature ("0.5", "2"). */
    private static String plain(double v) {
        return java.math.BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
    }

    /** A difference with its sign ("+1.61", "-0.20"). */
    private static String signed(String number) {
        return number.startsWith("-") ? number : "+" + number;
    }

    private static String plural(int n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }

    /** cambium-compress's figures under the names this page's tables use (the distillation's are read directly). */
    private static Map<String, Object> figures(CompressionExperiment.Figures f) {
        Map<String, Object> m = new java.util.LinkedHashMap<>();
        m.put("data", f.data());
        m.put("kernels", f.kernels());
        m.put("train_samples", f.trainSamples());
        m.put("float32_ms_per_step", f.float32().msPerStep());
        m.put("float32_live_bytes", f.float32().peakLiveBytes());
        m.put("float32_accuracy", f.float32().accuracy());
        m.put("float32_params", f.float32().params());
        var mp = f.mixedPrecision();
        m.put("bf16_ms_per_step", mp.bf16().msPerStep());
        m.put("bf16_live_bytes", mp.bf16().peakLiveBytes());
        m.put("bf16_accuracy", mp.bf16().accuracy());
        m.put("bf16_accuracy_bf16_inference", mp.bf16InferenceAccuracy());
        m.put("fp16_accuracy_1_epoch", mp.fp16OneEpochAccuracy());
        m.put("fp16_skipped_steps", mp.fp16SkippedSteps());
        m.put("fp16_final_scale", mp.fp16FinalScale());
        var q = f.int8();
        m.put("float32_file_bytes", q.float32FileBytes());
        m.put("int8_file_bytes", q.int8FileBytes());
        m.put("int8_minmax_accuracy", q.minMaxAccuracy());
        m.put("int8_percentile(99.99)_accuracy", q.percentileAccuracy());
        m.put("float32_batch64_ms", q.float32Batch64Ms());
        m.put("int8_batch64_ms", q.int8Batch64Ms());
        m.put("pruned80_sparsity", f.pruning().sparsity());
        m.put("pruned80_accuracy", f.pruning().accuracy());
        var c = f.channels();
        m.put("channels50_flops_before", c.flopsBefore());
        m.put("channels50_params_after", c.paramsAfter());
        m.put("channels50_flops_after", c.flopsAfter());
        m.put("channels50_accuracy_pruned", c.accuracyPruned());
        m.put("channels50_accuracy_finetuned", c.accuracyFineTuned());
        m.put("channels50_batch64_ms_before", c.batch64MsBefore());
        m.put("channels50_batch64_ms_after", c.batch64MsAfter());
        return m;
    }

    private static double num(Map<String, Object> m, String key) {
        Object v = m.get(key);
        if (!(v instanceof Number n)) {
            throw new IllegalStateException("cambium-compress's experiment did not report '" + key + "' (it has "
                    + m.keySet() + ")");
        }
        return n.doubleValue();
    }

    private static double mib(Map<String, Object> m, String key) {
        return num(m, key) / (1024.0 * 1024.0);
    }

    /** Each line cambium-compress logs becomes the progress message (its progress listener advances the bar). */
    private static final class LineMessages extends OutputStream {
        private final Progress progress;
        private final ByteArrayOutputStream line = new ByteArrayOutputStream();

        LineMessages(Progress progress) {
            this.progress = progress;
        }

        @Override
        public synchronized void write(int b) {
            if (b == '\n') {
                progress.message(line.toString(StandardCharsets.UTF_8).strip());
                line.reset();
            } else {
                line.write(b);
            }
        }
    }
}
