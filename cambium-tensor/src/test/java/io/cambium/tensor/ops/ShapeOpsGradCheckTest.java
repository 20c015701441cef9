package io.cambium.tensor.ops;

import io.cambium.tensor.Tensor;
import io.cambium.tensor.autograd.GradCheck;
import io.cambium.tensor.random.Rng;
import org.junit.jupiter.api.Test;

/** Finite-difference checks of the gradients of the shape, indexing and normalization ops. */
class ShapeOpsGradCheckTest {
    private final Rng rng = new Rng(42);

    private Tensor randn(int... shape) {
        return Tensor.normal(rng, 0f, 1f, shape);
    }

    @Test
    void concatStackSplitNarrow() {
        GradCheck.of(in -> Tensor.concat(1, in[0], in[1], in[2])).check(randn(2, 3, 2), randn(2, 1, 2), randn(2, 4, 2));
        GradCheck.of(in -> Tensor.stack(-1, in[0], in[1])).check(randn(3, 2), randn(3, 2));
        GradCheck.of(in -> {
            Tensor[] p = in[0].split(1, 1, 3, 2);
            return Tensor.concat(1, p[2], p[0].mul(3f), p[1].mul(p[1]));
        }).check(randn(2, 6));
        GradCheck.of(in -> {
            Tensor[] p = in[0].splitEqual(0, 2);
            return p[0].mul(p[1]);
        }).check(randn(4, 3));
        GradCheck.of(in -> in[0].narrow(-1, 1, 2).mul(in[0].narrow(-1, 0, 2))).check(randn(3, 4));
    }

    @Test
    void slicingAndReshaping() {
        GradCheck.of(in -> in[0].slice(new int[] {-1, 1}, new int[] {Slicing.NONE, Slicing.NONE},
                new int[] {-2, 2})).check(randn(5, 6));
        GradCheck.of(in -> in[0].slice(1, -3, -1).mul(in[0].slice(1, 0, 2))).check(randn(3, 5));
        GradCheck.of(in -> in[0].unsqueeze(1).squeeze(1).flatten(0, 1).mul(2f)).check(randn(2, 3, 2));
        GradCheck.of(in -> in[0].tile(2, 1, 3)).check(randn(2, 3));
        GradCheck.of(in -> in[0].repeat(2, 2).mul(in[0].repeat(2, 2))).check(randn(2, 3));
    }

    @Test
    void indexing() {
        GradCheck.of(in -> in[0].indexSelect(1, 2, 0, 2, 2)).check(randn(3, 4, 2));
        Tensor index = Tensor.of(new float[] {0, 2, 2, 1, 0, 0, 1, 1}, 2, 4);
        GradCheck.of(in -> in[0].gather(1, index)).check(randn(3, 5));
        GradCheck.of(in -> in[0].scatterAdd(0, index, in[1])).check(randn(3, 5), randn(2, 6));
        Tensor ids = Tensor.of(new float[] {3, 0, 3, 1, 1, 3}, 2, 3);
        GradCheck.of(in -> Tensor.embedding(in[0], ids)).check(randn(4, 5));
    }

    @Test
    void padding() {
        int[][] widths = {{1, 2}, {0, 0}, {2, 1}};
        GradCheck.of(in -> in[0].pad(widths, 0.5f)).check(randn(2, 3, 4));
        GradCheck.of(in -> in[0].padReflect(widths)).check(randn(3, 2, 4));
    }

    @Test
    void dropoutUsesItsMaskInTheGradient() {
        GradCheck.of(in -> in[0].dropout(0.4f, new Rng(9))).check(randn(4, 5));
        GradCheck.of(in -> in[0].dropout(0.5f, new Rng(9), 2, 1, 1, 3)).check(randn(2, 3, 2, 3));
    }

    @Test
    void layerNorm() {
        GradCheck.of(in -> in[0].layerNorm(in[1], in[2], 1e-5f)).tolerance(5e-3, 2e-2)
                .check(randn(4, 6), randn(6), randn(6));
        GradCheck.of(in -> in[0].layerNorm(2, in[1], in[2], 1e-3f)).tolerance(5e-3, 2e-2)
                .check(randn(3, 2, 4), randn(2, 4), randn(2, 4));
        GradCheck.of(in -> in[0].layerNorm(null, null, 1e-5f)).tolerance(5e-3, 2e-2).check(randn(3, 5));
    }

    @Test
    void batchNorm() {
        GradCheck.of(in -> in[0].batchNormTraining(in[1], in[2], 1e-3f).output()).tolerance(5e-3, 2e-2)
                .check(randn(3, 2, 2, 3), randn(3), randn(3));
        GradCheck.of(in -> in[0].batchNormTraining(null, null, 1e-3f).output()).tolerance(5e-3, 2e-2)
                .check(randn(6, 4));
        Tensor mean = randn(3);
        Tensor var = Tensor.uniform(rng, 0.5f, 1.5f, 3);
        GradCheck.of(in -> in[0].batchNormInference(mean, var, in[1], in[2], 1e-3f))
                .check(randn(2, 4, 3), randn(3), randn(3));
    }
}
