package io.cambium.interop.onnx;

/**
 * A provider of {@link LayerExporter}s found through {@link java.util.ServiceLoader} (listed in
 * {@code META-INF/services/io.cambium.interop.onnx.OnnxExtension}), so that a module's own layers
 * export without this module depending on it.
 */
public interface OnnxExtension {
    /** Registers this module's exporters with {@link LayerExporters#register}. */
    void register();
}
