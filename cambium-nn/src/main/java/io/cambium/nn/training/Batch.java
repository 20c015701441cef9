package io.cambium.nn.training;

import io.cambium.tensor.Shape;
import io.cambium.tensor.Tensor;
import java.util.List;

/**
 * One batch of training or evaluation data: the model inputs, the targets (empty for prediction)
 * and optional per-sample weights of shape {@code [batch]}. Every tensor has the samples on axis 0.
 */
public record Batch(List<Tensor> x, List<Tensor> y, Tensor sampleWeight) implements AsBatch {
    /** Validates that the parts agree on the number of samples. */
    public Batch {
        if (x == null || x.isEmpty()) {
            throw new IllegalArgumentException("Batch: needs at least one input tensor");
        }
        x = List.copyOf(x);
        y = y == null ? List.of() : List.copyOf(y);
        int n = x.get(0).rank() == 0 ? -1 : x.get(0).dim(0);
        for (Tensor t : x) {
            check("input", t, n);
        }
        for (Tensor t : y) {
            check("target", t, n);
        }
        if (sampleWeight != null) {
            check("sample weight", sampleWeight, n);
            if (sampleWeight.rank() != 1) {
                throw new IllegalArgumentException("Batch: sample weights must have shape (" + n + ",), got "
                        + Shape.str(sampleWeight.shape()));
            }
        }
    }

    private static void check(String what, Tensor t, int n) {
        if (t.rank() == 0 || t.dim(0) != n) {
            throw new IllegalArgumentException("Batch: " + what + " of shape " + Shape.str(t.shape())
                    + " does not have the batch's " + n + " samples on axis 0");
        }
    }

    /** A batch with one input and one target. */
    public static Batch of(Tensor x, Tensor y) {
        return new Batch(List.of(x), y == null ? List.of() : List.of(y), null);
    }

    /** A weighted batch with one input and one target. */
    public static Batch of(Tensor x, Tensor y, Tensor sampleWeight) {
        return new Batch(List.of(x), y == null ? List.of() : List.of(y), sampleWeight);
    }

    /** This batch itself. */
    @Override
    public Batch asBatch() {
        return this;
    }

    /** The number of samples. */
    public int size() {
        return x.get(0).dim(0);
    }
}
