package io.cambium.interop.onnx;

import io.cambium.nn.Layer;
import java.util.List;

/**
 * Writes one kind of layer as ONNX nodes. Register an implementation for a custom layer with
 * {@link LayerExporters#register}; modules that define layers can also provide one through
 * {@link OnnxExtension} (Java's {@link java.util.ServiceLoader}).
 *
 * @param <T> the layer class
 */
@FunctionalInterface
public interface LayerExporter<T extends Layer> {
    /**
     * Emits the nodes that compute {@code layer} on {@code inputs} and returns its outputs (in the
     * order of {@link Layer#callAll}), computed at inference (dropout off, moving statistics).
     *
     * @throws UnsupportedOperationException naming the layer and the option that ONNX cannot express
     */
    List<OnnxValue> export(T layer, List<OnnxValue> inputs, ExportContext ctx);
}
