package io.cambium.nn.layers.core;

import io.cambium.nn.FluentLayer;
import io.cambium.nn.KeepsNoActivations;
import io.cambium.tensor.Shape;
import io.cambium.tensor.Tensor;
import java.util.List;
import java.util.Map;

/** Flattens every axis but the batch axis: {@code (batch, 28, 28, 1) -> (batch, 784)}. */
public class Flatten extends FluentLayer<Flatten> implements KeepsNoActivations {
    @Override
    protected void checkInputs(List<int[]> inputShapes) {
        expectMinRank(inputShapes.get(0), 1);
    }

    @Override
    public Tensor call(Tensor x, boolean training) {
        int b = x.dim(0);
        return x.reshape(b, b == 0 ? 0 : x.numel() / b);
    }

    @Override
    public int[] computeOutputShape(int[] inputShape) {
        for (int i = 1; i < inputShape.length; i++) {
            if (inputShape[i] < 0) {
                return new int[] {inputShape[0], -1};
            }
        }
        return new int[] {inputShape[0], Shape.checkedProduct(describe() + ": flattened size", inputShape, 1)};
    }

    /** Re-creates the layer from {@link #config()}. */
    public static Flatten fromConfig(Map<String, Object> c) {
        Flatten f = new Flatten();
        f.applyBaseConfig(c);
        return f;
    }
}
