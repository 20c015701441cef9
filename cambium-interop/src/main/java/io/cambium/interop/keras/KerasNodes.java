package io.cambium.interop.keras;

import io.cambium.nn.InvalidConfigException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The calls ("inbound nodes") of a functional Keras model in Cambium's form: a list of
 * {@code [layer, node, tensor]} references in the order the Cambium layer takes its inputs.
 * Keras 2 writes a call as {@code [[layer, node, tensor, kwargs], ...]}, Keras 3 as
 * {@code {"args": [...], "kwargs": {...}}} with {@code __keras_tensor__} objects. Keyword tensors
 * become positional: a recurrent layer's {@code initial_state} follows its sequence, attention's
 * {@code value}, {@code key} and {@code attention_mask} follow the query; {@code use_causal_mask}
 * becomes the layer's option. Other keyword arguments are rejected unless they are Keras's
 * defaults ({@code training}, a null {@code mask}).
 */
final class KerasNodes {
    private KerasNodes() {
    }

    static List<Object> ref(List<?> l, String path) {
        if (l.size() < 3 || !(l.get(0) instanceof String) || !(l.get(1) instanceof Number) || !(l.get(2) instanceof Number)) {
            throw new InvalidConfigException("Keras config: a tensor reference is [layer, node, tensor], got "
                    + KerasKeys.show(l) + " (at " + path + ")");
        }
        List<Object> out = new ArrayList<>();
        out.add(l.get(0));
        out.add(((Number) l.get(1)).intValue());
        out.add(((Number) l.get(2)).intValue());
        return out;
    }

    /** A reference from a Keras 2 entry or a Keras 3 {@code __keras_tensor__}, or {@code null} when {@code v} is neither. */
    private static List<Object> tensor(Object v, String path) {
        if (v instanceof Map<?, ?> m && "__keras_tensor__".equals(m.get("class_name"))
                && m.get("config") instanceof Map<?, ?> c && c.get("keras_history") instanceof List<?> h) {
            return ref(h, path + ".config.keras_history");
        }
        if (v instanceof List<?> l && l.size() >= 3 && l.get(0) instanceof String && l.get(1) instanceof Number) {
            return ref(l, path);
        }
        return null;
    }

    /** Tensors of a value that may be a tensor or a (nested) list of tensors. */
    private static void collect(Object v, String path, List<Object> out) {
        List<Object> t = tensor(v, path);
        if (t != null) {
            out.add(t);
            return;
        }
        if (v instanceof List<?> l) {
            for (int i = 0; i < l.size(); i++) {
                collect(l.get(i), path + "[" + i + "]", out);
            }
            return;
        }
        throw new InvalidConfigException("Keras config: expected a tensor, got " + KerasKeys.show(v) + " (at " + path + ")");
    }

    @SuppressWarnings("unchecked")
    static List<Object> node(String cls, Map<String, Object> layerConfig, Object node, String path) {
        List<Object> args = new ArrayList<>();
        Map<String, Object> kwargs = new LinkedHashMap<>();
        if (node instanceof Map<?, ?> m) {
            KerasKeys k = new KerasKeys((Map<String, Object>) m, path, "call of " + cls);
            List<?> a = KerasConfig.list(k.take("args"), path + ".args");
            for (int i = 0; i < a.size(); i++) {
                collect(a.get(i), path + ".args[" + i + "]", args);
            }
            Object kw = k.take("kwargs");
            if (kw != null) {
                kwargs.putAll(KerasConfig.object(kw, path + ".kwargs"));
            }
            k.finish();
        } else {
            List<?> entries = KerasConfig.list(node, path);
            for (int i = 0; i < entries.size(); i++) {
                List<?> e = KerasConfig.list(entries.get(i), path + "[" + i + "]");
                args.add(ref(e, path + "[" + i + "]"));
                if (e.size() > 3 && e.get(3) instanceof Map<?, ?> kw) {
                    kwargs.putAll((Map<String, Object>) kw);
                }
            }
        }
        List<Object> refs = new ArrayList<>(args);
        Object training = kwargs.remove("training");
        if (training != null && !(training instanceof Boolean)) {
            throw new InvalidConfigException("Keras config: 'training' must be a boolean (at " + path + ")");
        }
        Object mask = kwargs.remove("mask");
        if (mask != null) {
            throw new InvalidConfigException("Keras config: explicit masks in a call are not supported (at " + path + ")");
        }
        switch (cls) {
            case "LSTM", "GRU", "SimpleRNN" -> {
                Object init = kwargs.remove("initial_state");
                if (init != null) {
                    collect(init, path + ".initial_state", refs);
                }
            }
            case "MultiHeadAttention" -> {
                for (String key : new String[] {"value", "key", "attention_mask"}) {
                    Object v = kwargs.remove(key);
                    if (v != null) {
                        while (refs.size() < positionOf(key)) {
                            // key defaults to value
                            refs.add(refs.get(refs.size() - 1));
                        }
                        collect(v, path + "." + key, refs);
                    }
                }
                Object causal = kwargs.remove("use_causal_mask");
                if (Boolean.TRUE.equals(causal)) {
                    layerConfig.put("use_causal_mask", true);
                }
                Object scores = kwargs.remove("return_attention_scores");
                if (Boolean.TRUE.equals(scores)) {
                    layerConfig.put("return_attention_scores", true);
                }
                for (String key : new String[] {"query_mask", "value_mask", "key_mask"}) {
                    if (kwargs.remove(key) != null) {
                        throw new InvalidConfigException("Keras config: '" + key + "' in a MultiHeadAttention call is not"
                                + " supported (at " + path + ")");
                    }
                }
            }
            default -> { }
        }
        kwargs.values().removeIf(v -> v == null);
        if (!kwargs.isEmpty()) {
            throw new InvalidConfigException("Keras config: call arguments " + kwargs.keySet() + " of " + cls
                    + " are not supported (at " + path + ")");
        }
        return refs;
    }

    private static int positionOf(String key) {
        return switch (key) {
            case "value" -> 1;
            case "key" -> 2;
            default -> 3;
        };
    }
}
