package io.cambium.tensor.ops;

import io.cambium.tensor.Tensor;
import io.cambium.tensor.autograd.BackwardFn;
import io.cambium.tensor.kernels.UnaryOp;

/**
 * The differentiable backward rules of the unary functions: the same gradients as the fused
 * kernels of {@code UnaryKernels.backward}, written in recorded tensor operations on the input
 * {@code x} and the output {@code y}, for backward passes that create a graph (higher-order
 * gradients). Piecewise-constant factors (the slope of relu, leaky relu, clip) are constants of
 * the recorded graph, as in PyTorch: their derivative is zero almost everywhere.
 */
final class UnaryDerivatives {
    private static final float SQRT_2_OVER_PI = 0.79788456080286535588f;
    private static final float GELU_C = 0.044715f;
    private static final float SELU_ALPHA = 1.6732632423543772f;
    private static final float SELU_SCALE = 1.0507009873554805f;

    private UnaryDerivatives() {
    }

    /**
     * The rule for {@code y = op(x; a, b)}, or null when the function has none (exact GELU, whose
     * derivative needs erf).
     */
    static BackwardFn rule(UnaryOp op, float a, float b, Tensor x, Tensor y) {
        return switch (op) {
            case GELU -> null;
            default -> g -> new Tensor[] {gradient(op, a, b, x, y, g)};
        };
    }

    private static Tensor gradient(UnaryOp op, float a, float b, Tensor x, Tensor y, Tensor g) {
        Tensor c = x.detach();
        return switch (op) {
            case ABS -> g.mul(c.gt(0f).sub(c.lt(0f)));
            case EXP -> g.mul(y);
            case LOG -> g.div(x);
            case LOG1P -> g.div(x.add(1f));
            case SQRT -> g.div(y.mul(2f));
            case RSQRT -> g.mul(y.mul(y).mul(y)).mul(-0.5f);
            case SQUARE -> g.mul(x).mul(2f);
            case SIGN -> Tensor.zerosLike(x);
            case RECIPROCAL -> g.mul(y.mul(y)).neg();
            case POW -> a == 0f ? Tensor.zerosLike(x) : g.mul(x.pow(a - 1f)).mul(a);
            case CLIP -> g.mul(c.ge(a).mul(c.le(b)));
            case RELU -> g.mul(c.gt(0f));
            case RELU6 -> g.mul(c.gt(0f).mul(c.lt(6f)));
            case LEAKY_RELU -> g.mul(c.gt(0f).mul(1f - a).add(a));
            // Below zero, elu's derivative a e^x is y + a; selu's is y + scale * alpha.
            case ELU -> g.mul(Tensor.where(c.gt(0f), Tensor.ones(1), y.add(a)));
            case SELU -> g.mul(Tensor.where(c.gt(0f), Tensor.full(SELU_SCALE, 1), y.add(SELU_SCALE * SELU_ALPHA)));
            case GELU_TANH -> {
                Tensor v = x.clip(-10f, 10f);
                Tensor t = v.add(v.mul(v).mul(v).mul(GELU_C)).mul(SQRT_2_OVER_PI).tanh();
                Tensor inner = v.mul(v).mul(3f * GELU_C).add(1f).mul(SQRT_2_OVER_PI);
                Tensor d = t.add(1f).mul(0.5f).add(v.mul(0.5f).mul(t.mul(t).neg().add(1f)).mul(inner));
                yield g.mul(d);
            }
            case SIGMOID -> g.mul(y.mul(y.neg().add(1f)));
            case TANH -> g.mul(y.mul(y).neg().add(1f));
            case SOFTPLUS -> {
                Tensor bx = x.mul(a);
                yield g.mul(Tensor.where(c.mul(a).gt(b), Tensor.ones(1), bx.sigmoid()));
            }
            case SOFTSIGN -> {
                Tensor d = x.abs().add(1f);
                yield g.div(d.mul(d));
            }
            case SILU -> {
                Tensor s = x.sigmoid();
                yield g.mul(s.mul(x.mul(s.neg().add(1f)).add(1f)));
            }
            case HARD_SIGMOID -> g.mul(c.gt(-3f).mul(c.lt(3f))).mul(1f / 6f);
            case GELU -> throw new IllegalStateException("gelu has no differentiable rule");
        };
    }
}
