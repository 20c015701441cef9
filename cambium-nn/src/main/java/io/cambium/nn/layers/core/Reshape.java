package io.cambium.nn.layers.core;

import io.cambium.nn.Configs;
import io.cambium.nn.FluentLayer;
import io.cambium.nn.KeepsNoActivations;
import io.cambium.tensor.Shape;
import io.cambium.tensor.Tensor;
import java.util.List;
import java.util.Map;

/** Reshapes each sample to a target shape (without the batch axis; one size may be -1). */
public class Reshape extends FluentLayer<Reshape> implements KeepsNoActivations {
    private final int[] target;

    /** A reshape to {@code targetShape} (batch axis excluded). */
    public Reshape(int... targetShape) {
        int unknown = 0;
        for (int d : targetShape) {
            if (d == -1) {
                unknown++;
            } else if (d <= 0) {
                throw new IllegalArgumentException("Reshape: invalid target shape " + Shape.str(targetShape));
            }
        }
        if (unknown > 1) {
            throw new IllegalArgumentException("Reshape: at most one -1 in the target shape, got " + Shape.str(targetShape));
        }
        this.target = targetShape.clone();
    }

    private int[] resolve(int[] inputShape) {
        long n = 1;
        for (int i = 1; i < inputShape.length; i++) {
            if (inputShape[i] < 0) {
                n = -1;
                break;
            }
        }
        if (n >= 0) {
            n = Shape.checkedProduct(describe() + ": input size", inputShape, 1);
        }
        int[] out = new int[target.length + 1];
        out[0] = inputShape[0];
        long known = 1;
        int free = -1;
        for (int i = 0; i < target.length; i++) {
            out[i + 1] = target[i];
            if (target[i] == -1) {
                free = i + 1;
            } else {
                known *= target[i];
                Shape.checkedSize(describe() + ": target shape " + Shape.str(target), known);
            }
        }
        if (n >= 0) {
            if (free >= 0) {
                if (known == 0 || n % known != 0) {
                    throw error(inputShape);
                }
                out[free] = (int) (n / known);
            } else if (known != n) {
                throw error(inputShape);
            }
        }
        return out;
    }

    private IllegalArgumentException error(int[] inputShape) {
        return new IllegalArgumentException(describe() + ": cannot reshape input " + shapeStr(inputShape)
                + " to target " + Shape.str(target) + " (sizes differ)");
    }

    @Override
    protected void checkInputs(List<int[]> inputShapes) {
        resolve(inputShapes.get(0));
    }

    @Override
    public Tensor call(Tensor x, boolean training) {
        return x.reshape(resolve(x.shape()));
    }

    @Override
    public int[] computeOutputShape(int[] inputShape) {
        return resolve(inputShape);
    }

    @Override
    public Map<String, Object> config() {
        Map<String, Object> c = super.config();
        c.put("target_shape", Configs.list(target));
        return c;
    }

    /** Re-creates the layer from {@link #config()}. */
    public static Reshape fromConfig(Map<String, Object> c) {
        Reshape r = new Reshape(Configs.ints(c, "target_shape"));
        r.applyBaseConfig(c);
        return r;
    }
}
