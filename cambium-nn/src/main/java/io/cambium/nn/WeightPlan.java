package io.cambium.nn;

import io.cambium.tensor.Shape;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * While a model file is loaded, the weights the file holds: every weight the rebuilt layers create
 * must be one of them, with the same shape, and is checked before it is allocated. So an
 * architecture edited to {@code Dense(units=1e8)} is rejected at once instead of allocating
 * gigabytes (and then failing to match the file's weights anyway).
 */
final class WeightPlan {
    private static final ThreadLocal<WeightPlan> CURRENT = new ThreadLocal<>();
    private final Map<String, int[]> shapes;
    private final Set<String> created = new HashSet<>();

    private WeightPlan(Map<String, int[]> shapes) {
        this.shapes = shapes;
    }

    /** Runs {@code body} (the rebuilding of a model) with {@code shapes} as the allowed weights. */
    static <T> T during(Map<String, int[]> shapes, Supplier<T> body) {
        WeightPlan outer = CURRENT.get();
        CURRENT.set(new WeightPlan(shapes));
        try {
            return body.get();
        } finally {
            if (outer == null) {
                CURRENT.remove();
            } else {
                CURRENT.set(outer);
            }
        }
    }

    /**
     * Called by {@link Layer#addWeight} before the weight exists: its size must fit a tensor and,
     * while a file is loaded, the file must hold it.
     *
     * @throws InvalidConfigException when a plan is active and the weight is not in it
     */
    static void check(Layer layer, String variableName, int[] shape) {
        long n = 1;
        for (int d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException(layer.describe() + ": weight '" + variableName + "' would have shape "
                        + Layer.shapeStr(shape) + " (an unknown size: is the input shape known?)");
            }
            n *= d;
            if (n > Integer.MAX_VALUE) {
                throw new IllegalArgumentException(layer.describe() + ": weight '" + variableName + "' would have shape "
                        + Layer.shapeStr(shape) + ", more than 2^31-1 elements");
            }
        }
        WeightPlan p = CURRENT.get();
        if (p == null) {
            return;
        }
        int[] want = p.shapes.get(variableName);
        if (want == null) {
            throw new InvalidConfigException(layer.describe() + ": the architecture creates weight '" + variableName
                    + "' " + Layer.shapeStr(shape) + ", which the file does not hold");
        }
        if (!Shape.same(want, shape)) {
            throw new InvalidConfigException(layer.describe() + ": the architecture makes weight '" + variableName
                    + "' of shape " + Layer.shapeStr(shape) + " but the file holds " + Shape.str(want));
        }
        if (!p.created.add(variableName)) {
            throw new InvalidConfigException(layer.describe() + ": weight '" + variableName
                    + "' is created twice (two layers of the same name)");
        }
    }
}
