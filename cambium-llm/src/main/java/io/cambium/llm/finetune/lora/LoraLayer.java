package io.cambium.llm.finetune.lora;

import io.cambium.llm.finetune.quant.QuantizedLinear;
import io.cambium.nn.Layer;
import io.cambium.nn.Variable;
import io.cambium.nn.layers.conv.Conv2D;
import io.cambium.nn.layers.core.Dense;
import io.cambium.nn.layers.embedding.Embedding;
import io.cambium.tensor.Tensor;
import io.cambium.tensor.autograd.NoGrad;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A layer with low-rank adapters in a base layer's place (Hugging Face PEFT's {@code LoraLayer}):
 * the base is called unchanged and stays frozen, and the active adapter adds a low-rank update.
 * Several named adapters can live on one layer; one is active (the others are frozen and skipped).
 * {@link #merge} adds the active adapter's update to the float base weight (the adapter then no
 * longer runs), {@link #unmerge} subtracts it again.
 *
 * <p>The kinds are PEFT's: {@link LoraLinear} ({@code lora.Linear}), {@link LoraEmbedding}
 * ({@code lora.Embedding}) and {@link LoraConv2D} ({@code lora.Conv2d}); {@link #wrap} picks the
 * one for a layer. Each kind stores its factors in Cambium's layout and converts them to and from
 * PEFT's tensor names and layouts for the adapter files.
 */
public abstract class LoraLayer extends Layer {
    /** One adapter's weights and scale. */
    record Adapter(Variable a, Variable b, double scaling, float dropout, LoraConfig config) {
    }

    /** The wrapped layer; a field, so its variables remain the model's. */
    protected final Layer base;
    private final LinkedHashMap<String, Adapter> adapters = new LinkedHashMap<>();
    private final Set<String> merged = new LinkedHashSet<>();
    private String active;

    /** Wraps {@code base}; its name (the layer's path) becomes this layer's name. */
    protected LoraLayer(Layer base) {
        super(base.name());
        this.base = base;
        markBuilt();
    }

    /**
     * The LoRA layer for {@code layer}: {@link LoraLinear} for a linear {@link Dense} or a
     * {@link QuantizedLinear}, {@link LoraEmbedding} for an {@link Embedding}, {@link LoraConv2D}
     * for a {@link Conv2D} without activation and groups.
     *
     * @throws IllegalArgumentException naming the layer when LoRA cannot wrap it
     */
    public static LoraLayer wrap(Layer layer) {
        if (layer instanceof Embedding e) {
            return new LoraEmbedding(e);
        }
        if (layer instanceof Conv2D c) {
            return new LoraConv2D(c);
        }
        if (layer instanceof Dense || layer instanceof QuantizedLinear) {
            return new LoraLinear(layer);
        }
        throw new IllegalArgumentException("LoRA target " + layer.name() + " is a " + layer.className()
                + "; LoRA wraps Dense, QuantizedLinear, Embedding and Conv2D layers");
    }

    /** Whether {@link #wrap} accepts {@code layer} (a kind LoRA wraps, configured so that it can). */
    public static boolean canWrap(Layer layer) {
        if (layer instanceof LoraLayer) {
            return true;
        }
        try {
            wrap(layer);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** Whether {@code layer} is linear (a {@link Dense} without activation or a {@link QuantizedLinear}). */
    static boolean isLinear(Layer layer) {
        if (layer instanceof LoraLinear) {
            return true;
        }
        if (layer instanceof QuantizedLinear) {
            return true;
        }
        return layer instanceof Dense d && "linear".equals(d.activationName());
    }

    /** The wrapped base layer. */
    public Layer base() {
        return base;
    }

    // ---------------------------------------------------------------- what each kind defines

    /**
     * Creates adapter {@code name}'s two factors as weights of this layer, initialized as PEFT
     * does for this kind (A first, then B).
     */
    protected abstract Variable[] newFactors(String name, int r);

    /** {@code scaling · A · B} of an adapter in the base weight's own layout (no gradient). */
    public abstract Tensor delta(String name);

    /** The float base weight that {@link #merge} changes. @throws IllegalStateException when there is none */
    protected abstract Variable baseWeight();

    /**
     * The shapes of the adapter's tensors in PEFT's file for rank {@code r}, by name suffix
     * ({@code lora_A.weight}, {@code lora_embedding_A}, ...), in file order.
     */
    public abstract Map<String, int[]> peftShapes(int r);

    /** Adapter {@code name}'s tensors in PEFT's layout, by name suffix as {@link #peftShapes}. */
    public abstract Map<String, Tensor> toPeft(String name);

    /** Sets adapter {@code name}'s factors from tensors in PEFT's layout (checked by the caller). */
    public abstract void fromPeft(String name, Map<String, Tensor> tensors);

    // ---------------------------------------------------------------- adapters

    /**
     * Adds an adapter named {@code name} of rank {@code cfg.r()} and scale {@code cfg.scaling()}
     * with fresh weights (initialized
     * from {@link io.cambium.Cambium#rng()} as PEFT does for this kind), trainable; it becomes
     * active when it is the first.
     *
     * @throws IllegalArgumentException when the name is taken or not a simple identifier
     */
    public void addAdapter(String name, LoraConfig cfg) {
        addAdapter(name, cfg, cfg.r(), cfg.scaling());
    }

    /** As {@link #addAdapter(String, LoraConfig)} with this layer's rank and scale (from the patterns). */
    void addAdapter(String name, LoraConfig cfg, int r, double scaling) {
        checkName(name);
        if (adapters.containsKey(name)) {
            throw new IllegalArgumentException(describe() + " already has an adapter '" + name + "'");
        }
        Variable[] ab = newFactors(name, r);
        adapters.put(name, new Adapter(ab[0], ab[1], scaling, (float) cfg.dropout(), cfg.copy()));
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

    /** The adapter's A factor (Cambium's layout; see the kind's documentation). */
    public Variable loraA(String name) {
        return adapter(name).a();
    }

    /** The adapter's B factor (Cambium's layout; see the kind's documentation). */
    public Variable loraB(String name) {
        return adapter(name).b();
    }

    /** The adapter's configuration. */
    public LoraConfig config(String name) {
        return adapter(name).config().copy();
    }

    /** The adapter's scale of the update (alpha / r, or alpha / sqrt(r) with rsLoRA). */
    public double scaling(String name) {
        return adapter(name).scaling();
    }

    Adapter adapter(String name) {
        Adapter a = adapters.get(name);
        if (a == null) {
            throw new IllegalArgumentException(describe() + " has no adapter '" + name + "' (adapters: "
                    + adapters.keySet() + ")");
        }
        return a;
    }

    /** The adapter that runs now: active and not merged, or {@code null}. */
    protected Adapter running() {
        return active == null || merged.contains(active) ? null : adapters.get(active);
    }

    /** Only the active, unmerged adapter trains; the base never does. */
    private void refreshTrainable() {
        for (Map.Entry<String, Adapter> e : adapters.entrySet()) {
            boolean on = e.getKey().equals(active) && !merged.contains(e.getKey());
            e.getValue().a().setTrainable(on);
            e.getValue().b().setTrainable(on);
        }
    }

    /** Whether the named adapter is merged into the base weight. */
    public boolean isMerged(String name) {
        return merged.contains(name);
    }

    /** Whether any adapter is merged into the base weight. */
    public boolean anyMerged() {
        return !merged.isEmpty();
    }

    /**
     * Adds the active adapter's update to the base weight; the adapter then stops running (its
     * weights are kept, for {@link #unmerge}).
     *
     * @throws IllegalStateException when the base is not float, no adapter is active, or it is merged
     */
    public void merge() {
        if (active == null || merged.contains(active)) {
            throw new IllegalStateException(describe() + ": no unmerged active adapter to merge");
        }
        Variable w = baseWeight();
        try (NoGrad g = NoGrad.scope()) {
            w.assign(w.value().add(delta(active)));
        }
        merged.add(active);
        refreshTrainable();
    }

    /**
     * Subtracts every merged adapter's update from the base weight again (exact up to float
     * rounding), so the adapters run separately.
     */
    public void unmerge() {
        if (merged.isEmpty()) {
            return;
        }
        Variable w = baseWeight();
        try (NoGrad g = NoGrad.scope()) {
            for (String name : merged) {
                w.assign(w.value().sub(delta(name)));
            }
        }
        merged.clear();
        refreshTrainable();
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

    /** {@code h} with the adapter's dropout applied while training (PEFT's {@code lora_dropout}). */
    protected static Tensor dropout(Tensor h, Adapter a, boolean training) {
        if (!training || a.dropout() <= 0) {
            return h;
        }
        io.cambium.tensor.random.Rng rng = io.cambium.Cambium.rng();
        synchronized (rng) {
            return h.dropout(a.dropout(), rng);
        }
    }

    @Override
    public Map<String, Object> config() {
        Map<String, Object> c = super.config();
        c.put("adapters", Collections.unmodifiableList(adapterNames()));
        c.put("active_adapter", active);
        return c;
    }

    /** A map of PEFT tensor names to shapes, in order. */
    static Map<String, int[]> shapes(String k1, int[] s1, String k2, int[] s2) {
        Map<String, int[]> m = new LinkedHashMap<>();
        m.put(k1, s1);
        m.put(k2, s2);
        return m;
    }

    /** A map of PEFT tensor names to tensors, in order. */
    static Map<String, Tensor> tensors(String k1, Tensor t1, String k2, Tensor t2) {
        Map<String, Tensor> m = new LinkedHashMap<>();
        m.put(k1, t1);
        m.put(k2, t2);
        return m;
    }
}
