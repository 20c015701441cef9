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
 * LoRA applied to a model made of {@link Composite}s (a {@link Gpt}), as Hugging Face PEFT's
 * {@code get_peft_model}: the layers selected by the configuration's target patterns are replaced
 * by {@link LoraLinear} wrappers, every base weight is frozen, and only the adapters train.
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
 * {@code lm_head}).
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
    private final Map<String, LoraLinear> wrappers = new LinkedHashMap<>();
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
            if (l instanceof LoraLinear) {
                throw new IllegalArgumentException("the model already has LoRA layers (" + l.name()
                        + "): add adapters through its LoraModel");
            }
        }
        LoraLinear.checkName(adapter);
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
    public Map<String, LoraLinear> loraLayers() {
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
        LoraLinear.checkName(adapter);
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
                LoraLinear w = new LoraLinear(l);
                l.trainable(false);
                return w;
            }).forEach((p, w) -> wrappers.put(p, (LoraLinear) w));
        }
        for (String p : paths) {
            wrappers.get(p).addAdapter(adapter, cfg);
        }
        configs.put(adapter, cfg.copy());
        setAdapter(adapter);
    }

    /**
     * The paths of the layers {@code cfg} targets, in model order.
     *
     * @throws IllegalArgumentException naming the pattern when one selects no layer, and the layer
     *     when a selected one is not linear
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
            if (allLinear && isLinear(e.getValue()) && !path.equals("lm_head")) {
                hit = true;
            }
            if (hit) {
                if (!isLinear(e.getValue())) {
                    throw new IllegalArgumentException("LoRA target " + path + " is a " + e.getValue().className()
                            + "; LoRA wraps linear layers (" + String.join(", ", linearNames(all)) + ")");
                }
                out.add(path);
            }
        }
        if (!unmatched.isEmpty()) {
            throw new IllegalArgumentException("LoRA target pattern(s) " + unmatched + " match no layer of the model "
                    + "(its linear layers: " + String.join(", ", linearNames(all)) + ")");
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException("LoRA targets " + (regex != null ? "/" + regex + "/" : cfg.targetModules())
                    + " match no linear layer of the model (its linear layers: " + String.join(", ", linearNames(all))
                    + ")");
        }
        return out;
    }

    private static boolean isLinear(Layer l) {
        if (l instanceof LoraLinear) {
            return true;
        }
        try {
            LoraLinear.linearShape(l);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** The distinct local names of the linear layers (c_attn, c_proj, ...), for messages. */
    private static Set<String> linearNames(Map<String, Layer> all) {
        Set<String> names = new TreeSet<>();
        all.forEach((p, l) -> {
            if (isLinear(l)) {
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
        for (LoraLinear w : wrappers.values()) {
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

    /** Folds the active adapter into the base kernels (float bases only). */
    public void merge() {
        requireActive();
        for (LoraLinear w : wrappers.values()) {
            if (w.activeAdapter() != null) {
                w.merge();
            }
        }
    }

    /** Takes merged adapters out of the base kernels again. */
    public void unmerge() {
        for (LoraLinear w : wrappers.values()) {
            w.unmerge();
        }
    }

    /**
     * Merges the active adapter and puts the base layers back in the wrappers' places (PEFT's
     * {@code merge_and_unload}): the model is then a plain model with updated kernels, frozen as
     * the wrapped base was. This LoraModel is not usable afterwards.
     */
    public Composite mergeAndUnload() {
        requireActive();
        return unload(true);
    }

    /** Puts the unmerged base layers back (PEFT's {@code unload}). */
    public Composite unload() {
        return unload(false);
    }

    private Composite unload(boolean merge) {
        Set<String> paths = new LinkedHashSet<>(wrappers.keySet());
        LayerPaths.replace(root, paths::contains, l -> ((LoraLinear) l).unload(merge));
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
     * Saves adapter {@code adapter} to {@code dir}: its A and B of every wrapped layer under PEFT's
     * names and its configuration; {@code baseModel} goes into the configuration's
     * {@code base_model_name_or_path} (may be null). Both files are written atomically.
     */
    public void saveAdapter(Path dir, String adapter, String baseModel) throws IOException {
        LoraConfig cfg = config(adapter);
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        for (Map.Entry<String, LoraLinear> e : wrappers.entrySet()) {
            LoraLinear w = e.getValue();
            if (!w.adapterNames().contains(adapter)) {
                continue;
            }
            String key = PREFIX + moduleName(root, e.getKey());
            tensors.put(key + ".lora_A.weight", w.loraA(adapter).value().t().copy());
            tensors.put(key + ".lora_B.weight", w.loraB(adapter).value().t().copy());
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
        LoraLinear.checkName(adapter);
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
            int[] io = shapeOf(all.get(p));
            String key = PREFIX + moduleName(root, p);
            expected.add(key + ".lora_A.weight");
            expected.add(key + ".lora_B.weight");
            check(weights, tensors, key + ".lora_A.weight", new int[] {cfg.r(), io[0]});
            check(weights, tensors, key + ".lora_B.weight", new int[] {io[1], cfg.r()});
        }
        for (String k : tensors.keySet()) {
            if (!expected.contains(k)) {
                throw new InvalidFileException(weights, "tensor '" + k + "' belongs to no LoRA target of this base "
                        + "(the adapter was made for another model; targets here: " + expectedModules(root, paths) + ")");
            }
        }
        return new Loaded(cfg, paths, tensors);
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

    private static int[] shapeOf(Layer l) {
        return l instanceof LoraLinear w ? new int[] {w.inFeatures(), w.outFeatures()} : LoraLinear.linearShape(l);
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
            LoraLinear w = wrappers.get(p);
            String key = PREFIX + moduleName(root, p);
            w.loraA(adapter).assign(l.tensors().get(key + ".lora_A.weight").t().copy());
            w.loraB(adapter).assign(l.tensors().get(key + ".lora_B.weight").t().copy());
        }
    }

}
