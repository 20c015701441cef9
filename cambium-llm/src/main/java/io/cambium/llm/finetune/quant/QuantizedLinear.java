package io.cambium.llm.finetune.quant;

import io.cambium.nn.Layer;
import io.cambium.nn.Variable;
import io.cambium.nn.layers.core.Dense;
import io.cambium.tensor.Shape;
import io.cambium.tensor.Tensor;
import io.cambium.tensor.autograd.Autograd;
import io.cambium.tensor.kernels.Kernels;
import io.cambium.tensor.quant.Int8Matrix;
import io.cambium.tensor.quant.QuantizedWeight;
import java.util.List;
import java.util.Map;

/**
 * A frozen linear layer whose kernel is held quantized ({@link Int8Matrix} per-channel int8 or
 * {@link Nf4Matrix} block-wise NF4) and dequantized on the fly, a panel of output channels at a
 * time, in the forward and backward matrix products: QLoRA's base layer. The input gradient flows
 * (so adapters below it train); the kernel and the float bias never change. Made from a built
 * linear {@link Dense} with {@link #of(Dense, QuantFormat)}; it takes the Dense's name (its path).
 */
public final class QuantizedLinear extends Layer {
    private final QuantizedWeight weight;
    private final Variable bias;
    private final QuantFormat format;

    private QuantizedLinear(String name, QuantizedWeight weight, Tensor bias, QuantFormat format) {
        super(name);
        this.weight = weight;
        this.format = format;
        this.bias = bias == null ? null : addWeight("bias", new int[] {weight.outFeatures()},
                (shape, rng) -> bias.detach().copy(), null, null, false);
        markBuilt();
    }

    /**
     * The quantized form of a built linear Dense.
     *
     * @throws IllegalArgumentException when the Dense has an activation or is not built
     */
    public static QuantizedLinear of(Dense d, QuantFormat format) {
        if (d.kernel() == null) {
            throw new IllegalArgumentException(d.describe() + " is not built: nothing to quantize");
        }
        if (!"linear".equals(d.activationName())) {
            throw new IllegalArgumentException(d.describe() + " has activation '" + d.activationName()
                    + "'; only linear Dense layers are quantized");
        }
        Tensor k = d.kernel().value();
        QuantizedWeight w = switch (format) {
            case INT8 -> Int8Matrix.quantize(k);
            case NF4 -> Nf4Matrix.quantize(k);
        };
        return new QuantizedLinear(d.name(), w, d.bias() == null ? null : d.bias().value(), format);
    }

    /** The quantized kernel. */
    public QuantizedWeight weight() {
        return weight;
    }

    /** The storage format. */
    public QuantFormat format() {
        return format;
    }

    /** Input features. */
    public int inFeatures() {
        return weight.inFeatures();
    }

    /** Output features. */
    public int outFeatures() {
        return weight.outFeatures();
    }

    /** Bytes held: the quantized kernel with its scales, and the float32 bias. */
    public long storageBytes() {
        return weight.storageBytes() + (bias == null ? 0 : 4L * weight.outFeatures());
    }

    /** The float layer this one approximates: a linear Dense with the dequantized kernel. */
    public Dense toDense() {
        Dense d = new Dense(weight.outFeatures()).useBias(bias != null);
        d.name(name());
        d.ensureBuilt(List.of(new int[] {-1, weight.inFeatures()}));
        d.kernel().assign(weight.dequantize());
        if (bias != null) {
            d.bias().assign(bias.value());
        }
        d.trainable(false);
        return d;
    }

    @Override
    public Tensor call(Tensor x, boolean training) {
        int[] s = x.shape();
        int in = weight.inFeatures();
        if (s.length < 2 || s[s.length - 1] != in) {
            throw new IllegalArgumentException(describe() + ": expected input [..., " + in + "], got " + Shape.str(s));
        }
        Tensor x2 = s.length == 2 ? x : x.reshape(-1, in);
        Tensor y = matmul(x2, weight);
        if (bias != null) {
            y = y.add(bias.value());
        }
        if (s.length != 2) {
            int[] os = s.clone();
            os[s.length - 1] = weight.outFeatures();
            y = y.reshape(os);
        }
        return y;
    }

    /** {@code x · W} differentiable with respect to x: the backward also dequantizes panel by panel. */
    static Tensor matmul(Tensor x, QuantizedWeight w) {
        Tensor y = w.matmul(x.detach());
        return Autograd.record(y, "quantized_matmul", g -> new Tensor[] {inputGradient(g, w, x.dim(0))}, x);
    }

    /** {@code g · Wᵀ} for {@code g [rows, out]}. */
    static Tensor inputGradient(Tensor g, QuantizedWeight w, int rows) {
        int in = w.inFeatures();
        int out = w.outFeatures();
        float[] gd = g.data();
        float[] dx = new float[rows * in];
        float[] panel = new float[in * Math.min(QuantizedWeight.PANEL, out)];
        for (int j = 0; j < out; j += QuantizedWeight.PANEL) {
            int width = Math.min(QuantizedWeight.PANEL, out - j);
            w.dequantizeColumns(j, j + width, panel);
            Kernels.gemm().sgemm(false, true, rows, in, width, 1f, gd, j, out, panel, 0, width, 1f, dx, 0, in);
        }
        return new Tensor(dx, rows, in);
    }

    @Override
    public int[] computeOutputShape(int[] inputShape) {
        int[] o = inputShape.clone();
        o[o.length - 1] = weight.outFeatures();
        return o;
    }

    @Override
    public String className() {
        return "QuantizedLinear";
    }

    @Override
    public Map<String, Object> config() {
        Map<String, Object> c = super.config();
        c.put("format", format.name().toLowerCase(java.util.Locale.ROOT));
        c.put("in_features", weight.inFeatures());
        c.put("out_features", weight.outFeatures());
        return c;
    }
}
