package io.cambium.nn.layers.pooling;

import io.cambium.tensor.Tensor;
import java.util.Map;

/** The mean over the steps of {@code (batch, steps, channels)}. */
public class GlobalAveragePooling1D extends GlobalPooling<GlobalAveragePooling1D> {
    /** The layer. */
    public GlobalAveragePooling1D() {
        super(1);
    }

    @Override
    protected Tensor reduce(Tensor x, int[] axes, boolean keep) {
        return x.mean(axes, keep);
    }

    /** Re-creates the layer from {@link #config()}. */
    public static GlobalAveragePooling1D fromConfig(Map<String, Object> c) {
        GlobalAveragePooling1D l = new GlobalAveragePooling1D();
        l.applyGlobalConfig(c);
        return l;
    }
}
