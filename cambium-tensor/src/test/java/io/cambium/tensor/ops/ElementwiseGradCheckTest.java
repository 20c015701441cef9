package io.cambium.tensor.ops;

import io.cambium.tensor.Tensor;
import io.cambium.tensor.autograd.GradCheck;
import io.cambium.tensor.random.Rng;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** Finite-difference checks of every differentiable op in this family, with inputs away from kinks. */
class ElementwiseGradCheckTest {
    private final Rng rng = new Rng(11);

    /** Normal values (times scale) moved at least 0.1 away from each kink. */
    private Tensor away(float scale, float[] kinks, int... shape) {
        Tensor t = Tensor.normal(rng, 0, scale, shape);
        float[] d = t.data();
        for (int i = 0; i < d.length; i++) {
            for (float k : kinks) {
                if (Math.abs(d[i] - k) < 0.1f) {
                    d[i] = k + (d[i] >= k ? 0.1f : -0.1f) + 0.05f * Math.signum(d[i] - k);
                }
            }
        }
        return t;
    }

    private Tensor away(float... kinks) {
        return away(2f, kinks, 3, 5);
    }

    /** A shuffled arithmetic sequence: all values distinct and at least 0.1 apart. */
    private Tensor distinct(int... shape) {
        int[] p = rng.permutation(io.cambium.tensor.Shape.numel(shape));
        float[] d = new float[p.length];
        for (int i = 0; i < d.length; i++) {
            d[i] = 0.1f * p[i] - 3f;
        }
        return new Tensor(d, shape);
    }

    private static void check(Function<Tensor, Tensor> f, Tensor x) {
        GradCheck.of(in -> f.apply(in[0])).check(x);
    }

    @Test
    void unaryMath() {
        check(Tensor::abs, away(0f));
        check(Tensor::exp, Tensor.normal(rng, 0, 1, 3, 5));
        check(Tensor::log, Tensor.uniform(rng, 0.5f, 3f, 3, 5));
        check(Tensor::log1p, Tensor.uniform(rng, -0.5f, 3f, 3, 5));
        check(Tensor::sqrt, Tensor.uniform(rng, 0.5f, 4f, 3, 5));
        check(Tensor::rsqrt, Tensor.uniform(rng, 0.5f, 4f, 3, 5));
        check(Tensor::square, Tensor.normal(rng, 0, 2, 3, 5));
        check(Tensor::reciprocal, Tensor.uniform(rng, 0.5f, 3f, 3, 5));
        check(Tensor::sign, away(0f));
        for (float p : new float[] {2f, 3f, 0.5f, -1.5f, 0f, 1f, -1f}) {
            check(x -> x.pow(p), Tensor.uniform(rng, 0.5f, 3f, 3, 5));
        }
        check(x -> x.clip(-0.5f, 0.7f), away(1f, new float[] {-0.5f, 0.7f}, 4, 6));
    }

    @Test
    void activations() {
        check(Tensor::relu, away(0f));
        check(Tensor::relu6, away(4f, new float[] {0f, 6f}, 4, 6));
        check(x -> x.leakyRelu(0.2f), away(0f));
        check(x -> x.elu(1.3f), away(0f));
        check(Tensor::selu, away(0f));
        check(Tensor::gelu, Tensor.normal(rng, 0, 2, 3, 5));
        check(x -> x.gelu(true), Tensor.normal(rng, 0, 2, 3, 5));
        check(Tensor::sigmoid, Tensor.normal(rng, 0, 3, 3, 5));
        check(Tensor::tanh, Tensor.normal(rng, 0, 1.5f, 3, 5));
        check(Tensor::softplus, Tensor.normal(rng, 0, 3, 3, 5));
        check(x -> x.softplus(2f, 5f), away(3f, new float[] {2.5f}, 4, 6));
        check(Tensor::softsign, Tensor.normal(rng, 0, 2, 3, 5));
        check(Tensor::silu, Tensor.normal(rng, 0, 2, 3, 5));
        check(Tensor::hardSigmoid, away(3f, new float[] {-3f, 3f}, 4, 6));
    }

    @Test
    void binaryBroadcasting() {
        GradCheck.of(in -> in[0].pow(in[1]))
                .check(Tensor.uniform(rng, 0.5f, 2f, 2, 3, 4), Tensor.normal(rng, 0, 1, 3, 1));
        // Distinct values (no ties, where the function has a kink).
        Tensor a = Tensor.normal(rng, 0, 1, 3, 4);
        GradCheck.of(in -> in[0].maximum(in[1])).check(a, Tensor.normal(rng, 0, 1, 4).add(0.013f));
        GradCheck.of(in -> in[0].minimum(in[1])).check(a, Tensor.normal(rng, 0, 1, 3, 1).add(0.013f));
        Tensor cond = Tensor.uniform(rng, 0, 1, 3, 1, 5).gt(0.5f);
        GradCheck.of(in -> Tensor.where(cond, in[0], in[1]))
                .check(Tensor.normal(rng, 0, 1, 4, 5), Tensor.normal(rng, 0, 1, 3, 4, 1));
    }

    @Test
    void reductions() {
        int[][] axesCases = {{1}, {0, 2}, {-1}, {0, 1, 2, 3}, {1, 3}, {0, 3}};
        for (int[] axes : axesCases) {
            for (boolean keep : new boolean[] {false, true}) {
                // A permutation of distinct values: max and min have no ties.
                Tensor distinct = distinct(2, 3, 4, 5);
                GradCheck.of(in -> in[0].max(axes, keep)).check(distinct);
                GradCheck.of(in -> in[0].min(axes, keep)).check(distinct);
                Tensor x = Tensor.normal(rng, 0, 1, 2, 3, 4, 5);
                GradCheck.of(in -> in[0].var(axes, 0, keep)).check(x);
                GradCheck.of(in -> in[0].var(axes, 1, keep)).check(x);
                GradCheck.of(in -> in[0].std(axes, 1, keep)).check(x);
                GradCheck.of(in -> in[0].logsumexp(axes, keep)).check(x.mul(3f));
                GradCheck.of(in -> in[0].norm(2f, axes, keep)).check(x);
                GradCheck.of(in -> in[0].norm(1f, axes, keep)).check(away(1f, new float[] {0f}, 2, 3, 4, 5));
            }
        }
        for (int axis : new int[] {0, 1, 2, -1}) {
            Tensor x = Tensor.normal(rng, 0, 1, 2, 3, 4, 5);
            GradCheck.of(in -> in[0].cumsum(axis)).check(x);
            GradCheck.of(in -> in[0].softmax(axis)).check(x.mul(2f));
            GradCheck.of(in -> in[0].logSoftmax(axis)).check(x.mul(2f));
        }
    }

    @Test
    void compositions() {
        // Several ops chained, as a layer would use them.
        GradCheck.of(in -> in[0].matmul(in[1]).gelu().logSoftmax(-1).mul(in[2]).sum(1, false).exp().mean())
                .check(Tensor.normal(rng, 0, 1, 4, 6), Tensor.normal(rng, 0, 0.5f, 6, 3), Tensor.normal(rng, 0, 1, 4, 3));
    }
}
