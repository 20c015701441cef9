package io.cambium.llm.model;

import io.cambium.nn.Layer;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The base of the model's building blocks: a layer whose children live in one ordered map of
 * local names, so that their variables are collected in a fixed order and any child can be
 * replaced by a wrapper ({@link Composite}). The layer's name is its dotted path in the model.
 *
 * <p>Composites run their children through {@code call}, not {@code apply}: the shapes inside the
 * model are consistent by construction (the model checks its token ids), and {@code apply}'s
 * per-call bookkeeping (shape lists kept for summaries) is about 15 KB and several percent of the
 * CPU time of a decoding step with the key/value cache.
 */
public abstract class CompositeLayer extends Layer implements Composite {
    /** Scanned by {@link Layer#childLayers()}: the children, in insertion order. */
    private final LinkedHashMap<String, Layer> children = new LinkedHashMap<>();

    /** A composite whose name is its path in the model, such as {@code h.0.attn}. */
    protected CompositeLayer(String path) {
        super(path);
    }

    /** Adds a child under a local name (its own name should be {@code path + "." + localName}). */
    protected final <T extends Layer> T addChild(String localName, T child) {
        if (children.putIfAbsent(localName, child) != null) {
            throw new IllegalStateException(describe() + ": two children named '" + localName + "'");
        }
        return child;
    }

    /** The child with this local name. */
    protected final Layer child(String localName) {
        Layer l = children.get(localName);
        if (l == null) {
            throw new IllegalArgumentException(describe() + " has no child '" + localName + "' (children: "
                    + children.keySet() + ")");
        }
        return l;
    }

    @Override
    public Map<String, Layer> namedChildren() {
        return Collections.unmodifiableMap(new LinkedHashMap<>(children));
    }

    @Override
    public void replaceChild(String name, Layer replacement) {
        child(name);
        children.put(name, replacement);
    }
}
