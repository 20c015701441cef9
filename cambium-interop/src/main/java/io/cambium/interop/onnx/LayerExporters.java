package io.cambium.interop.onnx;

import io.cambium.interop.onnx.export.AttentionExporters;
import io.cambium.interop.onnx.export.ConvExporters;
import io.cambium.interop.onnx.export.CoreExporters;
import io.cambium.interop.onnx.export.GptExporters;
import io.cambium.interop.onnx.export.NormalizationExporters;
import io.cambium.interop.onnx.export.RecurrentExporters;
import io.cambium.nn.Layer;
import io.cambium.nn.Model;
import java.util.HashMap;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.function.Function;

/**
 * The registry of {@link LayerExporter}s by layer class. A layer is exported by the exporter of its
 * own class or, failing that, of its nearest registered superclass. Built-in: every layer of
 * cambium-nn that has an ONNX form and cambium-llm's GPT ({@link GptExporters}); more come from
 * {@link #register} and from {@link OnnxExtension} providers on the class path. A subclassed model
 * also needs its graph inputs declared ({@link #registerSignature}).
 */
public final class LayerExporters {
    private static final Map<Class<?>, LayerExporter<?>> BY_CLASS = new HashMap<>();
    private static final Map<Class<?>, Function<?, OnnxSignature>> SIGNATURES = new HashMap<>();
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

    /**
     * Registers (or replaces) the graph signature of a subclassed model class and its subclasses:
     * the inputs and output names {@link OnnxExporter} writes for it, since such a model has no
     * symbolic inputs to read them from.
     */
    public static synchronized <T extends Model> void registerSignature(Class<T> type,
            Function<? super T, OnnxSignature> signature) {
        SIGNATURES.put(type, signature);
    }

    /** The signature of this model (by its class or nearest registered superclass), or {@code null}. */
    @SuppressWarnings("unchecked")
    public static synchronized OnnxSignature signature(Model model) {
        init();
        for (Class<?> c = model.getClass(); c != null && c != Object.class; c = c.getSuperclass()) {
            Function<?, OnnxSignature> f = SIGNATURES.get(c);
            if (f != null) {
                return ((Function<Model, OnnxSignature>) f).apply(model);
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
        GptExporters.registerAll();
        for (OnnxExtension ext : ServiceLoader.load(OnnxExtension.class)) {
            ext.register();
        }
    }
}
