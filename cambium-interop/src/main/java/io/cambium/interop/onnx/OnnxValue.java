package io.cambium.interop.onnx;

import io.cambium.nn.Layer;

/**
 * A Cambium tensor inside an ONNX graph being exported. Cambium is channels-last, ONNX's
 * convolutions are channels-first: a value of rank 3 or more may exist in either layout (or both),
 * and {@link ExportContext#last(OnnxValue)} / {@link ExportContext#first(OnnxValue)} insert the
 * {@code Transpose} only when a consumer needs the layout that is missing, so that a chain of
 * convolutions, normalizations and activations stays channels-first without a transpose per layer.
 */
public final class OnnxValue {
    private final int[] shape;
    private final boolean ids;
    String channelsLast;
    String channelsFirst;

    OnnxValue(int[] shape, String channelsLast, String channelsFirst, boolean ids) {
        this.shape = shape.clone();
        this.channelsLast = channelsLast;
        this.channelsFirst = channelsFirst;
        this.ids = ids;
    }

    /** The shape in Cambium's (channels-last) layout, batch first, -1 for sizes known only at run time. */
    public int[] shape() {
        return shape.clone();
    }

    /** The number of axes, batch included. */
    public int rank() {
        return shape.length;
    }

    /** The size of one axis (Cambium's layout; -1 when dynamic). */
    public int dim(int axis) {
        return shape[axis < 0 ? shape.length + axis : axis];
    }

    /** Whether the value holds integer ids (int64 in the graph) rather than float32 numbers. */
    public boolean isIds() {
        return ids;
    }

    /** Whether the channels-first form exists without a transpose. */
    public boolean hasChannelsFirst() {
        return channelsFirst != null;
    }

    /** Whether the channels-last form exists without a transpose. */
    public boolean hasChannelsLast() {
        return channelsLast != null;
    }

    @Override
    public String toString() {
        return "OnnxValue" + Layer.shapeStr(shape) + "[" + (channelsLast != null ? channelsLast : channelsFirst + " (NC...)")
                + "]";
    }
}
