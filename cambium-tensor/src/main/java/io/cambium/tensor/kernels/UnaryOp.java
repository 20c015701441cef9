package io.cambium.tensor.kernels;

/**
 * The elementwise unary functions that {@link UnaryKernels} evaluates. Parameters, where an
 * operation has them, are passed to the kernels as {@code a} and {@code b}.
 */
public enum UnaryOp {
    ABS, EXP, LOG, LOG1P, SQRT, RSQRT, SQUARE, SIGN, RECIPROCAL,
    /** x^a. */
    POW,
    /** min(max(x, a), b). */
    CLIP,
    RELU, RELU6,
    /** Slope a below zero. */
    LEAKY_RELU,
    /** a (e^x - 1) below zero. */
    ELU,
    SELU,
    /** Exact x Phi(x). */
    GELU,
    /** The tanh approximation of GELU. */
    GELU_TANH,
    SIGMOID, TANH,
    /** log(1 + e^(a x)) / a, linear where a x > b. */
    SOFTPLUS,
    SOFTSIGN, SILU,
    /** relu6(x + 3) / 6. */
    HARD_SIGMOID
}
