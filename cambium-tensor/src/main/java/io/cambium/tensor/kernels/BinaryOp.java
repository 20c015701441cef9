package io.cambium.tensor.kernels;

/** The elementwise binary operations that {@link BinaryKernels} evaluates. */
public enum BinaryOp {
    ADD, SUB, MUL, DIV, POW, MAXIMUM, MINIMUM,
    /** Comparisons give 1 where true and 0 where false. */
    GT, GE, LT, LE, EQ, NE
}
