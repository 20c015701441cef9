package io.cambium.nn;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A model's architecture as JSON, in Keras's shape: {@code {"class_name": "Sequential" |
 * "Functional", "config": {...}}}, and back. Functional configs list each layer with the
 * {@code inbound_nodes} it was applied to, so shared layers and any DAG are restored.
 */
public final class ModelConfig {
    private static final ObjectMapper JSON = new ObjectMapper();

    static {
        LayerRegistry.register("Functional", Model::fromConfig);
        LayerRegistry.register("Sequential", Sequential::fromConfig);
        LayerRegistry.register("InputLayer", ModelConfig::inputLayerFromConfig);
    }

    private ModelConfig() {
    }

    /** Makes sure the model classes are registered (called before any lookup). */
    static void init() {
        // the static initializer does the work
    }

    /**
     * The architecture of a Sequential or functional model as JSON.
     *
     * @throws UnsupportedOperationException for subclassed models, whose call() is code, not config
     */
    public static String toJson(Model model) {
        if (!model.isGraphNetwork()) {
            throw new UnsupportedOperationException(model.describe() + ": a subclassed model has no architecture config;"
                    + " save its weights with saveWeights and rebuild it in code");
        }
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("class_name", model instanceof Sequential ? "Sequential" : "Functional");
        root.put("config", model.config());
        try {
            return JSON.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(model.describe() + ": cannot write its config as JSON", e);
        }
    }

    /**
     * A new model (with fresh weights) from JSON written by {@link #toJson} (or by hand, in the
     * same layout). Reading is strict, as Keras's: an unknown or misspelled key anywhere in the
     * document, a value of the wrong type or out of range, an unknown layer class or a graph that
     * does not connect is rejected with the key's path, such as
     * {@code config.layers[1].config.activaton}.
     *
     * @throws InvalidConfigException when the JSON is malformed or does not describe a model
     */
    public static Model fromJson(String json) {
        Map<String, Object> root;
        try {
            root = io.cambium.nn.io.StrictJson.mapper().readValue(json, new TypeReference<Map<String, Object>>() { });
        } catch (JsonProcessingException e) {
            throw new InvalidConfigException("model config: invalid JSON: " + e.getOriginalMessage(), e);
        }
        if (root == null) {
            throw new InvalidConfigException("model config: the JSON is null, expected {\"class_name\": ..., \"config\": {...}}");
        }
        return fromMap(root);
    }

    /**
     * A new model from an already parsed {@code {"class_name": ..., "config": {...}}} document,
     * read as strictly as {@link #fromJson}.
     */
    public static Model fromMap(Map<String, Object> document) {
        ConfigMap root = ConfigMap.root(document, "");
        Object cls = root.get("class_name");
        Object cfg = root.get("config");
        if (!(cls instanceof String) || !(cfg instanceof Map<?, ?>)) {
            throw new InvalidConfigException("model config: expected {\"class_name\": ..., \"config\": {...}}");
        }
        Layer l = LayerRegistry.create((String) cls, map(cfg, "config"));
        if (!(l instanceof Model m)) {
            throw new InvalidConfigException("model config: class " + Configs.show(cls) + " is a layer, not a model");
        }
        rejectUnread(root, "model config");
        return m;
    }

    /**
     * Throws when some key of a tracked config was never read by the factories: Keras rejects
     * unknown arguments, and a misspelled option silently dropped changes the model.
     */
    static void rejectUnread(Map<String, Object> config, String what) {
        if (!(config instanceof ConfigMap m)) {
            return;
        }
        List<String> unread = m.unread();
        if (unread.isEmpty()) {
            return;
        }
        List<String> shown = new ArrayList<>();
        for (String u : unread.subList(0, Math.min(5, unread.size()))) {
            shown.add(u.length() > 200 ? u.substring(0, 200) + "..." : u);
        }
        throw new InvalidConfigException(what + ": unknown key" + (unread.size() > 1 ? "s " : " ") + String.join(", ", shown)
                + (unread.size() > 5 ? " and " + (unread.size() - 5) + " more" : "")
                + " (misspelled, or not an option of that class)");
    }

