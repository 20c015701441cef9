package io.cambium.llm.model;

import io.cambium.nn.Layer;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Dotted paths of the layers inside a model built of {@link Composite}s: {@code wte},
 * {@code h.0}, {@code h.0.attn}, {@code h.0.attn.c_attn}, ... (Hugging Face's module names without
 * the {@code transformer.} prefix). Used to find layers by pattern and to replace them by wrappers.
 */
public final class LayerPaths {
    private LayerPaths() {
    }

    /** Every layer below {@code root} (not the root itself) by path, depth first, in order. */
    public static Map<String, Layer> all(Composite root) {
        Map<String, Layer> out = new LinkedHashMap<>();
        collect("", root, out);
        return out;
    }

    private static void collect(String prefix, Composite c, Map<String, Layer> out) {
        for (Map.Entry<String, Layer> e : c.namedChildren().entrySet()) {
            String path = prefix + e.getKey();
            out.put(path, e.getValue());
            if (e.getValue() instanceof Composite inner) {
                collect(path + ".", inner, out);
            }
        }
    }

    /** The layer at {@code path}. @throws IllegalArgumentException naming the path when there is none */
    public static Layer get(Composite root, String path) {
        Layer l = all(root).get(path);
        if (l == null) {
            throw new IllegalArgumentException("no layer at path '" + path + "'");
        }
        return l;
    }

    /**
     * Replaces every layer whose path matches by {@code wrap.apply(layer)}, returning the paths
     * replaced (in order). Layers below a replaced one are not visited.
     */
    public static Map<String, Layer> replace(Composite root, Predicate<String> matches, Function<Layer, Layer> wrap) {
        Map<String, Layer> replaced = new LinkedHashMap<>();
        replace("", root, matches, wrap, replaced);
        return replaced;
    }

    private static void replace(String prefix, Composite c, Predicate<String> matches, Function<Layer, Layer> wrap,
            Map<String, Layer> replaced) {
        for (Map.Entry<String, Layer> e : c.namedChildren().entrySet()) {
            String path = prefix + e.getKey();
            if (matches.test(path)) {
                Layer w = wrap.apply(e.getValue());
                c.replaceChild(e.getKey(), w);
                replaced.put(path, w);
            } else if (e.getValue() instanceof Composite inner) {
                replace(path + ".", inner, matches, wrap, replaced);
            }
        }
    }
}
