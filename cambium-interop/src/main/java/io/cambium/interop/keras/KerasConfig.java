package io.cambium.interop.keras;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import io.cambium.nn.InvalidConfigException;
import io.cambium.nn.Model;
import io.cambium.nn.ModelConfig;
import io.cambium.nn.io.StrictJson;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads the model configs that Keras writes, in both generations: Keras 2's {@code model.to_json()}
 * ({@code batch_input_shape}, inbound nodes as {@code [layer, node, tensor, kwargs]}) and Keras 3's
 * {@code config.json} inside a {@code .keras} file ({@code batch_shape}, nested
 * {@code module}/{@code class_name}/{@code config}/{@code registered_name} objects, inbound nodes
 * as {@code {"args": [...], "kwargs": {...}}} of {@code __keras_tensor__}s). Sequential, functional
 * and nested models of the layers Cambium has are translated into Cambium's config and built with
 * fresh weights ({@link KerasModelFile} adds the weights of a {@code .keras} file).
 *
 * <p>Every key is accounted for: copied, converted, accepted and ignored where Keras's value does
 * not change the model (dtype float32, seeds, execution hints such as {@code unroll}, compile and
 * build records), or rejected with its path, such as
 * {@code Keras Conv2D 'conv2d': 'data_format' = "channels_first" (at config.layers[1].config.data_format)}.
 */
public final class KerasConfig {
    private static final Set<String> MODELS = Set.of("Sequential", "Functional", "Model");

    private KerasConfig() {
    }

    /**
     * Builds the model a Keras JSON config describes.
     *
     * @throws InvalidConfigException when the JSON is malformed, or naming the key or layer that
     *     Cambium cannot read as Keras meant it
     */
    public static Model fromJson(String json) {
        Map<String, Object> doc;
        try {
            doc = StrictJson.mapper().readValue(json, new TypeReference<Map<String, Object>>() { });
        } catch (JsonProcessingException e) {
            throw new InvalidConfigException("Keras config: invalid JSON: " + e.getOriginalMessage(), e);
        }
        if (doc == null) {
            throw new InvalidConfigException("Keras config: the JSON is null");
        }
        return ModelConfig.fromMap(toCambium(doc));
    }

    /** Whether a parsed JSON document looks like Keras's rather than Cambium's own model config. */
    public static boolean looksLikeKeras(Map<String, Object> doc) {
        if (doc.containsKey("keras_version") || doc.containsKey("module") || doc.containsKey("registered_name")
                || doc.containsKey("backend")) {
            return true;
        }
        return String.valueOf(doc).contains("batch_input_shape") || String.valueOf(doc).contains("batch_shape")
                || String.valueOf(doc).contains("__keras_tensor__") || String.valueOf(doc).contains("DTypePolicy");
    }

    /** The Cambium config ({@code {"class_name", "config"}}) of a Keras model document. */
    public static Map<String, Object> toCambium(Map<String, Object> doc) {
        KerasKeys top = new KerasKeys(doc, "", "model document");
        Object cls = top.take("class_name");
        if (!(cls instanceof String c) || !MODELS.contains(c)) {
            throw new InvalidConfigException("Keras config: class_name " + KerasKeys.show(cls)
                    + " is not a model (Sequential, Functional, Model)");
        }
        // Not part of the architecture: versions, the compile arguments, the recorded build shape.
        top.ignoreAny("keras_version", "backend", "module", "registered_name", "compile_config", "build_config");
        Map<String, Object> config = object(top.take("config"), "config");
        top.finish();
        return model(c, config, "config");
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> object(Object v, String path) {
        if (!(v instanceof Map<?, ?> m)) {
            throw new InvalidConfigException("Keras config: '" + path + "' must be an object, got " + KerasKeys.show(v));
        }
        return (Map<String, Object>) m;
    }

    static List<?> list(Object v, String path) {
        if (!(v instanceof List<?> l)) {
            throw new InvalidConfigException("Keras config: '" + path + "' must be a list, got " + KerasKeys.show(v));
        }
        return l;
    }

    private static Map<String, Object> model(String cls, Map<String, Object> config, String path) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("class_name", cls.equals("Sequential") ? "Sequential" : "Functional");
        out.put("config", cls.equals("Sequential") ? sequential(config, path) : functional(config, path));
        return out;
    }

