package io.cambium.zoo.experiments.vision;

import io.cambium.Cambium;
import io.cambium.data.loaders.FashionMnist;
import io.cambium.nn.Model;
import io.cambium.plot.ConfusionMatrix;
import io.cambium.plot.ConfusionMatrixPlot;
import io.cambium.zoo.training.ImageTraining;
import io.cambium.zoo.training.LabelledImages;
import io.cambium.zoo.vision.ResNet;
import io.cambium.zoo.weights.Pretrain;
import io.cambium.zoo.weights.Pretrained;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Seed question 40 (designing a ResNet): the design axes of the answer measured on Fashion-MNIST
 * with the zoo's small-image ResNets trained the same way: depth (ResNet-8 against ResNet-20),
 * width (16 against 32 filters in the first stage), and BatchNormalization (with and without), each
 * with its parameters, FLOPs (from the summary), time per epoch, training loss and test accuracy.
 * Then the zoo's pretrained ResNet (the acceptance run, trained for 12 epochs on all 60,000 images
 * with augmentation), when the registry has its weights, is evaluated on the test set, with its
 * confusion matrix.
 */
public final class Q40ResNet {
    /** The settings of a run. */
    public static final class Options {
        int trainImages = 6000;
        int testImages = 2000;
        int epochs = 3;
        int batchSize = 64;
        long seed = 42;
        int pretrainedTestImages = 10_000;
        String pretrained = "resnet8-w32-fashion-mnist";
        EpochProgress progress = EpochProgress.NONE;

        /** 6,000 training images, 3 epochs per variant; the pretrained ResNet on all 10,000 test images. */
        public static Options full() {
            return new Options();
        }

        /** 800 training images, 2 epochs, the variants at half width; the pretrained ResNet on 1,000 test images. */
        public static Options quick() {
            Options o = new Options();
            o.trainImages = 800;
            o.testImages = 500;
            o.epochs = 2;
            o.pretrainedTestImages = 1000;
            return o;
        }

        /** The number of training and test images of the variants, and their epochs. */
        public Options data(int train, int test, int epochs) {
            trainImages = train;
            testImages = test;
            this.epochs = epochs;
            return this;
        }

        /** Test images for the pretrained ResNet (default all 10,000). */
        public Options pretrainedTestImages(int n) {
            pretrainedTestImages = n;
            return this;
        }

        public Options seed(long s) {
            seed = s;
            return this;
        }

        public Options progress(EpochProgress p) {
            progress = p;
            return this;
        }
    }

    private Q40ResNet() {
    }

    /** Runs the experiment on the standard Fashion-MNIST copy. */
    public static ExperimentReport run(Options o) {
        return run(o, FashionMnist.load());
    }

