package io.cambium.tensor.ops;

import io.cambium.tensor.ArrayPool;
import io.cambium.tensor.Parallel;
import io.cambium.tensor.Shape;
import io.cambium.tensor.Tensor;
import io.cambium.tensor.autograd.Autograd;
import io.cambium.tensor.kernels.BinaryKernels;
import io.cambium.tensor.kernels.Kernels;
import io.cambium.tensor.kernels.TranscendentalKernels;
import io.cambium.tensor.kernels.UnaryKernels;
import io.cambium.tensor.kernels.UnaryOp;

/**
 * Activation functions with their gradients, each one forward and one fused backward pass.
 * Definitions and gradients at the kinks follow PyTorch (which agrees with Keras 3 where both
 * define the function): the gradient of relu at 0 is 0, of leaky_relu at 0 is alpha, of relu6 and
 * hard_sigmoid at their corners is 0.
 */
public final class Activations {
    private Activations() {
    }

    /** max(x, 0). */
    public static Tensor relu(Tensor x) {
        return UnaryMath.apply("relu", UnaryOp.RELU, 0, 0, x);
    }

    /** min(max(x, 0), 6). */
    public static Tensor relu6(Tensor x) {
        return UnaryMath.apply("relu6", UnaryOp.RELU6, 0, 0, x);
    }

    /**
     * x for x > 0, alpha * x otherwise. (Keras's LeakyReLU defaults to alpha 0.3, PyTorch's to
     * 0.01: the slope is always explicit here.)
     */
    public static Tensor leakyRelu(Tensor x, float alpha) {
        return UnaryMath.apply("leaky_relu", UnaryOp.LEAKY_RELU, alpha, 0, x);
    }

    /** x for x > 0, alpha * (e^x - 1) otherwise. */
    public static Tensor elu(Tensor x, float alpha) {
        return UnaryMath.apply("elu", UnaryOp.ELU, alpha, 0, x);
    }

    /** scale * elu(x, alpha) with the fixed SELU constants (alpha ~1.6733, scale ~1.0507). */
    public static Tensor selu(Tensor x) {
        return UnaryMath.apply("selu", UnaryOp.SELU, 0, 0, x);
    }

    /**
     * The Gaussian error linear unit: the exact x * Phi(x) (PyTorch's default, Keras's
     * {@code approximate=False}), or with {@code tanhApproximation} the form
     * 0.5 x (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3))) (PyTorch's {@code approximate='tanh'}).
     */
    public static Tensor gelu(Tensor x, boolean tanhApproximation) {
        return tanhApproximation ? geluTanh(x) : UnaryMath.apply("gelu", UnaryOp.GELU, 0, 0, x);
    }

    /**
     * The tanh GELU; when recorded, the forward pass keeps the tanh of each element so that the
     * backward pass is one loop (the tanh was a third of the GELU's cost in GPT training).
     */
    private static Tensor geluTanh(Tensor x) {
        if (!Autograd.needsGrad(x)) {
            return UnaryMath.apply("gelu_tanh", UnaryOp.GELU_TANH, 0, 0, x);
        }
        float[] xd = x.data();
        float[] out = new float[xd.length];
        float[] t = new float[xd.length];
        UnaryKernels.geluTanh(xd, out, t);
        Tensor y = Tensor.wrapOwned(out, x.shape());
        return Autograd.record(y, "gelu_tanh", g -> {
            float[] gx = new float[xd.length];
            UnaryKernels.geluTanhBackward(xd, t, g.data(), gx);
            return new Tensor[] {Tensor.wrapOwned(gx, x.shape())};
        }, UnaryDerivatives.rule(UnaryOp.GELU_TANH, 0, 0, x, y), x);
    }

