package io.cambium.tensor.ops;

import io.cambium.tensor.Tensor;
import io.cambium.tensor.autograd.GradCheck;
import io.cambium.tensor.random.Rng;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * Second derivatives of every op with a differentiable backward rule, by
 * {@link GradCheck#checkSecondOrder} (Hessian-vector products and the derivative with respect to
 * the output gradient, against finite differences of the recorded gradient). Inputs of functions
 * with kinks keep away from them by more than the finite-difference step.
 */
class SecondOrderGradCheckTest {
    private final Rng rng = new Rng(3);

    private Tensor randn(int... shape) {
        return Tensor.normal(rng, 0f, 1f, shape);
    }

    /** Normal values with magnitudes of at least 0.1 (no value near a kink at 0). */
    private Tensor awayFromZero(int... shape) {
        Tensor t = randn(shape);
        float[] d = t.data();
        for (int i = 0; i < d.length; i++) {
            d[i] = Math.copySign(Math.abs(d[i]) + 0.1f, d[i]);
        }
        return t;
    }

    private Tensor uniform(float lo, float hi, int... shape) {
        return Tensor.uniform(rng, lo, hi, shape);
    }

    private static void check(Function<Tensor[], Tensor> f, Tensor... inputs) {
        GradCheck.of(f).checkSecondOrder(inputs);
    }

    /**
     * For squares of bilinear ops, whose gradient is linear in each input: a larger step only
     * lowers the float32 rounding noise of the finite differences of sums over many taps.
     */
    private static void checkPolynomial(Function<Tensor[], Tensor> f, Tensor... inputs) {
        GradCheck.of(f).eps(1e-2).checkSecondOrder(inputs);
    }

    @Test
    void broadcastingArithmetic() {
        check(in -> in[0].mul(in[1]).add(in[2]).div(in[3]),
                randn(3, 4), randn(4), randn(3, 1), uniform(1f, 2f, 1, 4));
        check(in -> in[0].sub(in[1]).mul(in[0]), randn(2, 3), randn(3));
        check(in -> in[0].mul(2.5f).add(-1f).sub(0.5f).div(3f).neg().mul(in[0]), randn(5));
        check(in -> in[0].div(in[1]), randn(2, 3), uniform(0.5f, 2f, 2, 3));
    }

    @Test
    void reductionsAndShapes() {
        check(in -> in[0].square().sum(), randn(3, 4));
        check(in -> in[0].square().sum(new int[] {0, 2}, true).mul(in[0]), randn(2, 3, 2));
        check(in -> in[0].mul(in[0]).mean(1, false), randn(3, 4));
        check(in -> in[0].square().mean(), randn(3, 4));
        check(in -> in[0].reshape(4, 3).square().flatten(), randn(3, 4));
        check(in -> in[0].permute(2, 0, 1).square().transpose(0, 1), randn(2, 3, 4));
        check(in -> in[0].expand(3, 4).mul(in[1]), randn(1, 4), randn(3, 4));
        check(in -> in[0].square().sumTo(1, 4), randn(3, 4));
    }

    @Test
    void matmulWithTransposesAndBatches() {
        check(in -> in[0].matmul(in[1]).square(), randn(3, 4), randn(4, 2));
        check(in -> in[0].matmul(in[1], true, true).square(), randn(4, 3), randn(2, 4));
        check(in -> in[0].matmul(in[1]).square(), randn(2, 3, 4), randn(4, 2));
        check(in -> in[0].matmul(in[1]).tanh(), randn(4), randn(4, 3));
    }

    @Test
    void affineWithBiasAndRelu() {
        check(in -> Affine.apply(in[0], in[1], in[2], false).square(), randn(3, 4), randn(4, 2), randn(2));
        check(in -> Affine.apply(in[0], in[1], null, false).tanh(), randn(3, 4), randn(4, 2));
        // Pre-activations far from 0: x > 0 and a kernel with a positive or negative margin.
        Tensor x = uniform(0.5f, 1f, 3, 4);
        Tensor w = Tensor.of(new float[] {1f, -1f, 1f, -1f, 1f, -1f, 1f, -1f}, 4, 2);
        check(in -> Affine.apply(in[0], in[1], in[2], true).square(), x, w, Tensor.of(new float[] {0.1f, -0.1f}));
    }

    @Test
    void activations() {
        Tensor kinked = awayFromZero(3, 5);
        check(in -> in[0].relu().square(), kinked);
        check(in -> in[0].leakyRelu(0.2f).square(), kinked);
        check(in -> in[0].elu(1f).square(), kinked);
        check(in -> in[0].selu().square(), kinked);
        check(in -> in[0].relu6().square(), kinked);
        check(in -> in[0].hardSigmoid().square(), kinked);
        check(in -> in[0].abs().square(), kinked);
        check(in -> in[0].clip(-0.05f, 0.05f).square().add(in[0].square()), kinked);
        Tensor x = randn(3, 5);
        check(in -> in[0].sigmoid(), x);
        check(in -> in[0].tanh(), x);
        check(in -> in[0].softplus(), x);
        check(in -> in[0].softplus(2f, 1f).mul(in[0]), kinked);
        check(in -> in[0].softsign(), x);
        check(in -> in[0].silu(), x);
        check(in -> in[0].gelu(true), x);
    }

