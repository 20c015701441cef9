package io.cambium.interop.onnx.export;

import io.cambium.nn.Layer;
import io.cambium.nn.Variable;
import java.util.List;
import java.util.Map;

/**
 * A layer's options as its saved config states them (the same description a model file keeps),
 * and its variables by their names, so that exporters read layers through their public contract.
 */
final class LayerOptions {
    private final Layer layer;
    private final Map<String, Object> config;

    LayerOptions(Layer layer) {
        this.layer = layer;
        this.config = layer.config();
    }

    int integer(String key, int fallback) {
        Object v = config.get(key);
        return v instanceof Number n ? n.intValue() : fallback;
    }

    double real(String key, double fallback) {
        Object v = config.get(key);
        return v instanceof Number n ? n.doubleValue() : fallback;
    }

    boolean bool(String key, boolean fallback) {
        Object v = config.get(key);
        return v instanceof Boolean b ? b : fallback;
    }

    String string(String key, String fallback) {
        Object v = config.get(key);
        return v instanceof String s ? s : fallback;
    }

    int[] ints(String key) {
        Object v = config.get(key);
        if (v instanceof int[] a) {
            return a.clone();
        }
        if (!(v instanceof List<?> l)) {
            return null;
        }
        int[] out = new int[l.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = ((Number) l.get(i)).intValue();
        }
        return out;
    }

    /** The layer's variable {@code <layer name>/<suffix>}, or {@code null}. */
    Variable variable(String suffix) {
        String full = layer.name() + "/" + suffix;
        for (Variable v : layer.variables()) {
            if (v.name().equals(full)) {
                return v;
            }
        }
        return null;
    }

    /** {@link #variable} that must exist. */
    Variable required(String suffix) {
        Variable v = variable(suffix);
        if (v == null) {
            throw new IllegalStateException("ONNX export: " + layer.describe() + " has no weight '" + suffix
                    + "' (is it built?)");
        }
        return v;
    }

    UnsupportedOperationException unsupported(String what) {
        return new UnsupportedOperationException("ONNX export: " + layer.describe() + ": " + what);
    }
}
