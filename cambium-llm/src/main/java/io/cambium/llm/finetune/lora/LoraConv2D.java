package io.cambium.llm.finetune.lora;

import io.cambium.nn.Configs;
import io.cambium.nn.Variable;
import io.cambium.nn.initializers.Initializers;
import io.cambium.nn.layers.conv.Conv2D;
import io.cambium.tensor.Tensor;
import io.cambium.tensor.autograd.NoGrad;
import io.cambium.tensor.ops.ConvPadding;
import java.util.Locale;
import java.util.Map;

/**
 * A 2-D convolution with low-rank adapters, as Hugging Face PEFT's {@code lora.Conv2d}:
 * {@code y = base(x) + scaling · B(A(dropout(x)))}, where A is a convolution with the base's
 * kernel size, strides, padding and dilation and {@code r} output channels, and B a 1×1
 * convolution from {@code r} to the base's filters. In Cambium's channels-last layout A is
 * {@code [kh, kw, in, r]} and B {@code [1, 1, r, out]}; their product over {@code r} is a kernel
 * of the base's shape, so {@link #merge} is exact.
 *
 * <p>A starts as PEFT's {@code kaiming_uniform_(a=√5)} on {@code [r, in, kh, kw]}, uniform in
 * ±1/√(in·kh·kw), and B at zero. In PEFT's file the factors are {@code lora_A.weight
 * [r, in, kh, kw]} and {@code lora_B.weight [out, r, 1, 1]} (PyTorch's OIHW layout).
 *
 * <p>Two deliberate limits, where LoRA would not be a low-rank change of the base kernel: the base
 * must have no activation (it would come before the update) and no channel groups (PEFT does not
 * merge grouped convolutions either). PEFT builds A without the base's dilation; Cambium gives A the
 * base's dilation, so that a dilated base gets an update of its own kernel that merges exactly.
 */
public final class LoraConv2D extends LoraLayer {
    private final Conv2D conv;
    private final int kh;
    private final int kw;
    private final int in;
    private final int out;
    private final int[] strides;
    private final int[] dilation;
    private final ConvPadding padding;

    /**
     * Wraps {@code base} (its name, the layer's path, becomes this layer's name).
     *
     * @throws IllegalArgumentException when the base has an activation or groups, or is not built
     */
    public LoraConv2D(Conv2D base) {
        super(base);
        if (base.kernel() == null) {
            throw new IllegalArgumentException("LoRA target " + base.name() + " is a Conv2D that is not built yet");
        }
        Map<String, Object> c = base.config();
        String act = Configs.string(c, "activation", "linear");
        if (!"linear".equals(act)) {
            throw new IllegalArgumentException("LoRA target " + base.name() + " is a Conv2D with activation '" + act
                    + "'; only convolutions without activation can be wrapped");
        }
        int groups = Configs.integer(c, "groups", 1);
        if (groups != 1) {
            throw new IllegalArgumentException("LoRA target " + base.name() + " is a Conv2D with " + groups
                    + " groups; LoRA wraps convolutions without groups (a grouped update would not merge)");
        }
        this.conv = base;
        int[] k = base.kernel().shape();
        this.kh = k[0];
        this.kw = k[1];
        this.in = k[2];
        this.out = k[3];
        this.strides = Configs.ints(c, "strides");
        this.dilation = Configs.ints(c, "dilation_rate");
        this.padding = ConvPadding.valueOf(Configs.string(c, "padding", "valid").toUpperCase(Locale.ROOT));
    }

    /** Input channels. */
    public int inChannels() {
        return in;
    }

    /** Output channels (the base's filters). */
    public int outChannels() {
        return out;
    }

    @Override
    protected Variable[] newFactors(String name, int r) {
        double bound = 1.0 / Math.sqrt((double) in * kh * kw);
        Variable a = addWeight("lora_A." + name, new int[] {kh, kw, in, r}, Initializers.randomUniform(-bound, bound),
                null, null, true);
        Variable b = addWeight("lora_B." + name, new int[] {1, 1, r, out}, Initializers.zeros(), null, null, true);
        return new Variable[] {a, b};
    }

    /** {@code scaling · A · B} of an adapter as a kernel {@code [kh, kw, in, out]} (no gradient). */
    @Override
    public Tensor delta(String name) {
        Adapter a = adapter(name);
        int r = a.a().shape()[3];
        try (NoGrad g = NoGrad.scope()) {
            return a.a().value().reshape(kh * kw * in, r).matmul(a.b().value().reshape(r, out))
                    .mul((float) a.scaling()).reshape(kh, kw, in, out);
        }
    }

    @Override
    protected Variable baseWeight() {
        return conv.kernel();
    }

    @Override
    public Map<String, int[]> peftShapes(int r) {
        return shapes("lora_A.weight", new int[] {r, in, kh, kw}, "lora_B.weight", new int[] {out, r, 1, 1});
    }

    @Override
    public Map<String, Tensor> toPeft(String name) {
        Adapter a = adapter(name);
        // [kh, kw, in, r] -> [r, in, kh, kw]; [1, 1, r, out] -> [out, r, 1, 1].
        return tensors("lora_A.weight", a.a().value().permute(3, 2, 0, 1).copy(),
                "lora_B.weight", a.b().value().permute(3, 2, 0, 1).copy());
    }

    @Override
    public void fromPeft(String name, Map<String, Tensor> t) {
        Adapter a = adapter(name);
        a.a().assign(t.get("lora_A.weight").permute(2, 3, 1, 0).copy());
        a.b().assign(t.get("lora_B.weight").permute(2, 3, 1, 0).copy());
    }

    @Override
    public Tensor call(Tensor x, boolean training) {
        Tensor y = base.call(x, training);
        Adapter a = running();
        if (a == null) {
            return y;
        }
        int r = a.a().shape()[3];
        Tensor h = dropout(x, a, training).conv2d(a.a().value(), strides, padding, dilation, 1);
        // B is a 1×1 convolution with stride 1: a product over the channel axis.
        Tensor d = h.reshape(-1, r).matmul(a.b().value().reshape(r, out)).mul((float) a.scaling()).reshape(y.shape());
        return y.add(d);
    }

    @Override
    public int[] computeOutputShape(int[] inputShape) {
        return conv.computeOutputShape(inputShape);
    }

    @Override
    public String className() {
        return "LoraConv2D";
    }
}
