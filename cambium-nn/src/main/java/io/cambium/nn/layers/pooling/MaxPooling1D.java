package io.cambium.nn.layers.pooling;

import io.cambium.nn.Configs;
import io.cambium.tensor.Tensor;
import java.util.Map;

/** Max pooling over windows of {@code (batch, steps, channels)} (Keras's MaxPooling1D). */
public class MaxPooling1D extends Pooling<MaxPooling1D> {
    /** A pooling window of {@code size} along each spatial axis. */
    public MaxPooling1D(int size) {
        super(new int[] {size});
    }

    @Override
    protected Tensor pool(Tensor x) {
        return x.maxPool1d(pool[0], strides[0], padding);
    }

    /** Re-creates the layer from {@link #config()}. */
    public static MaxPooling1D fromConfig(Map<String, Object> c) {
        MaxPooling1D l = new MaxPooling1D(Configs.ints(c, "pool_size")[0]);
        l.applyPoolingConfig(c);
        return l;
    }
}
