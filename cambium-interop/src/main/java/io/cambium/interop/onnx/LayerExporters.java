package io.cambium.interop.onnx;

import io.cambium.interop.onnx.export.AttentionExporters;
import io.cambium.interop.onnx.export.ConvExporters;
import io.cambium.interop.onnx.export.CoreExporters;
import io.cambium.interop.onnx.export.NormalizationExporters;
import io.cambium.interop.onnx.export.RecurrentExporters;
import io.cambium.nn.Layer;
import java.util.HashMap;
import java.util.Map;
import java.util.ServiceLoader;

/**
 * The registry of {@link LayerExporter}s by layer class. A layer is exported by the exporter of its
 * own class or, failing that, of its nearest registered superclass. Built-in: every layer of
 * cambium-nn that has an ONNX form; more come from {@link #register} and from
 * {@link OnnxExtension} providers on the class path.
 */
public final class LayerExporters {
    private static final Map<Class<?>, LayerExporter<?>> BY_CLASS = new HashMap<>();
    private static boolean initialized;

    private LayerExporters() {
    }

    /** Registers (or replaces) the exporter of a layer class and its subclasses. */
    public static synchronized <T extends Layer> void register(Class<T> type, LayerExporter<? super T> exporter) {
        BY_CLASS.put(type, exporter);
    }

    /** The exporter for this layer's class, or {@code null} when none is registered. */
    @SuppressWarnings("unchecked")
    public static synchronized <T extends Layer> LayerExporter<T> find(Class<? extends Layer> type) {
        init();
        for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
            LayerExporter<?> e = BY_CLASS.get(c);
            if (e != null) {
                return (LayerExporter<T>) e;
            }
        }
        return null;
    }

    private static void init() {
        if (initialized) {
            return;
        }
        initialized = true;
        CoreExporters.registerAll();
        ConvExporters.registerAll();
        NormalizationExporters.registerAll();
        RecurrentExporters.registerAll();
        AttentionExporters.registerAll();
        for (OnnxExtension ext : ServiceLoader.load(OnnxExtension.class)) {
            ext.register();
        }
    }
}
