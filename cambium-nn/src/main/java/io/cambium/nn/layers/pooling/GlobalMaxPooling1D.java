package io.cambium.nn.layers.pooling;

import io.cambium.tensor.Tensor;
import java.util.Map;

/** The maximum over the steps of {@code (batch, steps, channels)}. */
public class GlobalMaxPooling1D extends GlobalPooling<GlobalMaxPooling1D> {
    /** The layer. */
    public GlobalMaxPooling1D() {
        super(1);
    }

    @Override
    protected Tensor reduce(Tensor x, int[] axes, boolean keep) {
        return x.max(axes, keep);
    }

    /** Re-creates the layer from {@link #config()}. */
    public static GlobalMaxPooling1D fromConfig(Map<String, Object> c) {
        GlobalMaxPooling1D l = new GlobalMaxPooling1D();
        l.applyGlobalConfig(c);
        return l;
    }
}