    /**
     * The exact GELU of {@code x + bias}, with {@code bias [n]} (or null) added along the last axis
     * of {@code x [..., n]}: the values and gradients of {@code gelu(x.add(bias))}, bit for bit,
     * from one forward pass that also keeps the GELU derivative, so that the backward pass is one
     * product (and the column sums of the bias gradient).
     */
    public static Tensor biasGelu(Tensor x, Tensor bias) {
        int[] xs = x.shape();
        int n = xs.length == 0 ? 1 : xs[xs.length - 1];
        if (bias != null && (bias.rank() != 1 || bias.dim(0) != n)) {
            throw new IllegalArgumentException("bias_gelu: bias must be [" + n + "] for input " + Shape.str(xs)
                    + ", got " + Shape.str(bias.shape()));
        }
        int rows = n == 0 ? 0 : x.numel() / n;
        float[] xd = x.data();
        float[] bd = bias == null ? null : bias.data();
        boolean grad = Autograd.needsGrad(x, bias);
        float[] out = ArrayPool.take(xd.length);
        float[] d = grad ? ArrayPool.take(xd.length) : null;
        TranscendentalKernels tk = Kernels.transcendentals();
        int grain = Math.max(1, BinaryKernels.PARALLEL_GRAIN / Math.max(1, n));
        Parallel.range(rows, grain, (s, e) -> {
            for (int r = s; r < e; r++) {
                tk.biasGelu(xd, r * n, bd, 0, out, d, r * n, n);
            }
        });
        Tensor y = Tensor.wrapOwned(out, xs);
        if (!grad) {
            return y;
        }
        Autograd.record(y, "bias_gelu", g -> {
            float[] gd = g.data();
            float[] gx = ArrayPool.take(gd.length);
            Parallel.range(gd.length, BinaryKernels.PARALLEL_GRAIN, (s, e) -> {
                for (int i = s; i < e; i++) {
                    gx[i] = gd[i] * d[i];
                }
            });
            Tensor gb = bias != null && bias.requiresGrad() ? new Tensor(gx, xs).sumTo(bias.shape()) : null;
            Tensor gxt = x.requiresGrad() ? Tensor.wrapOwned(gx, xs) : null;
            return bias == null ? new Tensor[] {gxt} : new Tensor[] {gxt, gb};
        }, bias == null ? new Tensor[] {x} : new Tensor[] {x, bias});
        return Autograd.recycleOnRelease(y, d);
    }

    /** 1 / (1 + e^-x), computed without overflow for any x. */
    public static Tensor sigmoid(Tensor x) {
        return UnaryMath.apply("sigmoid", UnaryOp.SIGMOID, 0, 0, x);
    }

    /** The hyperbolic tangent. */
    public static Tensor tanh(Tensor x) {
        return UnaryMath.apply("tanh", UnaryOp.TANH, 0, 0, x);
    }

    /**
     * log(1 + e^(beta x)) / beta, and x itself where beta x > threshold (PyTorch's softplus;
     * beta 1 and threshold 20 give Keras's softplus to float precision). Never overflows, also
     * with a threshold above ~88 where PyTorch's log1p(exp(beta x)) returns inf.
     */
    public static Tensor softplus(Tensor x, float beta, float threshold) {
        if (!(beta != 0f) || Float.isNaN(threshold)) {
            throw new IllegalArgumentException("softplus: beta must be non-zero and threshold a number, got beta "
                    + beta + ", threshold " + threshold);
        }
        return UnaryMath.apply("softplus", UnaryOp.SOFTPLUS, beta, threshold, x);
    }

    /** x / (1 + |x|). */
    public static Tensor softsign(Tensor x) {
        return UnaryMath.apply("softsign", UnaryOp.SOFTSIGN, 0, 0, x);
    }

    /** x * sigmoid(x) (also called swish). */
    public static Tensor silu(Tensor x) {
        return UnaryMath.apply("silu", UnaryOp.SILU, 0, 0, x);
    }

    /**
     * relu6(x + 3) / 6, i.e. x/6 + 1/2 clipped to [0, 1]: the definition of Keras 3 and PyTorch's
     * hardsigmoid (Keras 2 used 0.2 x + 0.5 instead).
     */
    public static Tensor hardSigmoid(Tensor x) {
        return UnaryMath.apply("hard_sigmoid", UnaryOp.HARD_SIGMOID, 0, 0, x);
    }
}
