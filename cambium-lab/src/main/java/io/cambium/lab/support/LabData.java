package io.cambium.lab.support;

import io.cambium.data.loaders.FashionMnist;
import io.cambium.tensor.Tensor;
import io.cambium.tensor.random.Rng;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The real data the experiments share: Fashion-MNIST, loaded once per process (the installed
 * 60,000/10,000 images, else the 2,000/500-image subset embedded in cambium-data), and seeded
 * random subsets of it.
 */
public final class LabData {
    private static volatile FashionMnist.Data fashion;

    private LabData() {
    }

    /**
     * Fashion-MNIST as cambium-data loads it (cached). The system property
     * {@code cambium.lab.fashion=embedded} forces the embedded subset, to see what a machine without
     * the data set measures.
     */
    public static FashionMnist.Data fashionMnist() {
        FashionMnist.Data d = fashion;
        if (d == null) {
            synchronized (LabData.class) {
                d = fashion;
                if (d == null) {
                    d = "embedded".equals(System.getProperty("cambium.lab.fashion")) ? FashionMnist.loadEmbedded()
                            : FashionMnist.load();
                    fashion = d;
                }
            }
        }
        return d;
    }

    /**
     * A seeded subset of Fashion-MNIST: {@code train} and {@code val} images drawn without overlap
     * from the training images, {@code test} from the test images, every class equally often
     * (as far as the data allows); images {@code [N, 28, 28, 1]} in [0, 1]. When the data is the
     * small embedded subset, sizes that do not fit are scaled down in proportion (the split's
     * {@link Split#describe()} gives the sizes used).
     */
    public static Split fashion(int train, int val, int test, long seed) {
        FashionMnist.Data d = fashionMnist();
        int[] yAll = d.yTrain().toIntArray();
        int[] order = balancedOrder(yAll, 10, new Rng(seed));
        if (train + val > order.length) {
            double scale = (double) order.length / (train + val);
            train = (int) Math.floor(train * scale);
            val = (int) Math.floor(val * scale);
        }
        int[] trainIdx = Arrays.copyOfRange(order, 0, train);
        int[] valIdx = Arrays.copyOfRange(order, train, train + val);
        int[] testOrder = balancedOrder(d.yTest().toIntArray(), 10, new Rng(seed + 1));
        int[] testIdx = Arrays.copyOf(testOrder, Math.min(test, testOrder.length));
        return new Split(d.xTrain().indexSelect(0, trainIdx), labels(yAll, trainIdx),
                d.xTrain().indexSelect(0, valIdx), labels(yAll, valIdx),
                d.xTest().indexSelect(0, testIdx), labels(d.yTest().toIntArray(), testIdx),
                d.source(), d.subset());
    }

    /** Training, validation and test images with integer labels, and where they came from. */
    public record Split(Tensor xTrain, int[] yTrain, Tensor xVal, int[] yVal, Tensor xTest, int[] yTest,
            String source, boolean embeddedSubset) {
        /** "Fashion-MNIST (N train / M validation / K test images from SOURCE)". */
        public String describe() {
            return "Fashion-MNIST, " + yTrain.length + " training / " + yVal.length + " validation / " + yTest.length
                    + " test images drawn with the seed from " + (embeddedSubset
                    ? "the 2,000/500-image subset embedded in cambium-data (the full data set is not installed here)"
                    : "the full data set (" + source + ")");
        }
    }

    /**
     * Indices in an order that cycles through the classes (a shuffled queue per class), so any
     * prefix is as balanced as the data allows.
     */
    private static int[] balancedOrder(int[] y, int classes, Rng rng) {
        List<List<Integer>> byClass = new ArrayList<>();
        for (int c = 0; c < classes; c++) {
            byClass.add(new ArrayList<>());
        }
        for (int i : rng.permutation(y.length)) {
            byClass.get(y[i]).add(i);
        }
        int[] out = new int[y.length];
        int n = 0;
        int[] next = new int[classes];
        while (n < y.length) {
            for (int c = 0; c < classes; c++) {
                if (next[c] < byClass.get(c).size()) {
                    out[n++] = byClass.get(c).get(next[c]++);
                }
            }
        }
        return out;
    }

    /**
     * A binary task with a rare positive class: the images of {@code positiveClass} become label 1,
     * every other image label 0, and positives are dropped at random until there is one for every
     * {@code negativesPerPositive} negatives.
     */
    public static Binary imbalanced(Tensor x, int[] y, int positiveClass, int negativesPerPositive, long seed) {
        List<Integer> pos = new ArrayList<>();
        List<Integer> neg = new ArrayList<>();
        for (int i = 0; i < y.length; i++) {
            (y[i] == positiveClass ? pos : neg).add(i);
        }
        Rng rng = new Rng(seed);
        int keep = Math.max(1, Math.min(pos.size(), (int) Math.round((double) neg.size() / negativesPerPositive)));
        int[] perm = rng.permutation(pos.size());
        List<Integer> idx = new ArrayList<>(neg);
        for (int i = 0; i < keep; i++) {
            idx.add(pos.get(perm[i]));
        }
        int[] order = rng.permutation(idx.size());
        int[] rows = new int[idx.size()];
        int[] labels = new int[idx.size()];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = idx.get(order[i]);
            labels[i] = y[rows[i]] == positiveClass ? 1 : 0;
        }
        return new Binary(x.indexSelect(0, rows), labels, keep, neg.size());
    }

    /** Images with 0/1 labels, and how many of each. */
    public record Binary(Tensor x, int[] y, int positives, int negatives) {
    }

    private static int[] labels(int[] y, int[] idx) {
        int[] out = new int[idx.length];
        for (int i = 0; i < idx.length; i++) {
            out[i] = y[idx[i]];
        }
        return out;
    }

    /** Rows of {@code double} values as a float tensor of the given shape (first axis: the rows). */
    public static Tensor tensor(double[][] rows, int... shape) {
        int d = rows.length == 0 ? 0 : rows[0].length;
        float[] v = new float[rows.length * d];
        for (int i = 0; i < rows.length; i++) {
            for (int j = 0; j < d; j++) {
                v[i * d + j] = (float) rows[i][j];
            }
        }
        return new Tensor(v, shape);
    }

    /** The rows of a tensor as {@code double[][]}, flattened (for cambium-ml's estimators). */
    public static double[][] rows(Tensor x) {
        int n = x.dim(0);
        int d = x.numel() / Math.max(1, n);
        float[] v = x.data();
        double[][] out = new double[n][d];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                out[i][j] = v[i * d + j];
            }
        }
        return out;
    }
}
