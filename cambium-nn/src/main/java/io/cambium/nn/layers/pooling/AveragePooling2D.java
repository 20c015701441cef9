package io.cambium.nn.layers.pooling;

import io.cambium.nn.Configs;
import io.cambium.tensor.Tensor;
import java.util.Map;

/** Average pooling over 2-D windows of {@code (batch, height, width, channels)} (Keras's AveragePooling2D). */
public class AveragePooling2D extends Pooling<AveragePooling2D> {
    /** A pooling window of {@code size} along each spatial axis. */
    public AveragePooling2D(int size) {
        super(new int[] {size, size});
    }

    /** A {@code rows x cols} pooling window. */
    public AveragePooling2D(int rows, int cols) {
        super(new int[] {rows, cols});
    }

    @Override
    protected Tensor pool(Tensor x) {
        return x.avgPool2d(pool, strides, padding);
    }

    /** Re-creates the layer from {@link #config()}. */
    public static AveragePooling2D fromConfig(Map<String, Object> c) {
        int[] p = Configs.ints(c, "pool_size");
        AveragePooling2D l = new AveragePooling2D(p[0], p[1]);
        l.applyPoolingConfig(c);
        return l;
    }
}
