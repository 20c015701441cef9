package io.cambium.nn.layers.pooling;

import io.cambium.nn.Configs;
import io.cambium.tensor.Tensor;
import java.util.Map;

/** Average pooling over windows of {@code (batch, steps, channels)} (Keras's AveragePooling1D). */
public class AveragePooling1D extends Pooling<AveragePooling1D> {
    /** A pooling window of {@code size} along each spatial axis. */
    public AveragePooling1D(int size) {
        super(new int[] {size});
    }

    @Override
    protected Tensor pool(Tensor x) {
        return x.avgPool1d(pool[0], strides[0], padding);
    }

    /** Re-creates the layer from {@link #config()}. */
    public static AveragePooling1D fromConfig(Map<String, Object> c) {
        AveragePooling1D l = new AveragePooling1D(Configs.ints(c, "pool_size")[0]);
        l.applyPoolingConfig(c);
        return l;
    }
}