    /** A layer object of a Sequential or a wrapper ({@code class_name}, {@code config} and Keras 3's extras). */
    static KerasLayers.Translated layerObject(Map<String, Object> obj, String path) {
        KerasKeys k = new KerasKeys(obj, path, "layer");
        Object cls = k.take("class_name");
        if (!(cls instanceof String c)) {
            throw k.error("class_name", cls, "must name a layer class");
        }
        k.ignoreAny("module", "registered_name", "build_config", "name");
        Map<String, Object> config = object(k.take("config"), path + ".config");
        k.finish();
        if (MODELS.contains(c)) {
            Map<String, Object> m = model(c, config, path + ".config");
            @SuppressWarnings("unchecked")
            Map<String, Object> mc = (Map<String, Object>) m.get("config");
            return new KerasLayers.Translated((String) m.get("class_name"), mc);
        }
        return KerasLayers.translate(c, config, path + ".config");
    }

    private static Map<String, Object> modelCommon(KerasKeys k, Map<String, Object> out) {
        k.copy("name", out);
        k.copy("trainable", out);
        k.ignore("dtype", v -> v == null || "float32".equals(v) || (v instanceof Map<?, ?> m
                && m.get("config") instanceof Map<?, ?> c && "float32".equals(c.get("name"))),
                "(Cambium computes in float32)");
        return out;
    }

    private static Map<String, Object> sequential(Map<String, Object> config, String path) {
        KerasKeys k = new KerasKeys(config, path, "Sequential '" + config.getOrDefault("name", "?") + "'");
        Map<String, Object> out = modelCommon(k, new LinkedHashMap<>());
        List<Object> layers = new ArrayList<>();
        List<?> in = list(k.take("layers"), path + ".layers");
        for (int i = 0; i < in.size(); i++) {
            String p = path + ".layers[" + i + "]";
            KerasLayers.Translated t = layerObject(object(in.get(i), p), p);
            Map<String, Object> l = new LinkedHashMap<>();
            l.put("class_name", t.className());
            l.put("config", t.config());
            layers.add(l);
        }
        Object build = k.take("build_input_shape");
        boolean declared = !layers.isEmpty() && (((Map<?, ?>) layers.get(0)).get("class_name").equals("InputLayer")
                || ((Map<?, ?>) ((Map<?, ?>) layers.get(0)).get("config")).containsKey("input_shape"));
        if (build instanceof List<?> b && !declared && !b.isEmpty() && !(b.get(0) instanceof List<?>)) {
            // A Sequential built by its first call records the shape it saw.
            out.put("input_shape", KerasLayers.dims(b.subList(1, b.size())));
        }
        out.put("layers", layers);
        k.finish();
        return out;
    }

    private static Map<String, Object> functional(Map<String, Object> config, String path) {
        KerasKeys k = new KerasKeys(config, path, "Functional '" + config.getOrDefault("name", "?") + "'");
        Map<String, Object> out = modelCommon(k, new LinkedHashMap<>());
        List<Object> layers = new ArrayList<>();
        List<?> in = list(k.take("layers"), path + ".layers");
        for (int i = 0; i < in.size(); i++) {
            String p = path + ".layers[" + i + "]";
            Map<String, Object> obj = new LinkedHashMap<>(object(in.get(i), p));
            Object nodes = obj.remove("inbound_nodes");
            KerasLayers.Translated t = layerObject(obj, p);
            Map<String, Object> cfg = new LinkedHashMap<>(t.config());
            List<Object> cambiumNodes = new ArrayList<>();
            List<?> nl = nodes == null ? List.of() : list(nodes, p + ".inbound_nodes");
            for (int n = 0; n < nl.size(); n++) {
                cambiumNodes.add(KerasNodes.node(t.className(), cfg, nl.get(n), p + ".inbound_nodes[" + n + "]"));
            }
            Map<String, Object> l = new LinkedHashMap<>();
            l.put("class_name", t.className());
            l.put("config", cfg);
            l.put("inbound_nodes", cambiumNodes);
            layers.add(l);
        }
        out.put("layers", layers);
        out.put("input_layers", refs(k.take("input_layers"), path + ".input_layers"));
        out.put("output_layers", refs(k.take("output_layers"), path + ".output_layers"));
        k.finish();
        return out;
    }

    /** [[name, node, tensor], ...] from Keras 2's list or Keras 3's flat [name, node, tensor] for one tensor. */
    private static List<Object> refs(Object v, String path) {
        List<?> l = list(v, path);
        List<Object> out = new ArrayList<>();
        if (!l.isEmpty() && l.get(0) instanceof String) {
            out.add(KerasNodes.ref(l, path));
            return out;
        }
        for (int i = 0; i < l.size(); i++) {
            out.add(KerasNodes.ref(list(l.get(i), path + "[" + i + "]"), path + "[" + i + "]"));
        }
        return out;
    }
}
