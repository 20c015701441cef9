package io.cambium.nn.layers.core;

import io.cambium.nn.Configs;
import io.cambium.nn.FluentLayer;
import io.cambium.tensor.Tensor;
import java.util.List;
import java.util.Map;

/** Repeats a vector n times: {@code (batch, features) -> (batch, n, features)}. */
public class RepeatVector extends FluentLayer<RepeatVector> {
    private final int n;

    /** Repeats the input {@code n} times. */
    public RepeatVector(int n) {
        if (n <= 0) {
            throw new IllegalArgumentException("RepeatVector: n must be positive, got " + n);
        }
        this.n = n;
    }

    @Override
    protected void checkInputs(List<int[]> inputShapes) {
        expectRank(inputShapes.get(0), 2);
    }

    @Override
    public Tensor call(Tensor x, boolean training) {
        int b = x.dim(0);
        int f = x.dim(1);
        return x.reshape(b, 1, f).expand(b, n, f);
    }

    @Override
    public int[] computeOutputShape(int[] inputShape) {
        return new int[] {inputShape[0], n, inputShape[1]};
    }

    @Override
    public Map<String, Object> config() {
        Map<String, Object> c = super.config();
        c.put("n", n);
        return c;
    }

    /** Re-creates the layer from {@link #config()}. */
    public static RepeatVector fromConfig(Map<String, Object> c) {
        RepeatVector r = new RepeatVector(Configs.integer(c, "n"));
        r.applyBaseConfig(c);
        return r;
    }
}