    /** Runs the experiment on the given data. */
    public static ExperimentReport run(Options o, FashionMnist.Data data) {
        LabelledImages train = LabelledImages.of(data.xTrain(), data.yTrain()).first(o.trainImages);
        LabelledImages allTest = LabelledImages.of(data.xTest(), data.yTest());
        LabelledImages test = allTest.first(o.testImages);
        boolean quick = o.trainImages < 2000;
        int base = quick ? 8 : 16;
        Map<String, ResNet> variants = new LinkedHashMap<>();
        variants.put("ResNet-8, width " + base, ResNet.small(8).width(base));
        variants.put("ResNet-20, width " + base + " (deeper)", ResNet.small(20).width(base));
        variants.put("ResNet-8, width " + 2 * base + " (wider)", ResNet.small(8).width(2 * base));
        variants.put("ResNet-20, width " + base + ", no BatchNorm", ResNet.small(20).width(base).batchNorm(false));
        o.progress.total(variants.size() * o.epochs);

        List<List<Object>> rows = new ArrayList<>();
        Map<String, double[][]> curves = new LinkedHashMap<>();
        Map<String, double[]> results = new LinkedHashMap<>();
        for (Map.Entry<String, ResNet> e : variants.entrySet()) {
            Cambium.seed(o.seed);
            Model m = e.getValue().build();
            long flops = m.flops(List.of(new int[] {-1, 28, 28, 1}));
            ImageTraining.Result r = new ImageTraining().epochs(o.epochs).batchSize(o.batchSize).seed(o.seed).out(null)
                    .callbacks(o.progress.epochs(e.getKey())).run(m, train.x(), train.y(), test.x(), test.y());
            List<Double> loss = r.history().get("loss");
            List<Double> val = r.history().get("val_accuracy");
            double[] xs = new double[val.size()];
            double[] ys = new double[val.size()];
            for (int i = 0; i < xs.length; i++) {
                xs[i] = i + 1;
                ys[i] = val.get(i);
            }
            curves.put(e.getKey(), new double[][] {xs, ys});
            double secondsPerEpoch = r.seconds() / o.epochs;
            results.put(e.getKey(), new double[] {loss.get(loss.size() - 1), r.testAccuracy(), secondsPerEpoch});
            rows.add(List.of(e.getKey(), m.countParams(), flops, secondsPerEpoch, loss.get(loss.size() - 1),
                    r.testAccuracy()));
        }

        Map<String, ExperimentReport.Png> pngs = new LinkedHashMap<>();
        pngs.put("test-accuracy", new ExperimentReport.Png("Test accuracy after each epoch of the ResNet variants.",
                Charts.lines("ResNet design: test accuracy per epoch", "epoch", "test accuracy", curves, false)));

        List<String> names = new ArrayList<>(results.keySet());
        double[] shallow = results.get(names.get(0));
        double[] deep = results.get(names.get(1));
        double[] wide = results.get(names.get(2));
        double[] noBn = results.get(names.get(3));
        List<ExperimentReport.Claim> claims = new ArrayList<>();
        claims.add(moreAccurate("A deeper ResNet is more accurate (same width and training)", deep[1], shallow[1],
                test.size(), 10, String.format(Locale.ROOT, "test accuracy %.4f at 20 layers, %.4f at 8 layers "
                        + "(%.1f against %.1f s per epoch)", deep[1], shallow[1], deep[2], shallow[2])));
        claims.add(moreAccurate("A wider ResNet is more accurate (same depth and training)", wide[1], shallow[1],
                test.size(), 10, String.format(Locale.ROOT, "test accuracy %.4f at twice the width, %.4f",
                        wide[1], shallow[1])));
        claims.add(new ExperimentReport.Claim("BatchNormalization makes a ResNet train faster",
                deep[0] < noBn[0], String.format(Locale.ROOT, "ResNet-20 final training loss %.4f with BatchNorm, %.4f "
                        + "without (test accuracy %.4f against %.4f)", deep[0], noBn[0], deep[1], noBn[1])));
        List<ExperimentReport.Table> tables = new ArrayList<>();
        tables.add(new ExperimentReport.Table("ResNet variants trained the same way",
                List.of("network", "parameters", "FLOPs per image", "seconds per epoch", "final training loss",
                        "test accuracy"), rows));
        List<String> observations = new ArrayList<>();
        String pretrainedSetup;

        // The zoo's pretrained ResNet, measured now on the test images, when its weights were made.
        Optional<Pretrained> registered = Pretrained.find(o.pretrained);
        if (registered.isPresent()) {
            Pretrained weights = registered.get();
            LabelledImages pTest = allTest.first(o.pretrainedTestImages);
            Model pretrained = weights.recipe().builder().get().weights(o.pretrained).build();
            int[] predicted = pTest.predictions(pretrained);
            int correct = 0;
            for (int i = 0; i < predicted.length; i++) {
                correct += predicted[i] == pTest.y()[i] ? 1 : 0;
            }
            double pretrainedAccuracy = (double) correct / predicted.length;
            tables.add(new ExperimentReport.Table("The zoo's pretrained ResNet",
                    List.of("weights", "architecture", "parameters", "FLOPs per image", "registry accuracy",
                            "test images", "measured accuracy"),
                    List.of(List.of(weights.name(), weights.architecture(), pretrained.countParams(),
                            pretrained.flops(List.of(new int[] {-1, 28, 28, 1})), weights.accuracy(), pTest.size(),
                            pretrainedAccuracy))));
            pngs.put("confusion", new ExperimentReport.Png("Confusion matrix of the pretrained "
                    + weights.architecture() + " on " + pTest.size() + " test images.", confusionPng(pTest.y(),
                    predicted, "Pretrained " + weights.name() + ": test accuracy "
                            + String.format(Locale.ROOT, "%.4f", pretrainedAccuracy))));
            // The claim is about the whole test set: on a part of it (quick mode) the accuracy differs by
            // chance (0.9340 on the first 1,000 images against 0.9247 on all 10,000), so a part only checks
            // the weights and the claim is judged by the registry's figure for the whole set.
            boolean wholeTestSet = pTest.size() >= 10_000;
            double judged = wholeTestSet ? pretrainedAccuracy : weights.accuracy();
            claims.add(new ExperimentReport.Claim("The zoo's pretrained ResNet reaches 93% test accuracy on "
                    + "Fashion-MNIST", judged >= 0.93, wholeTestSet
                    ? String.format(Locale.ROOT, "%.4f on all %d test images", pretrainedAccuracy, pTest.size())
                    : String.format(Locale.ROOT, "%.4f on all 10,000 test images, as the registry records it "
                    + "(measured here on the first %d only: %.4f)", weights.accuracy(), pTest.size(),
                    pretrainedAccuracy)));
            pretrainedSetup = String.format(Locale.ROOT, " Pretrained: '%s' from the zoo's registry (%s; %s), evaluated"
                    + " on %d test images.", weights.name(), weights.architecture(), weights.command(), pTest.size());
        } else {
            String command = Pretrain.recipe(o.pretrained).command();
            observations.add("The registry has no weights '" + o.pretrained + "' yet, so the pretrained ResNet is not "
                    + "measured: '" + command + "' trains them into the cache.");
            pretrainedSetup = "";
        }
        String setup = String.format(Locale.ROOT, "Fashion-MNIST from %s. Variants: the ResNet paper's small-image networks"
                        + " trained on the first %d training images for %d epochs with the zoo's recipe (AdamW 2e-3, "
                        + "warm-up and cosine decay, weight decay 5e-4, shifts and flips), batch %d, seed %d, tested on the "
                        + "first %d test images.%s", data.source(), train.size(), o.epochs, o.batchSize, o.seed,
                test.size(), pretrainedSetup);
        return new ExperimentReport(setup, tables, pngs, claims, observations);
    }

