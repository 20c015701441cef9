package io.cambium.data;

import io.cambium.nn.training.AsBatch;
import io.cambium.nn.training.Batch;
import io.cambium.tensor.Shape;
import io.cambium.tensor.Tensor;

import java.util.Arrays;
import java.util.List;

/**
 * A supervised element: features {@code x}, target {@code y} (may be null for unlabeled data) and
 * optional per-sample weights. The same type holds one example or a batch of them (axis 0).
 */
public record Example(Tensor x, Tensor y, Tensor weight) implements AsBatch {

    public Example {
        if (x == null) {
            throw new IllegalArgumentException("Example: features x must not be null");
        }
    }

    /** An example without sample weights. */
    public Example(Tensor x, Tensor y) {
        this(x, y, null);
    }

    /** The same example with new features (labels and weights kept), e.g. after augmentation. */
    public Example withX(Tensor newX) {
        return new Example(newX, y, weight);
    }

    /** The same example with sample weights. */
    public Example withWeight(Tensor w) {
        return new Example(x, y, w);
    }

    /**
     * This example as a batch for {@code fit}, {@code evaluate} and {@code predict} (samples on
     * axis 0: the example must come from a batched dataset).
     */
    @Override
    public Batch asBatch() {
        return Batch.of(x, y, weight);
    }

    /** Number of examples along axis 0 (for a batch). */
    public int size() {
        return x.dim(0);
    }

    /** Stacks examples along a new axis 0; all must have the same shapes and the same parts present. */
    public static Example stack(List<Example> items) {
        if (items.isEmpty()) {
            throw new IllegalArgumentException("Example.stack: no examples");
        }
        Example first = items.get(0);
        Tensor[] xs = new Tensor[items.size()];
        Tensor[] ys = first.y == null ? null : new Tensor[items.size()];
        Tensor[] ws = first.weight == null ? null : new Tensor[items.size()];
        for (int i = 0; i < xs.length; i++) {
            Example e = items.get(i);
            xs[i] = e.x;
            if ((e.y == null) != (ys == null) || (e.weight == null) != (ws == null)) {
                throw new IllegalArgumentException("Example.stack: example " + i
                        + " differs from example 0 in which of y / weight are present");
            }
            if (ys != null) {
                ys[i] = e.y;
            }
            if (ws != null) {
                ws[i] = e.weight;
            }
        }
        return new Example(Tensors.stack(xs), ys == null ? null : Tensors.stack(ys),
                ws == null ? null : Tensors.stack(ws));
    }

    /** Row {@code i} (along axis 0) of a batch, as a single example. */
    public Example row(int i) {
        return new Example(Tensors.slice0(x, i), y == null ? null : Tensors.slice0(y, i),
                weight == null ? null : Tensors.slice0(weight, i));
    }

    @Override
    public String toString() {
        return "Example(x" + Shape.str(x.shape()) + (y == null ? "" : ", y" + Shape.str(y.shape()))
                + (weight == null ? "" : ", weight" + Shape.str(weight.shape())) + ")";
    }

    static int[] tail(int[] shape) {
        return Arrays.copyOfRange(shape, 1, shape.length);
    }
}
