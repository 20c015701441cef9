package io.cambium.compress.pruning;

import io.cambium.compress.LayerMath;
import io.cambium.compress.Models;
import io.cambium.nn.Layer;
import io.cambium.nn.Model;
import io.cambium.nn.Sequential;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Magnitude pruning (TF-MOT's {@code prune_low_magnitude} / {@code strip_pruning}, PyTorch's
 * {@code l1_unstructured} and {@code global_unstructured}): {@link #wrap} puts a
 * {@link PruneLowMagnitude} around every Dense and Conv2D layer (sharing the layers: training the
 * wrapped model trains the original's weights), {@link #pruneToSparsity} sets the masks to remove
 * the smallest-magnitude weights, layer by layer or over all layers together (one global
 * threshold), and {@link #strip} gives back the plain model with the zeros in its kernels.
 * Biases are never pruned.
 *
 * <pre>{@code
 * Sequential pruned = Pruning.wrap(model);
 * pruned.compile(new Adam(1e-4), Losses.sparseCategoricalCrossentropy(true), Metrics.accuracy());
 * long steps = epochs * (n / 64);
 * pruned.fit(x, y, FitConfig.epochs(epochs).batchSize(64).callbacks(new UpdatePruningStep(pruned,
 *         PruningSchedule.polynomialDecay(0.0, 0.8, 0, steps), true)));
 * Sequential sparse = Pruning.strip(pruned);
 * }</pre>
 */
public final class Pruning {
    private Pruning() {
    }

    /** The model with every Dense and Conv2D layer wrapped for pruning. */
    public static Sequential wrap(Model model) {
        Sequential s = Models.sequential(model, "pruning");
        return Models.mapLayers(s, l -> LayerMath.supports(l) ? new PruneLowMagnitude(l) : l);
    }

    /** The pruning wrappers of a model made by {@link #wrap}. */
    public static List<PruneLowMagnitude> wrappers(Model model) {
        List<PruneLowMagnitude> out = new ArrayList<>();
        for (Layer l : model.layers()) {
            if (l instanceof PruneLowMagnitude p) {
                out.add(p);
            }
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException(model.describe() + " has no pruning wrappers (use Pruning.wrap first)");
        }
        return out;
    }

    /**
     * Sets the masks so that {@code sparsity} of the kernel weights are zero, removing the smallest
     * magnitudes: with {@code global}, one threshold over all wrapped layers (layers with many small
     * weights lose more); otherwise the same fraction in each layer. Ties at the threshold are broken
     * by position, so exactly {@code round(sparsity · n)} weights are pruned. Pruned weights are zeroed.
     */
    public static void pruneToSparsity(List<PruneLowMagnitude> layers, double sparsity, boolean global) {
        if (!(sparsity >= 0 && sparsity < 1)) {
            throw new IllegalArgumentException("pruning: sparsity must be in [0, 1), got " + sparsity);
        }
        if (global) {
            int total = 0;
            for (PruneLowMagnitude p : layers) {
                total += p.kernel().value().numel();
            }
            float[][] ws = new float[layers.size()][];
            float[][] ms = new float[layers.size()][];
            for (int i = 0; i < ws.length; i++) {
                ws[i] = layers.get(i).kernel().value().data();
                ms[i] = layers.get(i).mask();
            }
            prune(ws, ms, (int) Math.round(sparsity * total), total);
        } else {
            for (PruneLowMagnitude p : layers) {
                float[] w = p.kernel().value().data();
                prune(new float[][] {w}, new float[][] {p.mask()}, (int) Math.round(sparsity * w.length), w.length);
            }
        }
        for (PruneLowMagnitude p : layers) {
            p.applyMask();
        }
    }

    /** Masks the {@code count} smallest |w| over all arrays (ties by array, then index), keeps the rest. */
    private static void prune(float[][] ws, float[][] ms, int count, int total) {
        long[] keys = new long[total];
        int at = 0;
        for (int a = 0; a < ws.length; a++) {
            for (int i = 0; i < ws[a].length; i++) {
                // |w| as sortable int bits in the high half, the position in the low half
                int bits = Float.floatToIntBits(Math.abs(ws[a][i]));
                keys[at] = ((long) bits << 32) | at;
                at++;
            }
        }
        Arrays.sort(keys);
        int[] arrayOf = new int[total];
        int[] indexOf = new int[total];
        at = 0;
        for (int a = 0; a < ws.length; a++) {
            for (int i = 0; i < ws[a].length; i++) {
                arrayOf[at] = a;
                indexOf[at] = i;
                at++;
            }
        }
        for (float[] m : ms) {
            Arrays.fill(m, 1f);
        }
        for (int r = 0; r < count; r++) {
            int pos = (int) (keys[r] & 0xFFFFFFFFL);
            ms[arrayOf[pos]][indexOf[pos]] = 0f;
        }
    }

    /** The fraction of zero weights over the kernels of the model's Dense and Conv2D layers (wrapped or not). */
    public static double sparsity(Model model) {
        long zeros = 0;
        long total = 0;
        for (Layer l : model.layers()) {
            Layer inner = l instanceof PruneLowMagnitude p ? p.layer() : l;
            if (LayerMath.supports(inner)) {
                float[] w = (inner instanceof io.cambium.nn.layers.core.Dense d ? d.kernel()
                        : ((io.cambium.nn.layers.conv.Conv2D) inner).kernel()).value().data();
                for (float v : w) {
                    if (v == 0f) {
                        zeros++;
                    }
                }
                total += w.length;
            }
        }
        return total == 0 ? 0 : (double) zeros / total;
    }

    /**
     * The plain model of a pruned one: the masks applied to the kernels and the wrappers removed
     * (the layers are copies; the wrapped model is not changed).
     */
    public static Sequential strip(Model pruned) {
        Sequential s = Models.sequential(pruned, "strip pruning");
        return Models.mapLayers(s, l -> {
            if (l instanceof PruneLowMagnitude p) {
                p.applyMask();
                return Models.copy(p.layer());
            }
            return Models.copy(l);
        });
    }
}
