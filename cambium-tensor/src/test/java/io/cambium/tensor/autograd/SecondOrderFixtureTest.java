package io.cambium.tensor.autograd;

import io.cambium.tensor.Tensor;
import io.cambium.tensor.ops.Affine;
import io.cambium.tensor.ops.ConvPadding;
import io.cambium.testing.Fixtures;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * Gradients made with {@code createGraph} and Hessian-vector products against PyTorch's
 * {@code torch.autograd.grad(create_graph=True)} ({@code tools/fixtures/gen_second_order.py}).
 */
class SecondOrderFixtureTest {
    private static final Fixtures FIX = Fixtures.load("second_order.json");

    /** Runs one case: first gradients with createGraph, then the gradient of their dot product with v. */
    private static void run(String name, Function<Tensor[], Tensor> f) {
        Fixtures.Case c = FIX.get(name);
        int n = c.attr("inputs").asInt();
        Tensor[] x = new Tensor[n];
        for (int i = 0; i < n; i++) {
            x[i] = c.tensor("x" + i).requiresGrad(true);
        }
        Tensor out = f.apply(x);
        Fixtures.assertClose(c.id() + " out", c.tensor("out"), out, 1e-4, 1e-5);
        Tensor[] g = Autograd.grad(new Tensor[] {out}, x, new Tensor[] {c.tensor("u")}, true);
        Tensor dot = null;
        for (int i = 0; i < n; i++) {
            Fixtures.assertClose(c.id() + " g" + i, c.tensor("g" + i), g[i], 1e-4, 1e-5);
            Tensor term = g[i].mul(c.tensor("v" + i)).sum();
            dot = dot == null ? term : dot.add(term);
        }
        Tensor[] hv = Autograd.grad(new Tensor[] {dot}, x, null, false, false, true);
        for (int i = 0; i < n; i++) {
            Tensor actual = hv[i] == null ? Tensor.zeros(x[i].shape()) : hv[i];
            Fixtures.assertClose(c.id() + " hv" + i, c.tensor("hv" + i), actual, 1e-3, 1e-4);
        }
    }

    @Test
    void denseBlock() {
        // Dense's fused affine op, then a plain matmul.
        run("dense_leaky_sigmoid", in -> Affine.apply(in[0], in[1], in[2], false).leakyRelu(0.2f).matmul(in[3])
                .sigmoid());
    }

    @Test
    void stridedConvWithLeakyRelu() {
        run("conv_s2_leaky", in -> in[0].conv2d(in[1], in[2], false, new int[] {2, 2}, ConvPadding.SAME,
                new int[] {1, 1}, 1).leakyRelu(0.2f).tanh());
    }

    @Test
    void transposedConvBatchNormRelu() {
        run("convt_bn_relu", in -> in[0].conv2dTranspose(in[1], new int[] {2, 2}, ConvPadding.SAME, null)
                .batchNormTraining(in[2], in[3], 1e-3f).output().relu().tanh());
    }

    @Test
    void batchNorm() {
        run("batch_norm_square", in -> in[0].batchNormTraining(in[1], in[2], 1e-3f).output().square());
    }

    @Test
    void layerNorm() {
        run("layer_norm_tanh", in -> in[0].layerNorm(in[1], in[2], 1e-5f).tanh());
    }

    @Test
    void elementwiseChain() {
        run("elementwise_chain", in -> in[0].softplus().mul(in[1].neg().exp())
                .add(in[0].mul(in[0]).add(1f).sqrt().log().div(in[1].mul(in[1]).add(2f))).pow(1.5f).mean(1, false));
    }

    @Test
    void vaeTerms() {
        run("vae_terms", in -> {
            Tensor mu = in[0];
            Tensor logvar = in[1];
            Tensor z = mu.add(logvar.mul(0.5f).exp().mul(in[2])).sum(1, false);
            Tensor kl = logvar.add(1f).sub(mu.square()).sub(logvar.exp()).sum(1, false).mul(-0.5f);
            // binary_cross_entropy_with_logits = softplus(x) - x y
            Tensor bce = in[3].softplus().sub(in[3].mul(in[4])).mean(1, false);
            return z.add(kl).add(bce);
        });
    }
}
