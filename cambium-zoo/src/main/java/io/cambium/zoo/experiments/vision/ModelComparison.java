package io.cambium.zoo.experiments.vision;

import io.cambium.Cambium;
import io.cambium.data.loaders.FashionMnist;
import io.cambium.nn.Model;
import io.cambium.tensor.Tensor;
import io.cambium.tensor.autograd.NoGrad;
import io.cambium.zoo.training.ImageTraining;
import io.cambium.zoo.training.LabelledImages;
import io.cambium.zoo.vision.ImageClassifier;
import io.cambium.zoo.vision.MobileNetV2;
import io.cambium.zoo.vision.ResNet;
import io.cambium.zoo.weights.Pretrained;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Architectures side by side on Fashion-MNIST: parameters, FLOPs per image (from the summary),
 * test accuracy, and inference latency at batch 1 and 64 measured in the same run, the models'
 * repetitions alternating so that a change of the machine's speed affects them alike. A model with
 * registry weights uses them; the others are trained with the zoo's recipe.
 */
public final class ModelComparison {
    /**
     * One model of the comparison.
     *
     * @param label   the name in the tables
     * @param builder the architecture
     * @param weights a registry name, or {@code null} to train with the options' budget
     */
    public record Candidate(String label, Supplier<ImageClassifier<?>> builder, String weights) {
    }

    /** The settings of a comparison. */
    public static final class Options {
        List<Candidate> candidates = new ArrayList<>(List.of(
                new Candidate("ResNet-8 (width 32)", () -> ResNet.small(8).width(32), "resnet8-w32-fashion-mnist"),
                new Candidate("MobileNetV2 (alpha 0.35)", () -> MobileNetV2.small().alpha(0.35),
                        "mobilenetv2-a035-fashion-mnist")));
        int trainEpochs = 3;
        int trainImages = 60_000;
        int testImages = 10_000;
        int repetitions = 20;
        int[] batches = {1, 64};
        long seed = 42;
        boolean registry = true;
        EpochProgress progress = EpochProgress.NONE;

        /** The registry's ResNet-8 (width 32) against its MobileNetV2 (alpha 0.35), 20 timed repetitions per batch size. */
        public static Options defaults() {
            return new Options();
        }

        /** The models to compare. */
        public Options candidates(Candidate... c) {
            candidates = new ArrayList<>(List.of(c));
            return this;
        }

        /** The budget for models without registry weights: epochs and training images. */
        public Options training(int epochs, int images) {
            trainEpochs = epochs;
            trainImages = images;
            return this;
        }

        /**
         * Whether models with registry weights use them (default true); false trains every model
         * here with the {@link #training} budget, the same for all.
         */
        public Options registryWeights(boolean use) {
            registry = use;
            return this;
        }

        /** Test images for the accuracy (default all 10,000). */
        public Options testImages(int n) {
            testImages = n;
            return this;
        }

        /** Timed repetitions per model and batch size (default 20), after 3 untimed ones. */
        public Options repetitions(int n) {
            repetitions = n;
            return this;
        }

        public Options progress(EpochProgress p) {
            progress = p;
            return this;
        }
    }

    private ModelComparison() {
    }

    /** Runs the comparison on the standard Fashion-MNIST copy. */
    public static ExperimentReport run(Options o) {
        return run(o, FashionMnist.load());
    }

