package io.cambium.tensor.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.cambium.tensor.Parallel;
import io.cambium.tensor.Tensor;
import io.cambium.tensor.random.Rng;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** Outputs and gradients are bit-identical at 1 and 2 threads, on tensors big enough to be split. */
class ShapeOpsThreadsTest {

    /** Runs f forward and backward; returns the output followed by the input gradients. */
    private static List<float[]> run(Function<Tensor[], Tensor> f, int threads, Tensor... inputs) {
        int before = Parallel.threads();
        Parallel.setThreads(threads);
        try {
            Tensor[] leaves = new Tensor[inputs.length];
            for (int i = 0; i < inputs.length; i++) {
                leaves[i] = inputs[i].copy().requiresGrad(true);
            }
            Tensor out = f.apply(leaves);
            out.backward(Tensor.normal(new Rng(5), 0f, 1f, out.shape()));
            List<float[]> result = new ArrayList<>();
            result.add(out.toArray());
            for (Tensor l : leaves) {
                result.add(l.grad() == null ? null : l.grad().toArray());
            }
            return result;
        } finally {
            Parallel.setThreads(before);
        }
    }

    private static void sameAtOneAndTwoThreads(Function<Tensor[], Tensor> f, Tensor... inputs) {
        List<float[]> one = run(f, 1, inputs);
        List<float[]> two = run(f, 2, inputs);
        for (int i = 0; i < one.size(); i++) {
            float[] a = one.get(i);
            float[] b = two.get(i);
            // Arrays.equals compares bits (NaN-safe) and is fast where AssertJ's diff is quadratic.
            if (!java.util.Arrays.equals(a, b)) {
                int k = java.util.Arrays.mismatch(a, b);
                throw new AssertionError("result " + i + " differs between 1 and 2 threads at " + k
                        + (a == null || b == null ? "" : ": " + a[k] + " vs " + b[k]));
            }
        }
    }

    @Test
    void shapeAndIndexingOpsDoNotDependOnThreadCount() {
        Rng rng = new Rng(1);
        Tensor x = Tensor.normal(rng, 0f, 1f, 64, 40, 48);
        sameAtOneAndTwoThreads(in -> Tensor.concat(1, in[0], in[0].mul(2f)), x);
        sameAtOneAndTwoThreads(in -> in[0].slice(new int[] {1, -1}, new int[] {Slicing.NONE, 0}, new int[] {2, -3}), x);
        sameAtOneAndTwoThreads(in -> in[0].tile(1, 2, 2), x);
        sameAtOneAndTwoThreads(in -> in[0].padReflect(new int[][] {{3, 2}, {4, 4}, {1, 5}}), x);
        sameAtOneAndTwoThreads(in -> in[0].pad(new int[][] {{0, 0}, {1, 1}, {2, 0}}, 1f), x);
        int[] picks = new int[200];
        for (int i = 0; i < picks.length; i++) {
            picks[i] = (i * 7) % 40;
        }
        sameAtOneAndTwoThreads(in -> in[0].indexSelect(1, picks), x);
        sameAtOneAndTwoThreads(in -> in[0].indexSelect(0, picks[0], picks[1], picks[2]), x);
        Tensor index = Tensor.uniform(rng, 0f, 40f, 64, 80, 48);
        float[] id = index.data();
        for (int i = 0; i < id.length; i++) {
            id[i] = (float) Math.floor(id[i]);
        }
        sameAtOneAndTwoThreads(in -> in[0].gather(1, index), x);
        sameAtOneAndTwoThreads(in -> in[0].scatterAdd(1, index, in[1]), x, Tensor.normal(rng, 0f, 1f, 64, 80, 48));
        Tensor ids = Tensor.uniform(rng, 0f, 50f, 40, 100);
        float[] idd = ids.data();
        for (int i = 0; i < idd.length; i++) {
            idd[i] = (float) Math.floor(idd[i]);
        }
        sameAtOneAndTwoThreads(in -> Tensor.embedding(in[0], ids), Tensor.normal(rng, 0f, 1f, 50, 64));
        sameAtOneAndTwoThreads(in -> in[0].dropout(0.3f, new Rng(3), 64, 1, 48), x);
    }

    @Test
    void normalizationDoesNotDependOnThreadCount() {
        Rng rng = new Rng(2);
        Tensor x = Tensor.normal(rng, 0.5f, 2f, 96, 24, 24, 8);
        Tensor gamma = Tensor.normal(rng, 1f, 0.2f, 8);
        Tensor beta = Tensor.normal(rng, 0f, 0.2f, 8);
        sameAtOneAndTwoThreads(in -> in[0].batchNormTraining(in[1], in[2], 1e-3f).output(), x, gamma, beta);
        sameAtOneAndTwoThreads(in -> in[0].batchNormInference(Tensor.full(0.1f, 8), Tensor.full(2f, 8), in[1], in[2],
                1e-3f), x, gamma, beta);
        Tensor xl = Tensor.normal(rng, 0f, 1f, 4096, 40);
        sameAtOneAndTwoThreads(in -> in[0].layerNorm(in[1], in[2], 1e-5f), xl,
                Tensor.normal(rng, 1f, 0.2f, 40), Tensor.normal(rng, 0f, 0.2f, 40));
        int before = Parallel.threads();
        try {
            Parallel.setThreads(1);
            BatchNormResult a = x.batchNormTraining(gamma, beta, 1e-3f);
            Parallel.setThreads(2);
            BatchNormResult b = x.batchNormTraining(gamma, beta, 1e-3f);
            assertThat(java.util.Arrays.equals(b.mean().toArray(), a.mean().toArray())).isTrue();
            assertThat(java.util.Arrays.equals(b.unbiasedVariance().toArray(), a.unbiasedVariance().toArray()))
                    .isTrue();
        } finally {
            Parallel.setThreads(before);
        }
    }
}
