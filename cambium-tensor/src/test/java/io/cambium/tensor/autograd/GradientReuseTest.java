package io.cambium.tensor.autograd;

import static org.assertj.core.api.Assertions.assertThat;

import io.cambium.tensor.ArrayPool;
import io.cambium.tensor.Tensor;
import io.cambium.tensor.ops.Activations;
import io.cambium.tensor.ops.Affine;
import io.cambium.tensor.random.Rng;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A backward pass gives the gradients it has consumed, and the buffers a released node saved, to
 * {@link ArrayPool}; never one that is still in use (handed on as a view, kept by a multi-output
 * node until its joint rule runs, or saved by a graph that is retained).
 */
class GradientReuseTest {
    private static final int ROWS = 512;
    private static final int WIDTH = 128; // ROWS * WIDTH = ArrayPool.MIN_LENGTH: every activation is pooled

    private static Tensor randn(Rng rng, int... shape) {
        return Tensor.normal(rng, 0f, 1f, shape);
    }

    /** Two training steps of a small MLP: the second reuses the first's arrays and gets the same gradients. */
    /** Element for element (a failing AssertJ comparison of arrays this long takes minutes). */
    private static void assertEqualValues(float[] actual, float[] expected) {
        assertThat(Arrays.equals(actual, expected)).as("same values").isTrue();
    }

    @Test
    void aSecondStepReusesTheFirstStepsArraysAndGetsTheSameGradients() {
        Rng rng = new Rng(7);
        Tensor x = randn(rng, ROWS, WIDTH);
        Tensor w1 = randn(rng, WIDTH, WIDTH).mul(0.1f).requiresGrad(true);
        Tensor b1 = randn(rng, WIDTH).requiresGrad(true);
        Tensor w2 = randn(rng, WIDTH, WIDTH).mul(0.1f).requiresGrad(true);
        List<float[]> first = step(x, w1, b1, w2);
        long reusedBefore = ArrayPool.reuseCount();
        List<float[]> second = step(x, w1, b1, w2);
        assertThat(ArrayPool.reuseCount()).isGreaterThan(reusedBefore);
        for (int i = 0; i < first.size(); i++) {
            assertEqualValues(second.get(i), first.get(i));
        }
    }

    private static List<float[]> step(Tensor x, Tensor w1, Tensor b1, Tensor w2) {
        for (Tensor p : new Tensor[] {w1, b1, w2}) {
            p.zeroGrad();
        }
        Tensor h = Activations.biasGelu(Affine.apply(x, w1, null, false), b1);
        Tensor y = Affine.apply(h, w2, null, false).add(x);
        y.mul(y).sum().backward();
        List<float[]> grads = new ArrayList<>();
        for (Tensor p : new Tensor[] {w1, b1, w2}) {
            grads.add(p.grad().toArray());
        }
        return grads;
    }

    @Test
    void aGradientHandedOnAsAViewIsNotReused() {
        Tensor a = Tensor.zeros(ROWS, WIDTH).requiresGrad(true);
        float[][] handedOn = new float[1][];
        // An op whose rule hands its gradient (mul's fresh one) on as a reshaped view.
        Tensor flat = Autograd.record(a.detach().reshape(ROWS * WIDTH), "flatten_view", g -> {
            handedOn[0] = g.data();
            return new Tensor[] {g.reshape(ROWS, WIDTH)};
        }, a);
        flat.mul(3f).sum().backward();
        for (int i = 0; i < 2 * ArrayPool.PER_LENGTH; i++) {
            assertThat(ArrayPool.take(ROWS * WIDTH)).isNotSameAs(handedOn[0]);
        }
        assertThat(a.grad().toArray()).containsOnly(3f);
    }

    @Test
    void multiOutputGradientsAreKeptUntilTheJointRuleRuns() {
        Tensor x = Tensor.zeros(ROWS, WIDTH).requiresGrad(true);
        float[][] seen = new float[2][];
        Tensor[] outs = Autograd.recordMulti(new Tensor[] {Tensor.zeros(ROWS, WIDTH), Tensor.zeros(ROWS, WIDTH)},
                "two_outputs", grads -> {
                    seen[0] = grads[0].toArray();
                    seen[1] = grads[1].toArray();
                    return new Tensor[] {grads[0].add(grads[1])};
                }, x);
        // Each output's gradient is a fresh array of the pass (mul's rule), consumed by its
        // output's node long before the joint rule reads it.
        outs[0].mul(2f).add(outs[1].mul(5f)).sum().backward();
        assertThat(seen[0]).containsOnly(2f);
        assertThat(seen[1]).containsOnly(5f);
        assertThat(x.grad().toArray()).containsOnly(7f);
    }

    @Test
    void savedBuffersGoBackWhenTheGraphIsReleasedNotBefore() {
        Tensor x = Tensor.ones(4).requiresGrad(true);
        float[] saved = new float[ArrayPool.MIN_LENGTH + 23];
        Tensor y = Autograd.recycleOnRelease(
                Autograd.record(Tensor.ones(4), "with_saved", g -> new Tensor[] {g}, x), saved);
        y.sum().backward(Tensor.scalar(1f), true);
        float[] taken = ArrayPool.take(saved.length);
        assertThat(taken).isNotSameAs(saved);
        y.sum().backward();
        assertThat(ArrayPool.take(saved.length)).isSameAs(saved);
    }

    @Test
    void savedBuffersOfAnOperationNotRecordedGoBackAtOnce() {
        float[] saved = new float[ArrayPool.MIN_LENGTH + 29];
        Autograd.recycleOnRelease(Tensor.ones(4), saved);
        assertThat(ArrayPool.take(saved.length)).isSameAs(saved);
    }
}