    /** Runs the comparison on the given data. */
    public static ExperimentReport run(Options o, FashionMnist.Data data) {
        LabelledImages train = LabelledImages.of(data.xTrain(), data.yTrain()).first(o.trainImages);
        LabelledImages test = LabelledImages.of(data.xTest(), data.yTest()).first(o.testImages);
        int toTrain = 0;
        for (Candidate c : o.candidates) {
            toTrain += c.weights() == null || !o.registry ? 1 : 0;
        }
        o.progress.total(Math.max(1, toTrain * o.trainEpochs));
        List<Model> models = new ArrayList<>();
        List<String> how = new ArrayList<>();
        List<Double> accuracy = new ArrayList<>();
        for (Candidate c : o.candidates) {
            Cambium.seed(o.seed);
            ImageClassifier<?> b = c.builder().get();
            Model m;
            if (c.weights() != null && o.registry) {
                m = b.weights(c.weights()).build();
                Pretrained p = Pretrained.get(c.weights());
                how.add("registry '" + p.name() + "' (" + p.recipe().epochs() + " epochs on " + p.dataset() + ")");
            } else {
                m = b.build();
                new ImageTraining().epochs(o.trainEpochs).seed(o.seed).evaluateEachEpoch(false).out(null)
                        .callbacks(o.progress.epochs(c.label())).run(m, train.x(), train.y(), test.x(), test.y());
                how.add("trained here: " + o.trainEpochs + " epochs on " + train.size() + " images");
            }
            models.add(m);
            accuracy.add(test.accuracyOf(m));
        }

        // Latency: repetitions alternate between the models; the median and the minimum are reported.
        Map<Integer, double[][]> millis = new LinkedHashMap<>();
        for (int batch : o.batches) {
            Tensor x = test.x().narrow(0, 0, Math.min(batch, test.size()));
            double[][] t = new double[models.size()][o.repetitions];
            for (int r = -3; r < o.repetitions; r++) {
                for (int i = 0; i < models.size(); i++) {
                    long t0 = System.nanoTime();
                    try (NoGrad g = NoGrad.scope()) {
                        models.get(i).apply(x, false);
                    }
                    double ms = (System.nanoTime() - t0) / 1e6;
                    if (r >= 0) {
                        t[i][r] = ms;
                    }
                }
            }
            millis.put(batch, t);
        }

        List<List<Object>> rows = new ArrayList<>();
        List<List<Object>> latencyRows = new ArrayList<>();
        Map<String, double[]> bars = new LinkedHashMap<>();
        List<String> batchNames = new ArrayList<>();
        for (int batch : o.batches) {
            batchNames.add("batch " + batch);
        }
        for (int i = 0; i < models.size(); i++) {
            Model m = models.get(i);
            String label = o.candidates.get(i).label();
            long flops = m.flops(List.of(new int[] {-1, 28, 28, 1}));
            rows.add(List.of(label, o.candidates.get(i).builder().get().architecture(), m.countParams(), flops,
                    accuracy.get(i), how.get(i)));
            double[] perImage = new double[o.batches.length];
            for (int k = 0; k < o.batches.length; k++) {
                int batch = o.batches[k];
                double[] t = millis.get(batch)[i];
                double median = median(t);
                latencyRows.add(List.of(label, batch, median, Arrays.stream(t).min().orElse(0), 1000.0 * batch / median));
                perImage[k] = median / batch;
            }
            bars.put(label, perImage);
        }
        Map<String, ExperimentReport.Png> pngs = new LinkedHashMap<>();
        pngs.put("latency", new ExperimentReport.Png("Median inference time per image at each batch size.",
                Charts.bars("Inference time per image", "milliseconds per image", batchNames, bars, 0, 0)));

        List<ExperimentReport.Claim> claims = new ArrayList<>();
        List<String> obs = new ArrayList<>();
        if (models.size() == 2) {
            double flopRatio = (double) models.get(0).flops(List.of(new int[] {-1, 28, 28, 1}))
                    / models.get(1).flops(List.of(new int[] {-1, 28, 28, 1}));
            double paramRatio = (double) models.get(0).countParams() / models.get(1).countParams();
            double latencyRatio = median(millis.get(o.batches[o.batches.length - 1])[0])
                    / median(millis.get(o.batches[o.batches.length - 1])[1]);
            String a = o.candidates.get(0).label();
            String b = o.candidates.get(1).label();
            obs.add(String.format(Locale.ROOT, "%s has %.2fx the parameters and %.2fx the FLOPs of %s; its inference at"
                    + " batch %d takes %.2fx the time; test accuracy %.4f against %.4f.", a, paramRatio, flopRatio, b,
                    o.batches[o.batches.length - 1], latencyRatio, accuracy.get(0), accuracy.get(1)));
            claims.add(new ExperimentReport.Claim("Fewer FLOPs mean a faster model on this CPU", (flopRatio > 1) == (latencyRatio > 1),
                    String.format(Locale.ROOT, "FLOPs ratio %.2f, time ratio %.2f (%s / %s)", flopRatio, latencyRatio, a, b)));
        }
        String setup = String.format(Locale.ROOT, "Fashion-MNIST from %s; accuracy on %d test images. Latency: the "
                        + "model's forward pass without gradient recording (training off), %d timed repetitions per batch"
                        + " size after 3 untimed ones, the models alternating; %d threads; %s; Java %s.", data.source(),
                test.size(), o.repetitions, io.cambium.tensor.Parallel.threads(), cpu(), System.getProperty("java.version"));
        return new ExperimentReport(setup, List.of(
                new ExperimentReport.Table("Models", List.of("model", "architecture", "parameters", "FLOPs per image",
                        "test accuracy", "weights"), rows),
                new ExperimentReport.Table("Inference latency", List.of("model", "batch", "median ms", "min ms",
                        "images per second"), latencyRows)), pngs, claims, obs);
    }

    static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    /** The CPU model from /proc/cpuinfo, or the architecture when unknown. */
    static String cpu() {
        try {
            for (String line : java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) {
                    return line.substring(line.indexOf(':') + 1).trim();
                }
            }
        } catch (java.io.IOException | RuntimeException e) {
            // not Linux: fall through
        }
        return System.getProperty("os.arch");
    }
}
