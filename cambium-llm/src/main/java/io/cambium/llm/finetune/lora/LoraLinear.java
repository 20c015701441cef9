package io.cambium.llm.finetune.lora;

import io.cambium.llm.finetune.quant.QuantizedLinear;
import io.cambium.nn.Layer;
import io.cambium.nn.Variable;
import io.cambium.nn.initializers.Initializers;
import io.cambium.nn.layers.core.Dense;
import io.cambium.tensor.Tensor;
import io.cambium.tensor.autograd.NoGrad;
import java.util.Map;

/**
 * A linear layer with low-rank adapters (LoRA, Hu et al. 2021, as Hugging Face PEFT's
 * {@code lora.Linear}): {@code y = base(x) + scaling · dropout(x) · A · B} with {@code A [in, r]},
 * {@code B [r, out]} and {@code scaling = alpha / r}. The base is a bias-carrying {@link Dense}
 * without activation, or a frozen {@link QuantizedLinear}.
 *
 * <p>A starts as PEFT's {@code kaiming_uniform_(a=√5)}, uniform in ±1/√in, and B at zero, so the
 * wrapped model computes exactly what the base did until B trains. In PEFT's file, A is
 * {@code lora_A.weight [r, in]} and B {@code lora_B.weight [out, r]} (PyTorch's Linear layout,
 * Cambium's factors transposed).
 */
public final class LoraLinear extends LoraLayer {
    private final int in;
    private final int out;

    /**
     * Wraps {@code base} (its name, the layer's path, becomes this layer's name).
     *
     * @throws IllegalArgumentException when the base is not a linear layer
     */
    public LoraLinear(Layer base) {
        super(base);
        int[] io = linearShape(base);
        this.in = io[0];
        this.out = io[1];
    }

    /**
     * {@code [in, out]} of a layer LoRA can wrap, or an error naming it.
     *
     * @throws IllegalArgumentException for other layers
     */
    static int[] linearShape(Layer l) {
        if (l instanceof Dense d) {
            if (!"linear".equals(d.activationName())) {
                throw new IllegalArgumentException("LoRA target " + d.name() + " is a Dense with activation '"
                        + d.activationName() + "'; only linear Dense layers can be wrapped");
            }
            int[] k = d.kernel().shape();
            return new int[] {k[0], k[1]};
        }
        if (l instanceof QuantizedLinear q) {
            return new int[] {q.inFeatures(), q.outFeatures()};
        }
        throw new IllegalArgumentException("LoRA target " + l.name() + " is a " + l.className()
                + "; LoraLinear wraps linear layers (Dense, QuantizedLinear)");
    }

    /** Input features. */
    public int inFeatures() {
        return in;
    }

    /** Output features. */
    public int outFeatures() {
        return out;
    }

    @Override
    protected Variable[] newFactors(String name, int r) {
        double bound = 1.0 / Math.sqrt(in);
        Variable a = addWeight("lora_A." + name, new int[] {in, r}, Initializers.randomUniform(-bound, bound),
                null, null, true);
        Variable b = addWeight("lora_B." + name, new int[] {r, out}, Initializers.zeros(), null, null, true);
        return new Variable[] {a, b};
    }

    /** {@code scaling · A · B} of an adapter, {@code [in, out]} (no gradient). */
    @Override
    public Tensor delta(String name) {
        Adapter a = adapter(name);
        try (NoGrad g = NoGrad.scope()) {
            return a.a().value().matmul(a.b().value()).mul((float) a.scaling());
        }
    }

    @Override
    protected Variable baseWeight() {
        if (!(base instanceof Dense d)) {
            throw new IllegalStateException(describe() + ": the base is " + base.className()
                    + "; merging needs a float Dense base (dequantize the base first)");
        }
        return d.kernel();
    }

    @Override
    public Map<String, int[]> peftShapes(int r) {
        return shapes("lora_A.weight", new int[] {r, in}, "lora_B.weight", new int[] {out, r});
    }

    @Override
    public Map<String, Tensor> toPeft(String name) {
        Adapter a = adapter(name);
        return tensors("lora_A.weight", a.a().value().t().copy(), "lora_B.weight", a.b().value().t().copy());
    }

    @Override
    public void fromPeft(String name, Map<String, Tensor> t) {
        Adapter a = adapter(name);
        a.a().assign(t.get("lora_A.weight").t().copy());
        a.b().assign(t.get("lora_B.weight").t().copy());
    }

    @Override
    public Tensor call(Tensor x, boolean training) {
        Tensor y = base.call(x, training);
        Adapter a = running();
        if (a == null) {
            return y;
        }
        int[] s = x.shape();
        Tensor h = dropout(s.length == 2 ? x : x.reshape(-1, in), a, training);
        Tensor d = h.matmul(a.a().value()).matmul(a.b().value()).mul((float) a.scaling());
        if (s.length != 2) {
            int[] os = s.clone();
            os[s.length - 1] = out;
            d = d.reshape(os);
        }
        return y.add(d);
    }

    @Override
    public int[] computeOutputShape(int[] inputShape) {
        int[] o = inputShape.clone();
        o[o.length - 1] = out;
        return o;
    }

    @Override
    public String className() {
        return "LoraLinear";
    }
}
