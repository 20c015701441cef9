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
     * A new model (with fresh weights) from JSON written by {@link #toJson}.
     *
     * @throws IllegalArgumentException when the JSON is malformed or names an unknown layer class
     */
    public static Model fromJson(String json) {
        Map<String, Object> root;
        try {
            root = JSON.readValue(json, new TypeReference<Map<String, Object>>() { });
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("model config: invalid JSON: " + e.getOriginalMessage(), e);
        }
        Object cls = root.get("class_name");
        Object cfg = root.get("config");
        if (!(cls instanceof String) || !(cfg instanceof Map<?, ?>)) {
            throw new IllegalArgumentException("model config: expected {\"class_name\": ..., \"config\": {...}}");
        }
        Layer l = LayerRegistry.create((String) cls, map(cfg, "config"));
        if (!(l instanceof Model m)) {
            throw new IllegalArgumentException("model config: class " + cls + " is a layer, not a model");
        }
        return m;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object o, String what) {
        if (!(o instanceof Map<?, ?>)) {
            throw new IllegalArgumentException("model config: '" + what + "' must be an object, got " + o);
        }
        return (Map<String, Object>) o;
    }

    static List<?> list(Object o, String what) {
        if (!(o instanceof List<?> l)) {
            throw new IllegalArgumentException("model config: '" + what + "' must be a list, got " + o);
        }
        return l;
    }

    private static Layer inputLayerFromConfig(Map<String, Object> c) {
        int[] shape = Configs.ints(c, "shape");
        if (shape == null) {
            throw new IllegalArgumentException("model config: InputLayer needs 'shape': " + c);
        }
        return new InputLayer(shape, Configs.string(c, "name", null));
    }

    static Sequential sequentialFromConfig(Map<String, Object> c) {
        String name = Configs.string(c, "name", null);
        Sequential s = new Sequential(name == null ? Layer.uniqueName("sequential") : name, List.of());
        int[] in = Configs.ints(c, "input_shape");
        if (in != null) {
            s.add(new InputLayer(in, null));
        }
        for (Object o : list(c.get("layers"), "layers")) {
            s.add(layerFrom(map(o, "layer")));
        }
        int[] built = batchShape(c.get("build_input_shape"));
        if (built != null && s.builtInputShape() == null) {
            s.ensureBuilt(List.of(built));
        }
        if (Boolean.FALSE.equals(c.get("trainable"))) {
            s.trainable(false);
        }
        return s;
    }

    /** Keras's {@code build_input_shape}: a list with {@code null} for the batch axis (or another free size). */
    private static int[] batchShape(Object o) {
        if (o == null) {
            return null;
        }
        List<?> l = list(o, "build_input_shape");
        int[] out = new int[l.size()];
        for (int i = 0; i < out.length; i++) {
            Object d = l.get(i);
            if (d == null) {
                out[i] = -1;
            } else if (d instanceof Number n && n.intValue() >= 1 && n.doubleValue() == n.intValue()) {
                out[i] = n.intValue();
            } else {
                throw new IllegalArgumentException("model config: 'build_input_shape' must hold sizes >= 1 or null, got " + l);
            }
        }
        if (out.length < 2) {
            throw new IllegalArgumentException("model config: 'build_input_shape' needs the batch axis and at least one"
                    + " more, got " + l);
        }
        return out;
    }

    private static Layer layerFrom(Map<String, Object> lc) {
        Object cls = lc.get("class_name");
        if (!(cls instanceof String)) {
            throw new IllegalArgumentException("model config: layer without class_name: " + lc);
        }
        Layer l = LayerRegistry.create((String) cls, map(lc.get("config"), "config"));
        return l;
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
                throw new IllegalArgumentException("model config: two layers are named '" + l.name() + "'");
            }
            for (Object node : list(lc.getOrDefault("inbound_nodes", List.of()), "inbound_nodes")) {
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
            throw new IllegalArgumentException("model config: cannot connect layer '" + pendingLayers.get(0).name()
                    + "': its inputs " + pending.get(0) + " are never produced");
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
        if (Boolean.FALSE.equals(c.get("trainable"))) {
            m.trainable(false);
        }
        return m;
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
        if (ref.size() != 3) {
            throw new IllegalArgumentException("model config: a tensor reference is [layer, node, index], got " + ref);
        }
        String layer = String.valueOf(ref.get(0));
        int node = ((Number) ref.get(1)).intValue();
        int index = ((Number) ref.get(2)).intValue();
        List<List<SymbolicTensor>> nodes = produced.get(layer);
        if (nodes == null || node >= nodes.size() || index >= nodes.get(node).size()) {
            if (required) {
                throw new IllegalArgumentException("model config: tensor " + ref + " is not produced by the graph");
            }
            return null;
        }
        return nodes.get(node).get(index);
    }
}
