package io.cambium.llm.finetune.lora;

import io.cambium.llm.finetune.ConfigFiles;
import io.cambium.llm.finetune.quant.QuantizedLinear;
import io.cambium.llm.model.Composite;
import io.cambium.llm.model.Gpt;
import io.cambium.llm.model.LayerPaths;
import io.cambium.nn.Layer;
import io.cambium.nn.Variable;
import io.cambium.nn.io.InvalidFileException;
import io.cambium.nn.io.SafeTensors;
import io.cambium.tensor.Shape;
import io.cambium.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * LoRA applied to a model made of {@link Composite}s (a {@link Gpt}, or any composite of library
 * layers), as Hugging Face PEFT's {@code get_peft_model}: the layers selected by the configuration's
 * target patterns are replaced by {@link LoraLayer} wrappers ({@link LoraLinear} for linear layers,
 * {@link LoraEmbedding} for embedding tables, {@link LoraConv2D} for 2-D convolutions), every base
 * weight is frozen, and only the adapters train.
 *
 * <pre>{@code
 * LoraModel lora = LoraModel.wrap(gpt, new LoraConfig().r(8).alpha(16).targetModules("c_attn"));
 * // ... train gpt's trainable variables (the adapters) ...
 * lora.saveAdapter(dir);                 // adapter_model.safetensors + adapter_config.json (PEFT's names)
 * LoraModel again = LoraModel.load(freshBase, dir);
 * }</pre>
 *
 * Several adapters live on one base ({@link #addAdapter}, {@link #loadAdapter}); one is active at a
 * time ({@link #setAdapter}). {@link #merge()} folds the active adapter into the float base kernels
 * and {@link #unmerge()} takes it out again; {@link #mergeAndUnload()} leaves a plain model.
 *
 * <p>Files use PEFT's layout: tensor {@code base_model.model.<module>.lora_A.weight} is A
 * transposed ({@code [r, in]}, PyTorch's Linear layout), {@code lora_B.weight} is B transposed
 * ({@code [out, r]}); modules are named as in Hugging Face's GPT-2 ({@code transformer.h.0.attn.c_attn},
 * {@code lm_head}); an embedding's factors are {@code lora_embedding_A [r, vocab]} and
 * {@code lora_embedding_B [dim, r]}, a convolution's {@code lora_A.weight [r, in, kh, kw]} and
 * {@code lora_B.weight [out, r, 1, 1]}.
 */
public final class LoraModel {
    /** The adapter weights' file name (PEFT's). */
    public static final String WEIGHTS_FILE = "adapter_model.safetensors";
    /** The adapter configuration's file name (PEFT's). */
    public static final String CONFIG_FILE = "adapter_config.json";
    /** The name of the first adapter (PEFT's). */
    public static final String DEFAULT = "default";
    private static final String PREFIX = "base_model.model.";

    private final Composite root;
    private final Map<String, LoraLayer> wrappers = new LinkedHashMap<>();
    private final Map<String, LoraConfig> configs = new LinkedHashMap<>();
    private String active;

    private LoraModel(Composite root) {
        this.root = root;
    }

    /** Wraps the targets of {@code cfg} with a fresh adapter named {@value #DEFAULT}; freezes the base. */
    public static LoraModel wrap(Composite root, LoraConfig cfg) {
        return wrap(root, cfg, DEFAULT);
    }

    /**
     * Wraps the targets of {@code cfg} with a fresh adapter named {@code adapter}; freezes the base.
     *
     * @throws IllegalArgumentException when a target pattern selects no layer or a layer LoRA cannot
     *     wrap, or the model already has LoRA layers (use {@link #addAdapter})
     */
    public static LoraModel wrap(Composite root, LoraConfig cfg, String adapter) {
        for (Layer l : LayerPaths.all(root).values()) {
            if (l instanceof LoraLayer) {
                throw new IllegalArgumentException("the model already has LoRA layers (" + l.name()
                        + "): add adapters through its LoraModel");
            }
        }
        LoraLayer.checkName(adapter);
        List<String> paths = targets(root, cfg);
        LoraModel m = new LoraModel(root);
        ((Layer) root).trainable(false);
        m.attach(adapter, cfg, paths);
        return m;
    }

    /** The wrapped model. */
    public Composite model() {
        return root;
    }

    /** The wrappers by path. */
    public Map<String, LoraLayer> loraLayers() {
        return new LinkedHashMap<>(wrappers);
    }

    /** The adapter names, in the order added. */
    public List<String> adapters() {
        return new ArrayList<>(configs.keySet());
    }

    /** The active adapter, or {@code null} when adapters are disabled. */
    public String activeAdapter() {
        return active;
    }

    /** An adapter's configuration. */
    public LoraConfig config(String adapter) {
        LoraConfig c = configs.get(adapter);
        if (c == null) {
            throw new IllegalArgumentException("no adapter '" + adapter + "' (adapters: " + configs.keySet() + ")");
        }
        return c.copy();
    }

    /**
     * Adds a fresh adapter on the layers {@code cfg} targets (wrapping those not wrapped yet) and
     * makes it active, as PEFT's {@code add_adapter} followed by {@code set_adapter}.
     *
     * @throws IllegalArgumentException for a taken name or a target pattern that selects nothing
     *     or a layer LoRA cannot wrap
     */
    public void addAdapter(String adapter, LoraConfig cfg) {
        LoraLayer.checkName(adapter);
        if (configs.containsKey(adapter)) {
            throw new IllegalArgumentException("adapter '" + adapter + "' exists already (adapters: "
                    + configs.keySet() + ")");
        }
        List<String> paths = targets(root, cfg);
        attach(adapter, cfg, paths);
    }

    private void attach(String adapter, LoraConfig cfg, List<String> paths) {
        Set<String> toWrap = new LinkedHashSet<>();
        for (String p : paths) {
            if (!wrappers.containsKey(p)) {
                toWrap.add(p);
            }
        }
        if (!toWrap.isEmpty()) {
            LayerPaths.replace(root, toWrap::contains, l -> {
                LoraLayer w = LoraLayer.wrap(l);
                l.trainable(false);
                return w;
            }).forEach((p, w) -> wrappers.put(p, (LoraLayer) w));
        }
        for (String p : paths) {
            String module = moduleName(root, p);
            wrappers.get(p).addAdapter(adapter, cfg, cfg.rankFor(module, p), cfg.scalingFor(module, p));
        }
        configs.put(adapter, cfg.copy());
        setAdapter(adapter);
    }

    /**
     * The paths of the layers {@code cfg} targets, in model order.
     *
     * @throws IllegalArgumentException naming the pattern when one selects no layer, and the layer
     *     when a selected one is not a kind LoRA wraps ({@link LoraLayer#wrap})
     */
    public static List<String> targets(Composite root, LoraConfig cfg) {
        Map<String, Layer> all = LayerPaths.all(root);
        List<String> out = new ArrayList<>();
        Set<String> unmatched = new LinkedHashSet<>(cfg.targetModules());
        Pattern regex = cfg.targetRegex() == null ? null : Pattern.compile(cfg.targetRegex());
        boolean allLinear = cfg.targetModules().contains(LoraConfig.ALL_LINEAR);
        unmatched.remove(LoraConfig.ALL_LINEAR);
        for (Map.Entry<String, Layer> e : all.entrySet()) {
            String path = e.getKey();
            String module = moduleName(root, path);
            boolean hit = false;
            if (regex != null) {
                hit = regex.matcher(module).matches() || regex.matcher(path).matches();
            }
            for (String t : cfg.targetModules()) {
                if (LoraConfig.suffixMatch(module, t) || LoraConfig.suffixMatch(path, t)) {
                    hit = true;
                    unmatched.remove(t);
                }
            }
            if (allLinear && LoraLayer.isLinear(e.getValue()) && !path.equals("lm_head")) {
                hit = true;
            }
            if (hit) {
                if (!LoraLayer.canWrap(e.getValue())) {
                    String why;
                    try {
                        LoraLayer.wrap(e.getValue());
                        why = "";
                    } catch (IllegalArgumentException x) {
                        why = x.getMessage();
                    }
                    throw new IllegalArgumentException(why + " (the layers LoRA can wrap here: "
                            + String.join(", ", wrappableNames(all)) + ")");
                }
                out.add(path);
            }
        }
        for (Map<String, ?> pattern : List.of(cfg.rankPattern(), cfg.alphaPattern())) {
            for (String key : pattern.keySet()) {
                boolean used = false;
                for (String p : out) {
                    used |= LoraConfig.patternKey(java.util.Set.of(key), moduleName(root, p), p) != null;
                }
                if (!used) {
                    throw new IllegalArgumentException("LoRA " + (pattern == cfg.rankPattern() ? "rank" : "alpha")
                            + "_pattern key '" + key + "' matches none of the targets " + out);
                }
            }
        }
        if (!unmatched.isEmpty()) {
            throw new IllegalArgumentException("LoRA target pattern(s) " + unmatched + " match no layer of the model "
                    + "(the layers LoRA can wrap: " + String.join(", ", wrappableNames(all)) + ")");
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException("LoRA targets " + (regex != null ? "/" + regex + "/" : cfg.targetModules())
                    + " match no layer of the model (the layers LoRA can wrap: " + String.join(", ", wrappableNames(all))
                    + ")");
        }
        return out;
    }

    /** The distinct local names of the layers LoRA can wrap (attn.c_attn, wte, ...), for messages. */
    private static Set<String> wrappableNames(Map<String, Layer> all) {
        Set<String> names = new TreeSet<>();
        all.forEach((p, l) -> {
            if (LoraLayer.canWrap(l)) {
                int dot = p.lastIndexOf('.');
                String parent = p.substring(0, Math.max(0, dot));
                int dot2 = parent.lastIndexOf('.');
                names.add(dot < 0 ? p : parent.substring(dot2 + 1) + "." + p.substring(dot + 1));
            }
        });
        return names;
    }

    /**
     * The Hugging Face module name of a layer path: GPT-2's modules live under {@code transformer.}
     * except the output head.
     */
    public static String moduleName(Composite root, String path) {
        if (root instanceof Gpt && !path.equals("lm_head")) {
            return "transformer." + path;
        }
        return path;
    }

    /**
     * Makes {@code adapter} the one that runs and trains on every layer that has it (layers
     * without it run their base alone); {@code null} disables all adapters.
     */
    public void setAdapter(String adapter) {
        if (adapter != null && !configs.containsKey(adapter)) {
            throw new IllegalArgumentException("no adapter '" + adapter + "' (adapters: " + configs.keySet() + ")");
        }
        for (LoraLayer w : wrappers.values()) {
            w.setActiveAdapter(adapter != null && w.adapterNames().contains(adapter) ? adapter : null);
        }
        active = adapter;
    }

    /** The number of trainable parameters (the active adapter's). */
    public long trainableParameterCount() {
        long n = 0;
        for (Variable v : ((Layer) root).trainableVariables()) {
            n += Shape.numel(v.shape());
        }
        return n;
    }

    /** All parameters: float variables (adapters included) and quantized kernels' values. */
    public long parameterCount() {
        long n = 0;
        for (Variable v : ((Layer) root).variables()) {
            n += Shape.numel(v.shape());
        }
        for (Layer l : ((Layer) root).allLayersIncludingSelf()) {
            if (l instanceof QuantizedLinear q) {
                n += (long) q.inFeatures() * q.outFeatures();
            }
        }
        return n;
    }

    /** PEFT's {@code print_trainable_parameters} line. */
    public String trainableParametersLine() {
        long t = trainableParameterCount();
        long all = parameterCount();
        return String.format(Locale.ROOT, "trainable params: %,d || all params: %,d || trainable%%: %.4f", t, all,
                100.0 * t / all);
    }

    /**
     * Folds the active adapter into the base weights (float bases only), so that the model computes
     * what it computed with the adapter running.
     *
     * @throws IllegalStateException when no adapter is active, a base is quantized, or the adapter
     *     is on a token table the output is tied to without {@link LoraConfig#ensureWeightTying}:
     *     merging it into the shared table would change the output too, which the adapter never
     *     did (PEFT merges such an adapter anyway and the merged model differs from the adapted one)
     */
    public void merge() {
        requireActive();
        checkMergeable();
        for (LoraLayer w : wrappers.values()) {
            if (w.activeAdapter() != null) {
                w.merge();
            }
        }
    }

    /**
     * Checks that the active adapter can be merged ({@link #merge()}), before any training that
     * is to end in a merge.
     *
     * @throws IllegalStateException naming the layer and the reason when it cannot
     */
    public void checkMergeable() {
        requireActive();
        for (Map.Entry<String, LoraLayer> e : wrappers.entrySet()) {
            LoraLayer w = e.getValue();
            String a = w.activeAdapter();
            if (a == null || w.isMerged(a)) {
                continue;
            }
            if (w instanceof LoraLinear l && !(l.base() instanceof io.cambium.nn.layers.core.Dense)) {
                throw new IllegalStateException("cannot merge adapter '" + a + "' into " + e.getKey() + ": its base is "
                        + l.base().className() + "; merging needs a float Dense base (dequantize the base first)");
            }
            if (w instanceof LoraEmbedding && isTiedTable(e.getKey()) && !w.config(a).ensureWeightTying()) {
                throw new IllegalStateException("cannot merge adapter '" + a + "' into " + e.getKey() + ": the output "
                        + "layer is tied to this table and the adapter does not adapt the output "
                        + "(ensure_weight_tying=false), so the merged table would change the output too; "
                        + "train with ensure_weight_tying=true to merge");
            }
        }
    }

    /** Whether the layer at {@code path} is a token table that the model's output is tied to. */
    private boolean isTiedTable(String path) {
        return root instanceof Gpt g && g.gptConfig().tieEmbeddings() && path.equals("wte");
    }

    /** Takes merged adapters out of the base weights again. */
    public void unmerge() {
        for (LoraLayer w : wrappers.values()) {
            w.unmerge();
        }
    }

    /**
     * Merges the active adapter and puts the base layers back in the wrappers' places (PEFT's
     * {@code merge_and_unload}): the model is then a plain model with updated weights, frozen as
     * the wrapped base was. This LoraModel is not usable afterwards.
     *
     * @throws IllegalStateException as {@link #merge()}, before anything is changed
     */
    public Composite mergeAndUnload() {
        requireActive();
        checkMergeable();
        return unload(true);
    }

    /** Puts the unmerged base layers back (PEFT's {@code unload}). */
    public Composite unload() {
        return unload(false);
    }

    private Composite unload(boolean merge) {
        Set<String> paths = new LinkedHashSet<>(wrappers.keySet());
        LayerPaths.replace(root, paths::contains, l -> ((LoraLayer) l).unload(merge));
        wrappers.clear();
        configs.clear();
        active = null;
        return root;
    }

    private void requireActive() {
        if (active == null) {
            throw new IllegalStateException("no active adapter");
        }
    }

    // ---------------------------------------------------------------- files

    /** Saves the active adapter to {@code dir} ({@value #WEIGHTS_FILE} and {@value #CONFIG_FILE}). */
    public void saveAdapter(Path dir) throws IOException {
        requireActive();
        saveAdapter(dir, active, null);
    }

    /**
     * Saves adapter {@code adapter} to {@code dir}: its factors on every wrapped layer under PEFT's
     * names and layouts, and its configuration; {@code baseModel} goes into the configuration's
     * {@code base_model_name_or_path} (may be null). Both files are written atomically. An
     * embedding adapter that also adapts a tied output ({@link LoraConfig#ensureWeightTying}) is
     * written once, as the embedding's factors: the output's share them.
     */
    public void saveAdapter(Path dir, String adapter, String baseModel) throws IOException {
        LoraConfig cfg = config(adapter);
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        for (Map.Entry<String, LoraLayer> e : wrappers.entrySet()) {
            LoraLayer w = e.getValue();
            if (!w.adapterNames().contains(adapter)) {
                continue;
            }
            String key = PREFIX + moduleName(root, e.getKey());
            w.toPeft(adapter).forEach((suffix, t) -> tensors.put(key + "." + suffix, t));
        }
        Files.createDirectories(dir);
        SafeTensors.write(dir.resolve(WEIGHTS_FILE), tensors, Map.of("format", "pt"));
        ConfigFiles.write(dir.resolve(CONFIG_FILE), cfg.toPeftMap(baseModel));
    }

    /**
     * Loads a saved adapter onto a base model that has no LoRA layers yet, as adapter
     * {@value #DEFAULT} (PEFT's {@code PeftModel.from_pretrained}).
     *
     * @throws InvalidFileException naming the file when the adapter does not fit the base (a
     *     missing or unexpected layer, a shape mismatch) or the files are malformed; the base is
     *     then unchanged
     */
    public static LoraModel load(Composite root, Path dir) throws IOException {
        return load(root, dir, DEFAULT);
    }

    /** As {@link #load(Composite, Path)} with the adapter's name. */
    public static LoraModel load(Composite root, Path dir, String adapter) throws IOException {
        Loaded l = read(root, dir);
        LoraModel m = wrap(root, l.cfg(), adapter);
        m.assign(adapter, l);
        return m;
    }

    /**
     * Loads a saved adapter as another adapter named {@code adapter} and makes it active (PEFT's
     * {@code load_adapter} + {@code set_adapter}).
     *
     * @throws InvalidFileException when it does not fit the base; nothing is then changed
     */
    public void loadAdapter(Path dir, String adapter) throws IOException {
        LoraLayer.checkName(adapter);
        if (configs.containsKey(adapter)) {
            throw new IllegalArgumentException("adapter '" + adapter + "' exists already (adapters: "
                    + configs.keySet() + ")");
        }
        Loaded l = read(root, dir);
        attach(adapter, l.cfg(), l.paths());
        assign(adapter, l);
    }

    private record Loaded(LoraConfig cfg, List<String> paths, Map<String, Tensor> tensors) {
    }

    /** Reads and checks everything before anything is changed. */
    private static Loaded read(Composite root, Path dir) throws IOException {
        Path cfgFile = dir.resolve(CONFIG_FILE);
        Path weights = dir.resolve(WEIGHTS_FILE);
        LoraConfig cfg;
        try {
            cfg = LoraConfig.fromPeftMap(ConfigFiles.read(cfgFile));
        } catch (IllegalArgumentException e) {
            throw new InvalidFileException(cfgFile, e.getMessage(), e);
        }
        Map<String, Tensor> tensors = SafeTensors.readTensors(weights);
        List<String> paths;
        try {
            paths = targets(root, cfg);
        } catch (IllegalArgumentException e) {
            throw new InvalidFileException(cfgFile, "the adapter does not fit this base: " + e.getMessage(), e);
        }
        Map<String, Layer> all = LayerPaths.all(root);
        Set<String> expected = new LinkedHashSet<>();
        for (String p : paths) {
            Layer l = all.get(p);
            LoraLayer shapes = l instanceof LoraLayer w ? w : LoraLayer.wrap(l);
            String key = PREFIX + moduleName(root, p);
            for (Map.Entry<String, int[]> s : shapes.peftShapes(cfg.rankFor(moduleName(root, p), p)).entrySet()) {
                expected.add(key + "." + s.getKey());
                check(weights, tensors, key + "." + s.getKey(), s.getValue());
            }
        }
        if (root instanceof Gpt g && g.gptConfig().tieEmbeddings() && paths.contains("wte") && cfg.ensureWeightTying()) {
            checkTiedHead(weights, tensors, expected, PREFIX + moduleName(root, "wte"));
        }
        for (String k : tensors.keySet()) {
            if (!expected.contains(k)) {
                throw new InvalidFileException(weights, "tensor '" + k + "' belongs to no LoRA target of this base "
                        + "(the adapter was made for another model; targets here: " + expectedModules(root, paths) + ")");
            }
        }
        return new Loaded(cfg, paths, tensors);
    }

    /**
     * PEFT may write the tied {@code lm_head}'s LoRA, whose factors are the embedding adapter's
     * (lora_A = lora_embedding_Bᵀ, lora_B = lora_embedding_Aᵀ). Such tensors are accepted when they
     * are those; anything else would be an output update that a tied table cannot hold.
     */
    private static void checkTiedHead(Path file, Map<String, Tensor> tensors, Set<String> expected, String wteKey)
            throws InvalidFileException {
        String a = PREFIX + "lm_head.lora_A.weight";
        String b = PREFIX + "lm_head.lora_B.weight";
        if (!tensors.containsKey(a) && !tensors.containsKey(b)) {
            return;
        }
        Tensor ea = tensors.get(wteKey + ".lora_embedding_A");
        Tensor eb = tensors.get(wteKey + ".lora_embedding_B");
        for (String[] pair : new String[][] {{a, "lora_embedding_B"}, {b, "lora_embedding_A"}}) {
            Tensor t = tensors.get(pair[0]);
            Tensor src = pair[1].endsWith("B") ? eb : ea;
            if (t == null || !Shape.same(t.shape(), new int[] {src.dim(1), src.dim(0)})
                    || maxAbsDiff(t, src.t().copy()) > 1e-6) {
                throw new InvalidFileException(file, "tensor '" + pair[0] + "' is not the transposed " + pair[1]
                        + " of the tied token table's adapter (the output is tied to the table, so its adapter must "
                        + "share the embedding's factors)");
            }
            expected.add(pair[0]);
        }
    }

    private static double maxAbsDiff(Tensor x, Tensor y) {
        double m = 0;
        float[] a = x.data();
        float[] b = y.data();
        for (int i = 0; i < a.length; i++) {
            m = Math.max(m, Math.abs(a[i] - b[i]));
        }
        return m;
    }

    private static String expectedModules(Composite root, List<String> paths) {
        List<String> m = new ArrayList<>();
        for (String p : paths) {
            m.add(moduleName(root, p));
            if (m.size() == 4 && paths.size() > 5) {
                m.add("... " + (paths.size() - 4) + " more");
                break;
            }
        }
        return String.join(", ", m);
    }

    private static void check(Path file, Map<String, Tensor> tensors, String key, int[] shape) throws InvalidFileException {
        Tensor t = tensors.get(key);
        if (t == null) {
            throw new InvalidFileException(file, "tensor '" + key + "' is missing (the adapter was made for another "
                    + "model or targets)");
        }
        if (!Shape.same(t.shape(), shape)) {
            throw new InvalidFileException(file, "tensor '" + key + "' has shape " + Shape.str(t.shape())
                    + ", this base needs " + Shape.str(shape) + " (an adapter for another base or rank)");
        }
    }

    private void assign(String adapter, Loaded l) {
        for (String p : l.paths()) {
            LoraLayer w = wrappers.get(p);
            String key = PREFIX + moduleName(root, p);
            Map<String, Tensor> mine = new LinkedHashMap<>();
            for (String suffix : w.peftShapes(l.cfg().rankFor(key.substring(PREFIX.length()), p)).keySet()) {
                mine.put(suffix, l.tensors().get(key + "." + suffix));
            }
            w.fromPeft(adapter, mine);
        }
    }
}
