package io.cambium.board;

import io.cambium.nn.Model;
import io.cambium.plot.ConfusionMatrix;
import io.cambium.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;

/**
 * Samples with their true classes on which a classifier's confusion matrix is computed after each
 * epoch (by the TensorBoard and Dashboard callbacks).
 */
public final class ConfusionSource {
    private final Tensor x;
    private final int[] y;
    private final List<String> names;

    /**
     * @param x the samples (batch axis first)
     * @param y their classes, 0 .. classes-1
     * @param names the class names, or null for "0", "1", ...
     */
    public ConfusionSource(Tensor x, int[] y, List<String> names) {
        if (x.dim(0) != y.length) {
            throw new IllegalArgumentException("ConfusionSource: " + x.dim(0) + " samples but " + y.length + " labels");
        }
        int classes = 0;
        for (int c : y) {
            if (c < 0) {
                throw new IllegalArgumentException("ConfusionSource: negative class " + c);
            }
            classes = Math.max(classes, c + 1);
        }
        if (names == null) {
            List<String> n = new ArrayList<>();
            for (int i = 0; i < classes; i++) {
                n.add(Integer.toString(i));
            }
            names = n;
        } else if (names.size() < classes) {
            throw new IllegalArgumentException("ConfusionSource: " + names.size() + " class names for class "
                    + (classes - 1));
        }
        this.x = x;
        this.y = y.clone();
        this.names = List.copyOf(names);
    }

    /** The class names. */
    public List<String> names() {
        return names;
    }

    /**
     * The confusion matrix of {@code model}'s predictions: the arg-max of each output row (a single
     * sigmoid unit counts as class 1 above 0.5).
     */
    public ConfusionMatrix compute(Model model) {
        Tensor out = model.predict(x, 256);
        int n = y.length;
        int k = out.numel() / n;
        float[] d = out.data();
        int[] pred = new int[n];
        for (int i = 0; i < n; i++) {
            if (k == 1) {
                pred[i] = d[i] > 0.5f ? 1 : 0;
            } else {
                int best = 0;
                for (int j = 1; j < k; j++) {
                    if (d[i * k + j] > d[i * k + best]) {
                        best = j;
                    }
                }
                pred[i] = best;
            }
        }
        List<String> all = new ArrayList<>(names);
        for (int c = all.size(); c < Math.max(k, 2); c++) {
            all.add(Integer.toString(c));
        }
        return ConfusionMatrix.of(y, pred, all);
    }
}
