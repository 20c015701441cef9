package io.cambium.zoo.training;

import io.cambium.nn.Model;
import io.cambium.tensor.Tensor;
import io.cambium.tensor.random.Rng;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Images {@code [n, h, w, c]} with integer class labels, and the selections transfer-learning
 * experiments make: some classes only (relabelled 0, 1, ...), and a few labelled images per class.
 *
 * @param x images, samples on axis 0
 * @param y one class label per image
 */
public record LabelledImages(Tensor x, int[] y) {
    public LabelledImages {
        if (x.dim(0) != y.length) {
            throw new IllegalArgumentException("LabelledImages: " + x.dim(0) + " images but " + y.length + " labels");
        }
    }

    /** Images with float labels, as the loaders return them. */
    public static LabelledImages of(Tensor x, Tensor labels) {
        float[] d = labels.data();
        int[] y = new int[d.length];
        for (int i = 0; i < d.length; i++) {
            y[i] = Math.round(d[i]);
        }
        return new LabelledImages(x, y);
    }

    /** The number of images. */
    public int size() {
        return y.length;
    }

    /**
     * The images of the given classes, in their order, relabelled by position:
     * {@code ofClasses(5, 6, 7, 8, 9)} turns label 5 into 0, ..., 9 into 4.
     */
    public LabelledImages ofClasses(int... classes) {
        int[] map = new int[maxLabel() + 1];
        Arrays.fill(map, -1);
        for (int i = 0; i < classes.length; i++) {
            if (classes[i] >= 0 && classes[i] < map.length) {
                map[classes[i]] = i;
            }
        }
        List<Integer> rows = new ArrayList<>();
        for (int i = 0; i < y.length; i++) {
            if (map[y[i]] >= 0) {
                rows.add(i);
            }
        }
        int[] labels = new int[rows.size()];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = map[y[rows.get(i)]];
        }
        return new LabelledImages(rows(rows), labels);
    }

    /**
     * {@code n} images of each class drawn at random (seeded) without replacement, grouped by
     * class in random order within the selection.
     *
     * @throws IllegalArgumentException when a class has fewer than {@code n} images
     */
    public LabelledImages perClass(int n, long seed) {
        return perClass(n, 0, seed).selected();
    }

    /**
     * A selection and the images held out beside it.
     *
     * @param selected {@code n} images per class, as {@link #perClass(int, long)} draws them
     * @param heldOut  {@code m} other images per class, none of them in {@code selected}
     */
    public record Split(LabelledImages selected, LabelledImages heldOut) {
    }

    /**
     * {@link #perClass(int, long)}, and beside it {@code heldOut} other images of each class drawn
     * from the rest (for choosing settings without the test set). The selection is the same as
     * {@code perClass(n, seed)}'s whatever {@code heldOut} is.
     *
     * @throws IllegalArgumentException when a class has fewer than {@code n + heldOut} images
     */
    public Split perClass(int n, int heldOut, long seed) {
        int classes = maxLabel() + 1;
        List<List<Integer>> byClass = new ArrayList<>();
        for (int c = 0; c < classes; c++) {
            byClass.add(new ArrayList<>());
        }
        for (int i = 0; i < y.length; i++) {
            byClass.get(y[i]).add(i);
        }
        Rng rng = new Rng(seed);
        // A second stream for the held-out draws, so that the selection does not depend on heldOut.
        Rng heldOutRng = new Rng(seed ^ 0x5DEECE66DL);
        List<Integer> rows = new ArrayList<>();
        List<Integer> heldOutRows = new ArrayList<>();
        for (int c = 0; c < classes; c++) {
            List<Integer> idx = byClass.get(c);
            if (idx.size() < n + heldOut) {
                throw new IllegalArgumentException("LabelledImages.perClass: class " + c + " has " + idx.size()
                        + " images, " + (n + heldOut) + " asked (" + n + " selected, " + heldOut + " held out)");
            }
            // Partial Fisher-Yates: the first n of a seeded shuffle, then the next heldOut.
            for (int i = 0; i < n + heldOut; i++) {
                int j = i + (i < n ? rng : heldOutRng).nextInt(idx.size() - i);
                Integer t = idx.get(i);
                idx.set(i, idx.get(j));
                idx.set(j, t);
                (i < n ? rows : heldOutRows).add(idx.get(i));
            }
        }
        return new Split(select(rows), select(heldOutRows));
    }

    private LabelledImages select(List<Integer> rows) {
        int[] labels = new int[rows.size()];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = y[rows.get(i)];
        }
        return new LabelledImages(rows(rows), labels);
    }

    /** The class a model predicts for each image (the argmax of its output), in batches of 500, inference mode. */
    public int[] predictions(Model model) {
        float[] idx = model.predict(x, 500).argmax(-1, false).data();
        int[] out = new int[idx.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = Math.round(idx[i]);
        }
        return out;
    }

    /** The fraction of the images a model classifies right (no compile needed). */
    public double accuracyOf(Model model) {
        int[] p = predictions(model);
        int right = 0;
        for (int i = 0; i < p.length; i++) {
            right += p[i] == y[i] ? 1 : 0;
        }
        return (double) right / Math.max(1, p.length);
    }

    /** The first {@code n} images. */
    public LabelledImages first(int n) {
        int k = Math.min(n, size());
        return new LabelledImages(x.narrow(0, 0, k), Arrays.copyOf(y, k));
    }

    private Tensor rows(List<Integer> rows) {
        int[] shape = x.shape();
        int per = x.numel() / Math.max(1, shape[0]);
        float[] src = x.data();
        float[] out = new float[rows.size() * per];
        for (int i = 0; i < rows.size(); i++) {
            System.arraycopy(src, rows.get(i) * per, out, i * per, per);
        }
        shape[0] = rows.size();
        return new Tensor(out, shape);
    }

    private int maxLabel() {
        int m = -1;
        for (int v : y) {
            if (v < 0) {
                throw new IllegalArgumentException("LabelledImages: negative label " + v);
            }
            m = Math.max(m, v);
        }
        return m;
    }
}