    /**
     * The claim that accuracy {@code a} is higher than {@code b}, both measured on the same
     * {@code n} test images. It holds only when the difference is more than twice its standard
     * error (sqrt(a(1-a)/n + b(1-b)/n), which ignores the pairing and so errs on the side of "not
     * shown") and the better network learned beyond twice the chance level: a difference of a few
     * images, or between networks that did not learn, shows nothing.
     */
    static ExperimentReport.Claim moreAccurate(String claim, double a, double b, int n, int classes, String numbers) {
        double twoSe = 2 * Math.sqrt((a * (1 - a) + b * (1 - b)) / n);
        boolean learned = Math.max(a, b) >= 2.0 / classes;
        String why = !learned ? String.format(Locale.ROOT, "; neither learned beyond twice the chance level (%.2f), so "
                + "this budget shows nothing", 2.0 / classes)
                : String.format(Locale.ROOT, "; difference %+.4f, twice its standard error on %,d test images %.4f",
                        a - b, n, twoSe);
        return new ExperimentReport.Claim(claim, learned && a - b > twoSe, numbers + why);
    }

    private static byte[] confusionPng(int[] truth, int[] predicted, String title) {
        try {
            Path tmp = Files.createTempFile("cambium-confusion", ".png");
            try {
                ConfusionMatrixPlot.write(ConfusionMatrix.of(truth, predicted, FashionMnist.CLASS_NAMES), title, tmp);
                return Files.readAllBytes(tmp);
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
