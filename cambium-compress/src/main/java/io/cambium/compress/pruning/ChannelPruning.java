package io.cambium.compress.pruning;

import io.cambium.compress.Models;
import io.cambium.nn.Layer;
import io.cambium.nn.LayerRegistry;
import io.cambium.nn.Model;
import io.cambium.nn.Sequential;
import io.cambium.nn.layers.conv.Conv2D;
import io.cambium.nn.layers.core.Activation;
import io.cambium.nn.layers.core.Dense;
import io.cambium.nn.layers.core.Dropout;
import io.cambium.nn.layers.core.Flatten;
import io.cambium.nn.layers.pooling.AveragePooling2D;
import io.cambium.nn.layers.pooling.MaxPooling2D;
import io.cambium.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Structured pruning that makes the model smaller (Li et al. 2017, "Pruning Filters for Efficient
 * ConvNets"; PyTorch's {@code ln_structured} with the channels actually removed): in each Conv2D
 * the filters with the smallest L1 norm are removed, in each hidden Dense layer the units with the
 * smallest L1 norm of their incoming weights, and the next layer loses the matching input channels
 * (through pooling, dropout, activation and a channels-last Flatten). The last layer keeps its
 * outputs. The result is a new, genuinely smaller Sequential (fewer parameters, FLOPs and
 * latency), usually fine-tuned afterwards.
 */
public final class ChannelPruning {
    private ChannelPruning() {
    }

    /**
     * Removes {@code fraction} of the filters/units of every prunable layer (at least one kept).
     *
     * @throws IllegalArgumentException for layers it cannot follow (a layer between two prunable ones
     *     that is not pooling, dropout, activation or flatten), grouped convolutions, or a bad fraction
     */
    public static Sequential prune(Model model, double fraction) {
        if (!(fraction >= 0 && fraction < 1)) {
            throw new IllegalArgumentException("channel pruning: fraction must be in [0, 1), got " + fraction);
        }
        Sequential s = Models.sequential(model, "channel pruning");
        List<Layer> layers = s.layers();
        int last = -1;
        for (int i = 0; i < layers.size(); i++) {
            if (weighted(layers.get(i))) {
                last = i;
            }
        }
        List<Layer> out = new ArrayList<>();
        int[] keptIn = null;   // input channels kept by the previous prunable layer (null: all)
        int flattenPixels = 0; // positions per channel after a Flatten (channels-last)
        for (int i = 0; i < layers.size(); i++) {
            Layer l = layers.get(i);
            if (l instanceof Conv2D conv && l.getClass() == Conv2D.class) {
                checkGroups(conv);
                Tensor k = conv.kernel().value();
                int[] ks = k.shape();
                Tensor kIn = keptIn == null ? k : k.indexSelect(2, keptIn);
                int[] keep = i == last ? all(ks[3]) : strongest(kIn.reshape(-1, ks[3]), fraction);
                Tensor kNew = kIn.indexSelect(3, keep);
                out.add(rebuild(conv, Map.of("filters", keep.length), kNew,
                        conv.bias() == null ? null : conv.bias().value().indexSelect(0, keep),
                        new int[] {-1, -1, -1, kIn.dim(2)}));
                keptIn = i == last ? null : keep;
            } else if (l instanceof Dense d) {
                Tensor k = d.kernel().value();
                Tensor kIn = k;
                if (keptIn != null) {
                    int[] rows = flattenPixels > 0 ? flattenRows(keptIn, flattenPixels, k.dim(0)) : keptIn;
                    kIn = k.indexSelect(0, rows);
                }
                int[] keep = i == last ? all(k.dim(1)) : strongest(kIn, fraction);
                Tensor kNew = kIn.indexSelect(1, keep);
                out.add(rebuild(d, Map.of("units", keep.length), kNew,
                        d.bias() == null ? null : d.bias().value().indexSelect(0, keep), new int[] {-1, kIn.dim(0)}));
                keptIn = i == last ? null : keep;
                flattenPixels = 0;
            } else if (l instanceof Flatten) {
                if (keptIn != null) {
                    int[] in = l.lastInputShapes().get(0);
                    flattenPixels = 1;
                    for (int a = 1; a < in.length - 1; a++) {
                        flattenPixels *= in[a];
                    }
                }
                out.add(Models.copy(l));
            } else if (l instanceof MaxPooling2D || l instanceof AveragePooling2D || l instanceof Dropout
                    || l instanceof Activation || keptIn == null) {
                out.add(Models.copy(l));
            } else {
                throw new IllegalArgumentException("channel pruning cannot follow channels through " + l.describe());
            }
        }
        Sequential result = new Sequential();
        int[] in = s.builtInputShape();
        result.input(Arrays.copyOfRange(in, 1, in.length));
        for (Layer l : out) {
            result.add(l);
        }
        return result;
    }

    private static boolean weighted(Layer l) {
        return l instanceof Dense || l.getClass() == Conv2D.class;
    }

    private static void checkGroups(Conv2D conv) {
        Object g = conv.config().get("groups");
        if (g instanceof Number n && n.intValue() != 1) {
            throw new IllegalArgumentException("channel pruning: grouped convolution " + conv.describe() + " is not supported");
        }
    }

    private static int[] all(int n) {
        int[] a = new int[n];
        for (int i = 0; i < n; i++) {
            a[i] = i;
        }
        return a;
    }

    /** The columns of {@code w [in, out]} with the largest L1 norms, {@code ceil((1 - fraction)·out)} of them, in order. */
    static int[] strongest(Tensor w, double fraction) {
        int in = w.dim(0);
        int out = w.dim(1);
        double[] norm = new double[out];
        float[] d = w.data();
        for (int r = 0; r < in; r++) {
            for (int j = 0; j < out; j++) {
                norm[j] += Math.abs(d[r * out + j]);
            }
        }
        int keep = Math.max(1, (int) Math.ceil((1 - fraction) * out - 1e-9));
        Integer[] order = new Integer[out];
        for (int j = 0; j < out; j++) {
            order[j] = j;
        }
        Arrays.sort(order, (a, b) -> norm[a] != norm[b] ? Double.compare(norm[b], norm[a]) : Integer.compare(a, b));
        int[] kept = new int[keep];
        for (int j = 0; j < keep; j++) {
            kept[j] = order[j];
        }
        Arrays.sort(kept);
        return kept;
    }

    /** The rows of a Dense kernel after a channels-last Flatten that belong to the kept channels. */
    private static int[] flattenRows(int[] keptChannels, int pixels, int rows) {
        int channels = rows / pixels;
        int[] r = new int[pixels * keptChannels.length];
        int at = 0;
        for (int p = 0; p < pixels; p++) {
            for (int c : keptChannels) {
                r[at++] = p * channels + c;
            }
        }
        return r;
    }

    private static Layer rebuild(Layer l, Map<String, Object> changes, Tensor kernel, Tensor bias, int[] inShape) {
        Map<String, Object> c = new java.util.LinkedHashMap<>(l.config());
        c.putAll(changes);
        c.remove("input_shape");
        Layer n = LayerRegistry.create(l.className(), c);
        int[] shape = l.lastInputShapes().get(0).clone();
        shape[shape.length - 1] = inShape[inShape.length - 1] == -1 ? shape[shape.length - 1] : inShape[inShape.length - 1];
        n.ensureBuilt(List.of(shape));
        List<Tensor> w = new ArrayList<>();
        w.add(kernel);
        if (bias != null) {
            w.add(bias);
        }
        n.setWeights(w);
        return n;
    }
}
