package io.cambium.zoo.experiments.vision;

import io.cambium.Cambium;
import io.cambium.data.loaders.FashionMnist;
import io.cambium.nn.Model;
import io.cambium.nn.Variable;
import io.cambium.nn.losses.Losses;
import io.cambium.tensor.Tensor;
import io.cambium.zoo.training.ImageTraining;
import io.cambium.zoo.training.LabelledImages;
import io.cambium.zoo.vision.ResNet;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Seed question 39 (residual connections): the paper's small-image networks at several depths,
 * each as a plain network (the same convolutions, BatchNorm and ReLUs, no shortcuts) and with
 * shortcuts (identities, 1x1 projections where the shape changes; option C, projections
 * everywhere, at the largest depth). Measured: the gradient that reaches the first convolution at
 * initialization relative to the last one, the training loss per epoch, and the test accuracy.
 * He et al.'s observation to test: without shortcuts a deeper network trains worse than a
 * shallower one (the degradation problem); with them, depth helps.
 */
public final class Q39ResidualConnections {
    /** The settings of a run. */
    public static final class Options {
        int[] depths = {8, 20, 32};
        int width = 16;
        int trainImages = 5000;
        int testImages = 2000;
        int epochs = 4;
        int batchSize = 64;
        long seed = 42;
        EpochProgress progress = EpochProgress.NONE;

        /** Depths 8, 20 and 32 at the paper's width (16), 5,000 training images, 4 epochs. */
        public static Options full() {
            return new Options();
        }

        /** Depths 8 and 20 at width 8, 1,000 training images, 3 epochs. */
        public static Options quick() {
            Options o = new Options();
            o.depths = new int[] {8, 20};
            o.width = 8;
            o.trainImages = 1000;
            o.testImages = 500;
            o.epochs = 3;
            return o;
        }

        /** The depths (6n+2) to compare. */
        public Options depths(int... d) {
            depths = d.clone();
            return this;
        }

        /** The filters of the first stage. */
        public Options width(int w) {
            width = w;
            return this;
        }

