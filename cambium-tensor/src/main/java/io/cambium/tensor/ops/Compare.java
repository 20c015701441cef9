package io.cambium.tensor.ops;

import io.cambium.tensor.Tensor;
import io.cambium.tensor.kernels.BinaryOp;

/**
 * Broadcasting comparisons. They are not differentiable: results are 1 where the relation holds
 * and 0 elsewhere (as float32, usable as masks), and are never recorded by autograd. Any
 * comparison with NaN is false, except {@code ne}, which is true.
 */
public final class Compare {
    private Compare() {
    }

    /** Evaluates one comparison. */
    public static Tensor compare(String name, BinaryOp op, Tensor a, Tensor b) {
        return Elementwise.evaluate(name, op, a.detach(), b.detach());
    }

    /** a > b. */
    public static Tensor gt(Tensor a, Tensor b) {
        return compare("gt", BinaryOp.GT, a, b);
    }

    /** a >= b. */
    public static Tensor ge(Tensor a, Tensor b) {
        return compare("ge", BinaryOp.GE, a, b);
    }

    /** a < b. */
    public static Tensor lt(Tensor a, Tensor b) {
        return compare("lt", BinaryOp.LT, a, b);
    }

    /** a <= b. */
    public static Tensor le(Tensor a, Tensor b) {
        return compare("le", BinaryOp.LE, a, b);
    }

    /** a == b. */
    public static Tensor eq(Tensor a, Tensor b) {
        return compare("eq", BinaryOp.EQ, a, b);
    }

    /** a != b. */
    public static Tensor ne(Tensor a, Tensor b) {
        return compare("ne", BinaryOp.NE, a, b);
    }
}
