package io.cambium.nn.layers.pooling;

import io.cambium.tensor.Tensor;
import java.util.Map;

/** The mean over height and width of {@code (batch, height, width, channels)}. */
public class GlobalAveragePooling2D extends GlobalPooling<GlobalAveragePooling2D> {
    /** The layer. */
    public GlobalAveragePooling2D() {
        super(2);
    }

    @Override
    protected Tensor reduce(Tensor x, int[] axes, boolean keep) {
        return x.mean(axes, keep);
    }

    /** Re-creates the layer from {@link #config()}. */
    public static GlobalAveragePooling2D fromConfig(Map<String, Object> c) {
        GlobalAveragePooling2D l = new GlobalAveragePooling2D();
        l.applyGlobalConfig(c);
        return l;
    }
}