        /** The number of training and test images and the epochs. */
        public Options data(int train, int test, int epochs) {
            trainImages = train;
            testImages = test;
            this.epochs = epochs;
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

    private Q39ResidualConnections() {
    }

    /** Runs the experiment on the standard Fashion-MNIST copy. */
    public static ExperimentReport run(Options o) {
        return run(o, FashionMnist.load());
    }

    /** Runs the experiment on the given data. */
    public static ExperimentReport run(Options o, FashionMnist.Data data) {
        LabelledImages train = LabelledImages.of(data.xTrain(), data.yTrain()).first(o.trainImages);
        LabelledImages test = LabelledImages.of(data.xTest(), data.yTest()).first(o.testImages);
        int deepest = o.depths[o.depths.length - 1];
        List<ResNet.Shortcut> variants = List.of(ResNet.Shortcut.NONE, ResNet.Shortcut.PROJECTION_WHEN_NEEDED);
        int runs = o.depths.length * variants.size() + 1;
        o.progress.total(runs * o.epochs);

        List<List<Object>> rows = new ArrayList<>();
        Map<String, double[][]> lossCurves = new LinkedHashMap<>();
        Map<String, Double> finalLoss = new LinkedHashMap<>();
        Map<String, Double> gradRatio = new LinkedHashMap<>();
        List<Object[]> configs = new ArrayList<>();
        for (int depth : o.depths) {
            for (ResNet.Shortcut s : variants) {
                configs.add(new Object[] {depth, s});
            }
        }
        configs.add(new Object[] {deepest, ResNet.Shortcut.PROJECTION_ALWAYS});
        for (Object[] c : configs) {
            int depth = (Integer) c[0];
            ResNet.Shortcut s = (ResNet.Shortcut) c[1];
            String label = label(depth, s);
            // The gradient is measured on a copy (a training-mode pass moves BatchNorm's statistics).
            Cambium.seed(o.seed);
            double ratio = firstToLastGradient(ResNet.small(depth).width(o.width).shortcuts(s).build(), train,
                    o.batchSize);
            Cambium.seed(o.seed);
            Model m = ResNet.small(depth).width(o.width).shortcuts(s).build();
            ImageTraining.Result r = new ImageTraining().epochs(o.epochs).batchSize(o.batchSize).seed(o.seed)
                    .evaluateEachEpoch(false).out(null).callbacks(o.progress.epochs(label))
                    .run(m, train.x(), train.y(), test.x(), test.y());
            List<Double> loss = r.history().get("loss");
            double[] xs = new double[loss.size()];
            double[] ys = new double[loss.size()];
            for (int i = 0; i < xs.length; i++) {
                xs[i] = i + 1;
                ys[i] = loss.get(i);
            }
            lossCurves.put(label, new double[][] {xs, ys});
            finalLoss.put(label, loss.get(loss.size() - 1));
            gradRatio.put(label, ratio);
            rows.add(List.of(label, depth, shortcutName(s), m.countParams(), ratio, loss.get(loss.size() - 1),
                    r.history().last("accuracy"), r.testAccuracy(), r.seconds() / o.epochs));
        }

        Map<String, ExperimentReport.Png> pngs = new LinkedHashMap<>();
        pngs.put("training-loss", new ExperimentReport.Png("Training loss per epoch of plain and residual networks.",
                Charts.lines("Training loss: plain vs residual", "epoch", "training loss", lossCurves, true)));
        Map<String, double[]> grads = new LinkedHashMap<>();
        List<String> depthNames = new ArrayList<>();
        for (int d : o.depths) {
            depthNames.add(d + " layers");
        }
        for (ResNet.Shortcut s : variants) {
            double[] v = new double[o.depths.length];
            for (int i = 0; i < v.length; i++) {
                v[i] = gradRatio.get(label(o.depths[i], s));
            }
            grads.put(shortcutName(s), v);
        }
        pngs.put("gradient-ratio", new ExperimentReport.Png("Gradient norm of the first convolution's kernel divided by"
                + " the last one's, at initialization, on one batch.",
                Charts.bars("Gradient reaching the first layer (relative to the last)", "first / last gradient norm",
                        depthNames, grads, 0, 0)));

        String plainDeep = label(deepest, ResNet.Shortcut.NONE);
        String resDeep = label(deepest, ResNet.Shortcut.PROJECTION_WHEN_NEEDED);
        String plainShallow = label(o.depths[0], ResNet.Shortcut.NONE);
        String resShallow = label(o.depths[0], ResNet.Shortcut.PROJECTION_WHEN_NEEDED);
        List<ExperimentReport.Claim> claims = new ArrayList<>();
        claims.add(new ExperimentReport.Claim("With shortcuts, the deep network trains better than the plain network of"
                + " the same depth", finalLoss.get(resDeep) < finalLoss.get(plainDeep),
                String.format(Locale.ROOT, "final training loss %.4f with shortcuts, %.4f without (%d layers)",
                        finalLoss.get(resDeep), finalLoss.get(plainDeep), deepest)));
        claims.add(new ExperimentReport.Claim("Without shortcuts, going deeper makes training worse (degradation)",
                finalLoss.get(plainDeep) > finalLoss.get(plainShallow),
                String.format(Locale.ROOT, "plain: final training loss %.4f at %d layers, %.4f at %d layers",
                        finalLoss.get(plainDeep), deepest, finalLoss.get(plainShallow), o.depths[0])));
        claims.add(new ExperimentReport.Claim("With shortcuts, going deeper does not make training worse",
                finalLoss.get(resDeep) <= finalLoss.get(resShallow),
                String.format(Locale.ROOT, "residual: final training loss %.4f at %d layers, %.4f at %d layers",
                        finalLoss.get(resDeep), deepest, finalLoss.get(resShallow), o.depths[0])));
        claims.add(new ExperimentReport.Claim("Shortcuts carry more gradient to the first layers",
                gradRatio.get(resDeep) > gradRatio.get(plainDeep),
                String.format(Locale.ROOT, "first/last gradient norm at %d layers: %.3f with shortcuts, %.3f without",
                        deepest, gradRatio.get(resDeep), gradRatio.get(plainDeep))));
        String optionC = label(deepest, ResNet.Shortcut.PROJECTION_ALWAYS);
        List<String> obs = List.of(String.format(Locale.ROOT, "Projections on every shortcut (option C) against identities"
                        + " (option B) at %d layers: final training loss %.4f against %.4f.", deepest,
                finalLoss.get(optionC), finalLoss.get(resDeep)));
        String setup = String.format(Locale.ROOT, "Fashion-MNIST from %s: the first %d training and %d test images. "
                        + "Networks: the ResNet paper's small-image networks (3x3 stem, three stages of basic blocks at "
                        + "28x28, 14x14 and 7x7 with %d, %d and %d filters, BatchNorm after every convolution, global "
                        + "average pooling, softmax) at depths %s, with and without shortcuts; plain networks have the"
                        + " same layers. Training: the zoo's recipe (AdamW 2e-3, warm-up and cosine decay, weight decay"
                        + " 5e-4, shifts and flips), batch %d, %d epochs, seed %d for every network.",
                data.source(), train.size(), test.size(), o.width, 2 * o.width, 4 * o.width,
                java.util.Arrays.toString(o.depths), o.batchSize, o.epochs, o.seed);
        return new ExperimentReport(setup, List.of(new ExperimentReport.Table("Plain and residual networks",
                List.of("network", "depth", "shortcuts", "parameters", "first/last gradient at init", "final training loss",
                        "training accuracy", "test accuracy", "seconds per epoch"), rows)), pngs, claims, obs);
    }

    private static String label(int depth, ResNet.Shortcut s) {
        return switch (s) {
            case NONE -> "plain-" + depth;
            case PROJECTION_WHEN_NEEDED -> "ResNet-" + depth;
            case PROJECTION_ALWAYS -> "ResNet-" + depth + " (C)";
        };
    }

    private static String shortcutName(ResNet.Shortcut s) {
        return switch (s) {
            case NONE -> "none (plain)";
            case PROJECTION_WHEN_NEEDED -> "identity + projection (B)";
            case PROJECTION_ALWAYS -> "projection (C)";
        };
    }

    /**
     * The L2 norm of the loss gradient of the first convolution's kernel divided by that of the
     * last convolution on the main path, on the first batch, in training mode, at initialization.
     */
    static double firstToLastGradient(Model m, LabelledImages data, int batch) {
        int n = Math.min(batch, data.size());
        Tensor x = data.x().narrow(0, 0, n);
        int[] y = java.util.Arrays.copyOf(data.y(), n);
        Variable first = null;
        Variable last = null;
        for (Variable v : m.trainableVariables()) {
            if (v.name().endsWith("_conv/kernel") && !v.name().contains("_0_conv")) {
                if (first == null) {
                    first = v;
                }
                last = v;
            }
        }
        if (first == null) {
            throw new IllegalStateException(m.describe() + " has no convolution kernels");
        }
        Tensor loss = Losses.sparseCategoricalCrossentropy().call(y, m.apply(x, true));
        loss.backward();
        return norm(first.grad()) / norm(last.grad());
    }

    private static double norm(Tensor t) {
        double s = 0;
        for (float v : t.data()) {
            s += (double) v * v;
        }
        return Math.sqrt(s);
    }
}