    @Test
    void elementwiseMath() {
        Tensor positive = uniform(0.5f, 2f, 3, 4);
        check(in -> in[0].exp(), randn(3, 4));
        check(in -> in[0].log(), positive);
        check(in -> in[0].log1p(), positive);
        check(in -> in[0].sqrt(), positive);
        check(in -> in[0].rsqrt(), positive);
        check(in -> in[0].reciprocal(), positive);
        check(in -> in[0].square().mul(in[0]), randn(3, 4));
        check(in -> in[0].pow(3f), randn(3, 4));
        check(in -> in[0].pow(-1.5f), positive);
        check(in -> in[0].pow(in[1]), positive, uniform(-1f, 2f, 4));
        check(in -> in[0].sign().add(in[0].square()), awayFromZero(3, 4));
    }

    @Test
    void selectionOps() {
        Tensor a = randn(3, 4);
        Tensor b = a.add(awayFromZero(3, 4).mul(0.5f));
        check(in -> in[0].maximum(in[1]).square(), a, b);
        check(in -> in[0].minimum(in[1]).square(), a, b);
        Tensor cond = randn(3, 4).gt(0f);
        check(in -> Tensor.where(cond, in[0], in[1]).square(), randn(3, 4), randn(4));
    }

    @Test
    void softmaxAndNorms() {
        check(in -> in[0].softmax(1), randn(3, 4));
        check(in -> in[0].logSoftmax(-1), randn(2, 3, 4));
        check(in -> in[0].norm(), randn(3, 4));
        check(in -> in[0].norm(2f, new int[] {1}, true).mul(in[0]), randn(3, 4));
        check(in -> in[0].norm(1f, new int[] {0}, false).square(), awayFromZero(3, 4));
    }

    @Test
    void concatNarrowAndDropout() {
        check(in -> Tensor.concat(1, in[0], in[1]).square(), randn(2, 3), randn(2, 2));
        check(in -> in[0].narrow(1, 1, 2).square(), randn(2, 4));
        check(in -> in[0].square().dropout(0.5f, new Rng(5)), randn(4, 5));
    }

    @Test
    void conv2dAndConv1d() {
        // Stride 2 SAME (TensorFlow's asymmetric padding), dilation, bias and a tanh (to make the
        // second derivative with respect to the kernel non-zero).
        check(in -> in[0].conv2d(in[1], in[2], false, new int[] {2, 2}, ConvPadding.SAME, new int[] {1, 1}, 1).tanh(),
                randn(2, 5, 5, 2), randn(3, 3, 2, 3).mul(0.5f), randn(3));
        checkPolynomial(in -> in[0].conv2d(in[1], new int[] {1, 1}, ConvPadding.VALID, new int[] {2, 1}, 1).square(),
                randn(2, 5, 4, 3), randn(2, 2, 3, 2).mul(0.5f));
        checkPolynomial(in -> in[0].conv2d(in[1], new int[] {1, 1}, ConvPadding.SAME, new int[] {1, 1}, 2).square(),
                randn(2, 4, 4, 4), randn(3, 3, 2, 4).mul(0.5f));
        checkPolynomial(in -> in[0].conv2d(in[1], new int[] {1, 1}, ConvPadding.SAME, new int[] {1, 1}, 3).square(),
                randn(2, 4, 4, 3), randn(3, 3, 1, 6).mul(0.5f));
        check(in -> in[0].conv1d(in[1], 1, ConvPadding.CAUSAL, 2, 1).tanh(), randn(2, 6, 3), randn(3, 3, 2));
        // 16 channels: the direct (Vector API) kernels, with bias and ReLU fused. The kernel is
        // positive and the input away from 0 on one side, so that no pre-activation sits at the kink.
        Tensor x = uniform(0.2f, 1f, 2, 3, 3, 16);
        Tensor k = uniform(-0.05f, 0.1f, 3, 3, 16, 16);
        checkPolynomial(in -> in[0].conv2d(in[1], in[2], true, new int[] {1, 1}, ConvPadding.SAME, new int[] {1, 1}, 1)
                .square(),
                x, k, uniform(0.1f, 0.2f, 16));
    }

    @Test
    void conv2dTranspose() {
        check(in -> in[0].conv2dTranspose(in[1], new int[] {2, 2}, ConvPadding.SAME, null).tanh(),
                randn(2, 3, 3, 3), randn(3, 3, 2, 3).mul(0.5f));
        checkPolynomial(in -> in[0].conv2dTranspose(in[1], new int[] {2, 2}, ConvPadding.VALID, null).square(),
                randn(1, 2, 3, 2), randn(4, 4, 3, 2).mul(0.5f));
        checkPolynomial(in -> in[0].conv2dTranspose(in[1], new int[] {2, 1}, ConvPadding.SAME, new int[] {1, 0}).square(),
                randn(2, 2, 3, 2), randn(3, 3, 2, 2).mul(0.5f));
    }

    @Test
    void normalizations() {
        check(in -> in[0].batchNormTraining(in[1], in[2], 1e-3f).output().tanh(),
                randn(4, 3), uniform(0.5f, 1.5f, 3), randn(3));
        check(in -> in[0].batchNormTraining(in[1], in[2], 1e-3f).output().square(),
                randn(2, 3, 3, 2), uniform(0.5f, 1.5f, 2), randn(2));
        check(in -> in[0].batchNormTraining(null, null, 1e-3f).output().mul(in[1]), randn(5, 2), randn(5, 2));
        Tensor mean = randn(3);
        Tensor var = uniform(0.5f, 2f, 3);
        check(in -> in[0].batchNormInference(mean, var, in[1], in[2], 1e-3f).square(),
                randn(4, 3), uniform(0.5f, 1.5f, 3), randn(3));
        check(in -> in[0].layerNorm(in[1], in[2], 1e-5f).tanh(), randn(3, 4), uniform(0.5f, 1.5f, 4), randn(4));
        check(in -> in[0].layerNorm(2, null, null, 1e-5f).mul(in[1]), randn(2, 2, 3), randn(2, 2, 3));
    }
}