    /** {@link #rejectUnread} for any tracked config (an optimizer's, a loss's). */
    static Map<String, Object> tracked(Map<String, Object> config, String path) {
        return ConfigMap.root(config, path);
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object o, String what) {
        if (!(o instanceof Map<?, ?>)) {
            throw new InvalidConfigException("model config: '" + what + "' must be an object, got " + Configs.show(o));
        }
        return (Map<String, Object>) o;
    }

    static List<?> list(Object o, String what) {
        if (!(o instanceof List<?> l)) {
            throw new InvalidConfigException("model config: '" + what + "' must be a list, got " + Configs.show(o));
        }
        return l;
    }

    private static Layer inputLayerFromConfig(Map<String, Object> c) {
        int[] shape = Configs.ints(c, "shape");
        if (shape == null) {
            throw Configs.invalid(c, "shape", "is required for an InputLayer", null);
        }
        checkShape(c, "shape", shape);
        Configs.bool(c, "trainable", true); // an input has no weights to freeze
        return new InputLayer(shape, Configs.string(c, "name", null));
    }

    /** An input shape without the batch axis: sizes >= 1, or -1 for a free size. */
    static void checkShape(Map<String, Object> c, String key, int[] shape) {
        for (int d : shape) {
            if (d < 1 && d != -1) {
                throw Configs.invalid(c, key, "must hold sizes >= 1 (or -1 for a free size)", c.get(key));
            }
        }
    }

    static Sequential sequentialFromConfig(Map<String, Object> c) {
        String name = Configs.string(c, "name", null);
        Sequential s = new Sequential(name == null ? Layer.uniqueName("sequential") : name, List.of());
        int[] in = Configs.ints(c, "input_shape");
        if (in != null) {
            checkShape(c, "input_shape", in);
            s.add(new InputLayer(in, null));
        }
        for (Object o : list(c.get("layers"), "layers")) {
            s.add(layerFrom(map(o, "layer")));
        }
        int[] built = batchShape(c, "build_input_shape");
        if (built != null && s.builtInputShape() == null) {
            s.ensureBuilt(List.of(built));
        }
        if (!Configs.bool(c, "trainable", true)) {
            s.trainable(false);
        }
        return s;
    }

    /** Keras's {@code build_input_shape}: a list with {@code null} for the batch axis (or another free size). */
    private static int[] batchShape(Map<String, Object> c, String key) {
        Object o = c.get(key);
        if (o == null) {
            return null;
        }
        if (!(o instanceof List<?> l) || l.size() < 2) {
            throw Configs.invalid(c, key, "must be a list: the batch axis (null) and at least one size", o);
        }
        int[] out = new int[l.size()];
        for (int i = 0; i < out.length; i++) {
            Object d = l.get(i);
            if (d == null) {
                out[i] = -1;
            } else if ((d instanceof Integer || d instanceof Long) && ((Number) d).longValue() >= 1
                    && ((Number) d).longValue() <= Integer.MAX_VALUE) {
                out[i] = ((Number) d).intValue();
            } else {
                throw Configs.invalid(c, key, "must hold sizes >= 1 or null", o);
            }
        }
        return out;
    }

    private static Layer layerFrom(Map<String, Object> lc) {
        String cls = Configs.string(lc, "class_name", null);
        if (cls == null) {
            throw Configs.invalid(lc, "class_name", "is required for a layer", null);
        }
        Map<String, Object> cfg = Configs.object(lc, "config");
        return LayerRegistry.create(cls, cfg == null ? new java.util.HashMap<>() : cfg);
    }

