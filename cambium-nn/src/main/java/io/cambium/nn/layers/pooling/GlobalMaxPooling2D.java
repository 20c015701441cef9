package io.cambium.nn.layers.pooling;

import io.cambium.tensor.Tensor;
import java.util.Map;

/** The maximum over height and width of {@code (batch, height, width, channels)}. */
public class GlobalMaxPooling2D extends GlobalPooling<GlobalMaxPooling2D> {
    /** The layer. */
    public GlobalMaxPooling2D() {
        super(2);
    }

    @Override
    protected Tensor reduce(Tensor x, int[] axes, boolean keep) {
        return x.max(axes, keep);
    }

    /** Re-creates the layer from {@link #config()}. */
    public static GlobalMaxPooling2D fromConfig(Map<String, Object> c) {
        GlobalMaxPooling2D l = new GlobalMaxPooling2D();
        l.applyGlobalConfig(c);
        return l;
    }
}
