package io.cambium.nn.layers.pooling;

import io.cambium.nn.Configs;
import io.cambium.tensor.Tensor;
import java.util.Map;

/** Max pooling over 2-D windows of {@code (batch, height, width, channels)} (Keras's MaxPooling2D). */
public class MaxPooling2D extends Pooling<MaxPooling2D> {
    /** A pooling window of {@code size} along each spatial axis. */
    public MaxPooling2D(int size) {
        super(new int[] {size, size});
    }

    /** A {@code rows x cols} pooling window. */
    public MaxPooling2D(int rows, int cols) {
        super(new int[] {rows, cols});
    }

    @Override
    protected Tensor pool(Tensor x) {
        return x.maxPool2d(pool, strides, padding);
    }

    /** Re-creates the layer from {@link #config()}. */
    public static MaxPooling2D fromConfig(Map<String, Object> c) {
        int[] p = Configs.ints(c, "pool_size");
        MaxPooling2D l = new MaxPooling2D(p[0], p[1]);
        l.applyPoolingConfig(c);
        return l;
    }
}
