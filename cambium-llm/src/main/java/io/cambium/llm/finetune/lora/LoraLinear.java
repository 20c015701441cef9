package io.cambium.llm.finetune.lora;

import io.cambium.Cambium;
import io.cambium.llm.finetune.quant.QuantizedLinear;
import io.cambium.nn.Layer;
import io.cambium.nn.Variable;
import io.cambium.nn.initializers.Initializers;
import io.cambium.nn.layers.core.Dense;
import io.cambium.tensor.Tensor;
import io.cambium.tensor.autograd.NoGrad;
import io.cambium.tensor.random.Rng;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A linear layer with low-rank adapters (LoRA, Hu et al. 2021, as Hugging Face PEFT's
 * {@code lora.Linear}): {@code y = base(x) + scaling · dropout(x) · A · B} with {@code A [in, r]},
 * {@code B [r, out]} and {@code scaling = alpha / r}. A wrapper in the base layer's place, not a
 * branch inside it: the base (a bias-carrying {@link Dense} without activation, or a frozen
 * {@link QuantizedLinear}) is called unchanged and stays frozen.
 *
 * <p>A starts as PEFT's {@code kaiming_uniform_(a=√5)}, uniform in ±1/√in, and B at zero, so the
 * wrapped model computes exactly what the base did until B trains. Several named adapters can live
 * on one layer; one is active (the others are frozen and skipped). {@link #merge} adds the active
 * update to a float base kernel (the adapter then no longer runs), {@link #unmerge} subtracts it.
 */
public final class LoraLinear extends Layer {
    /** One adapter's weights and scale. */
    private record Adapter(Variable a, Variable b, double scaling, float dropout, LoraConfig config) {
    }

    /** The wrapped layer; a field, so its variables remain the model's. */
    private final Layer base;
    private final int in;
    private final int out;
    private final LinkedHashMap<String, Adapter> adapters = new LinkedHashMap<>();
    private final Set<String> merged = new LinkedHashSet<>();
    private String active;

    /**
     * Wraps {@code base} (its name, the layer's path, becomes this layer's name).
     *
     * @throws IllegalArgumentException when the base is not a linear layer
     */
    public LoraLinear(Layer base) {
        super(base.name());
        this.base = base;
        int[] io = linearShape(base);
        this.in = io[0];
        this.out = io[1];
        markBuilt();
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
                + "; LoRA wraps linear layers (Dense, QuantizedLinear)");
    }

    /** The wrapped base layer. */
    public Layer base() {
        return base;
    }

    /** Input features. */
    public int inFeatures() {
        return in;
    }

    /** Output features. */
    public int outFeatures() {
        return out;
    }

    /**
     * Adds an adapter named {@code name} with fresh weights (A uniform in ±1/√in from
     * {@link Cambium#rng()}, B zero), trainable; it becomes active when it is the first.
     *
     * @throws IllegalArgumentException when the name is taken or not a simple identifier
     */
    public void addAdapter(String name, LoraConfig cfg) {
        checkName(name);
        if (adapters.containsKey(name)) {
            throw new IllegalArgumentException(describe() + " already has an adapter '" + name + "'");
        }
        double bound = 1.0 / Math.sqrt(in);
        Variable a = addWeight("lora_A." + name, new int[] {in, cfg.r()}, Initializers.randomUniform(-bound, bound),
                null, null, true);
        Variable b = addWeight("lora_B." + name, new int[] {cfg.r(), out}, Initializers.zeros(), null, null, true);
        adapters.put(name, new Adapter(a, b, cfg.scaling(), (float) cfg.dropout(), cfg.copy()));
        if (active == null) {
            active = name;
        }
        refreshTrainable();
    }

    static void checkName(String name) {
        if (name == null || !name.matches("[A-Za-z0-9_\\-]+")) {
            throw new IllegalArgumentException("adapter name '" + name + "' must be letters, digits, '_' or '-'");
        }
    }

    /** The adapter names, in the order added. */
    public List<String> adapterNames() {
        return new ArrayList<>(adapters.keySet());
    }

    /** The active adapter's name, or {@code null} when adapters are disabled. */
    public String activeAdapter() {
        return active;
    }

    /**
     * Makes {@code name} the adapter that runs and trains ({@code null}: none, the base alone).
     *
     * @throws IllegalArgumentException for an unknown name
     * @throws IllegalStateException while another adapter is merged
     */
    public void setActiveAdapter(String name) {
        if (name != null && !adapters.containsKey(name)) {
            throw new IllegalArgumentException(describe() + " has no adapter '" + name + "' (adapters: "
                    + adapters.keySet() + ")");
        }
        if (!merged.isEmpty() && !merged.contains(name)) {
            throw new IllegalStateException(describe() + ": adapter(s) " + merged + " are merged into the base; "
                    + "unmerge before switching");
        }
        active = name;
        refreshTrainable();
    }

    /** The adapter's {@code A [in, r]} variable. */
    public Variable loraA(String name) {
        return adapter(name).a();
    }

    /** The adapter's {@code B [r, out]} variable. */
    public Variable loraB(String name) {
        return adapter(name).b();
    }

    /** The adapter's configuration. */
    public LoraConfig config(String name) {
        return adapter(name).config().copy();
    }

    private Adapter adapter(String name) {
        Adapter a = adapters.get(name);
        if (a == null) {
            throw new IllegalArgumentException(describe() + " has no adapter '" + name + "' (adapters: "
                    + adapters.keySet() + ")");
        }
        return a;
    }

    /** Only the active, unmerged adapter trains; the base never does. */
    private void refreshTrainable() {
        for (Map.Entry<String, Adapter> e : adapters.entrySet()) {
            boolean on = e.getKey().equals(active) && !merged.contains(e.getKey());
            e.getValue().a().setTrainable(on);
            e.getValue().b().setTrainable(on);
        }
    }

    /** Whether the named adapter is merged into the base kernel. */
    public boolean isMerged(String name) {
        return merged.contains(name);
    }

    /** {@code scaling · A · B} of an adapter, {@code [in, out]} (no gradient). */
    public Tensor delta(String name) {
        Adapter a = adapter(name);
        try (NoGrad g = NoGrad.scope()) {
            return a.a().value().matmul(a.b().value()).mul((float) a.scaling());
        }
    }

    /**
     * Adds the active adapter's update to the base kernel; the adapter then stops running (its
     * weights are kept, for {@link #unmerge}).
     *
     * @throws IllegalStateException when the base is quantized, no adapter is active, or it is merged
     */
    public void merge() {
        if (active == null || merged.contains(active)) {
            throw new IllegalStateException(describe() + ": no unmerged active adapter to merge");
        }
        Variable k = floatKernel();
        try (NoGrad g = NoGrad.scope()) {
            k.assign(k.value().add(delta(active)));
        }
        merged.add(active);
        refreshTrainable();
    }

    /**
     * Subtracts every merged adapter's update from the base kernel again (exact up to float
     * rounding), so the adapters run separately.
     */
    public void unmerge() {
        Variable k = floatKernel();
        try (NoGrad g = NoGrad.scope()) {
            for (String name : merged) {
                k.assign(k.value().sub(delta(name)));
            }
        }
        merged.clear();
        refreshTrainable();
    }

    private Variable floatKernel() {
        if (!(base instanceof Dense d)) {
            throw new IllegalStateException(describe() + ": the base is " + base.className()
                    + "; merging needs a float Dense base (dequantize the base first)");
        }
        return d.kernel();
    }

    /**
     * Forgets every adapter: the base layer with the active adapter merged when {@code merge} (for
     * PEFT's {@code merge_and_unload}), else as it was.
     */
    Layer unload(boolean merge) {
        if (merge && active != null && !merged.contains(active)) {
            merge();
        } else if (!merge && !merged.isEmpty()) {
            unmerge();
        }
        return base;
    }

    @Override
    public Tensor call(Tensor x, boolean training) {
        Tensor y = base.call(x, training);
        if (active == null || merged.contains(active)) {
            return y;
        }
        Adapter a = adapters.get(active);
        int[] s = x.shape();
        Tensor h = s.length == 2 ? x : x.reshape(-1, in);
        if (training && a.dropout() > 0) {
            Rng rng = Cambium.rng();
            synchronized (rng) {
                h = h.dropout(a.dropout(), rng);
            }
        }
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

    @Override
    public Map<String, Object> config() {
        Map<String, Object> c = super.config();
        c.put("adapters", Collections.unmodifiableList(adapterNames()));
        c.put("active_adapter", active);
        return c;
    }
}