    static Model functionalFromConfig(Map<String, Object> c) {
        List<?> layerConfigs = list(c.get("layers"), "layers");
        Map<String, Layer> byName = new LinkedHashMap<>();
        List<List<?>> pending = new ArrayList<>();
        List<Layer> pendingLayers = new ArrayList<>();
        for (Object o : layerConfigs) {
            Map<String, Object> lc = map(o, "layer");
            Layer l = layerFrom(lc);
            if (byName.put(l.name(), l) != null) {
                throw new InvalidConfigException("model config: two layers are named '" + Configs.show(l.name()) + "'");
            }
            List<?> nodes = Configs.list(lc, "inbound_nodes");
            for (Object node : nodes == null ? List.of() : nodes) {
                pending.add(list(node, "inbound node"));
                pendingLayers.add(l);
            }
        }
        Map<String, List<List<SymbolicTensor>>> produced = new HashMap<>();
        for (Layer l : byName.values()) {
            if (l instanceof InputLayer in) {
                produced.put(in.name(), new ArrayList<>(List.of(List.of(in.output()))));
            }
        }
        // Replay the applications in an order where every input already exists (Keras does the same).
        boolean progress = true;
        while (!pending.isEmpty() && progress) {
            progress = false;
            for (int i = 0; i < pending.size(); i++) {
                List<SymbolicTensor> args = resolve(pending.get(i), produced);
                if (args == null) {
                    continue;
                }
                Layer l = pendingLayers.get(i);
                List<SymbolicTensor> outs = l.applyAll(args.toArray(new SymbolicTensor[0]));
                produced.computeIfAbsent(l.name(), k -> new ArrayList<>()).add(outs);
                pending.remove(i);
                pendingLayers.remove(i);
                progress = true;
                break;
            }
        }
        if (!pending.isEmpty()) {
            throw new InvalidConfigException("model config: cannot connect layer '" + Configs.show(pendingLayers.get(0).name())
                    + "': its inputs " + Configs.show(pending.get(0)) + " are never produced (a missing layer or a cycle)");
        }
        List<SymbolicTensor> ins = new ArrayList<>();
        for (Object r : list(c.get("input_layers"), "input_layers")) {
            ins.add(lookup(list(r, "input ref"), produced, true));
        }
        List<SymbolicTensor> outs = new ArrayList<>();
        for (Object r : list(c.get("output_layers"), "output_layers")) {
            outs.add(lookup(list(r, "output ref"), produced, true));
        }
        Model m = new Model(ins, outs, Configs.string(c, "name", null));
        if (!Configs.bool(c, "trainable", true)) {
            m.trainable(false);
        }
        return m;
    }

    private static boolean isIndex(Object o) {
        return (o instanceof Integer || o instanceof Long) && ((Number) o).longValue() >= 0
                && ((Number) o).longValue() <= Integer.MAX_VALUE;
    }

    private static List<SymbolicTensor> resolve(List<?> refs, Map<String, List<List<SymbolicTensor>>> produced) {
        List<SymbolicTensor> out = new ArrayList<>();
        for (Object r : refs) {
            SymbolicTensor t = lookup(list(r, "tensor ref"), produced, false);
            if (t == null) {
                return null;
            }
            out.add(t);
        }
        return out;
    }

    private static SymbolicTensor lookup(List<?> ref, Map<String, List<List<SymbolicTensor>>> produced, boolean required) {
        if (ref.size() != 3 || !(ref.get(0) instanceof String layer) || !isIndex(ref.get(1)) || !isIndex(ref.get(2))) {
            throw new InvalidConfigException("model config: a tensor reference is [layer name, node index, tensor index],"
                    + " got " + Configs.show(ref));
        }
        int node = ((Number) ref.get(1)).intValue();
        int index = ((Number) ref.get(2)).intValue();
        List<List<SymbolicTensor>> nodes = produced.get(layer);
        if (nodes == null || node >= nodes.size() || index >= nodes.get(node).size()) {
            if (required) {
                throw new InvalidConfigException("model config: tensor " + Configs.show(ref) + " is not produced by the graph");
            }
            return null;
        }
        return nodes.get(node).get(index);
    }
}
