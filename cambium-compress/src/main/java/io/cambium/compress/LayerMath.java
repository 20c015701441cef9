package io.cambium.compress;

import io.cambium.nn.Activations;
import io.cambium.nn.Layer;
import io.cambium.nn.layers.conv.Conv2D;
import io.cambium.nn.layers.core.Dense;
import io.cambium.tensor.Tensor;
import io.cambium.tensor.ops.Affine;
import io.cambium.tensor.ops.ConvPadding;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * The computation of a {@link Dense} or {@link Conv2D} layer with a kernel and bias given by the
 * caller (masked, fake-quantized, rounded to 16 bits), so that compression wrappers change what the
 * layer multiplies with, not the layer's own code. Options are read from the layer's config.
 */
public final class LayerMath {
    private final Layer layer;
    private final boolean dense;
    private final UnaryOperator<Tensor> activation;
    private final boolean relu;
    private final int[] strides;
    private final int[] dilation;
    private final ConvPadding padding;
    private final int groups;

    private LayerMath(Layer layer) {
        this.layer = layer;
        Map<String, Object> c = layer.config();
        String act = String.valueOf(c.getOrDefault("activation", "linear"));
        this.activation = Activations.get(act);
        this.relu = Activations.isBuiltInRelu(activation);
        this.dense = layer instanceof Dense;
        if (dense) {
            strides = null;
            dilation = null;
            padding = null;
            groups = 1;
        } else {
            strides = ints(c.get("strides"));
            dilation = ints(c.get("dilation_rate"));
            padding = ConvPadding.valueOf(String.valueOf(c.get("padding")).toUpperCase(Locale.ROOT));
            groups = ((Number) c.getOrDefault("groups", 1)).intValue();
        }
    }

    /** Whether compression wrappers can take this layer: a Dense or a Conv2D (not a subclass of it). */
    public static boolean supports(Layer l) {
        return l instanceof Dense || l.getClass() == Conv2D.class;
    }

    /**
     * The math of {@code layer}.
     *
     * @throws IllegalArgumentException when the layer is not {@link #supports supported}
     */
    public static LayerMath of(Layer layer) {
        if (!supports(layer)) {
            throw new IllegalArgumentException(layer.describe() + ": only Dense and Conv2D layers can be wrapped");
        }
        return new LayerMath(layer);
    }

    private static int[] ints(Object o) {
        List<?> l = (List<?>) o;
        int[] a = new int[l.size()];
        for (int i = 0; i < a.length; i++) {
            a[i] = ((Number) l.get(i)).intValue();
        }
        return a;
    }

    /** Whether the layer's activation is ReLU (fused into the kernels). */
    public boolean relu() {
        return relu;
    }

    /** Whether the layer is a Dense layer (else a Conv2D). */
    public boolean dense() {
        return dense;
    }

    /** Strides (height, width) of a Conv2D. */
    public int[] strides() {
        return strides.clone();
    }

    /** Dilation (height, width) of a Conv2D. */
    public int[] dilation() {
        return dilation.clone();
    }

    /** Padding of a Conv2D. */
    public ConvPadding padding() {
        return padding;
    }

    /** Groups of a Conv2D. */
    public int groups() {
        return groups;
    }

    /** The layer's activation applied to a pre-activation (ReLU included). */
    public Tensor activate(Tensor z) {
        return activation.apply(z);
    }

    /** The layer's output for input {@code x} computed with {@code kernel} and {@code bias} (may be null). */
    public Tensor forward(Tensor x, Tensor kernel, Tensor bias) {
        Tensor y;
        if (dense) {
            int[] s = x.shape();
            int in = s[s.length - 1];
            if (s.length == 2) {
                y = Affine.apply(x, kernel, bias, relu);
            } else {
                int[] out = s.clone();
                out[s.length - 1] = kernel.dim(1);
                y = Affine.apply(x.reshape(-1, in), kernel, bias, relu).reshape(out);
            }
        } else {
            y = x.conv2d(kernel, bias, relu, strides, padding, dilation, groups);
        }
        return relu ? y : activation.apply(y);
    }

    /** The wrapped layer. */
    public Layer layer() {
        return layer;
    }
}
