package io.cambium.tensor.ops.recurrent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cambium.tensor.Parallel;
import io.cambium.tensor.Tensor;
import io.cambium.tensor.autograd.GradCheck;
import io.cambium.tensor.random.Rng;
import org.junit.jupiter.api.Test;

/** Finite-difference checks of the fused recurrent ops, in every direction and with masks. */
class RecurrentOpsGradCheckTest {
    private static final int B = 2;
    private static final int T = 4;
    private static final int D = 3;
    private static final int U = 5;
    private final Rng rng = new Rng(11);
    private final Tensor mask = Tensor.of(new float[] {1, 1, 1, 1, 1, 1, 0, 0}, B, T);

    private Tensor w(int... shape) {
        return Tensor.normal(rng, 0, 0.5f, shape);
    }

    @Test
    void lstmGradients() {
        for (boolean back : new boolean[] {false, true}) {
            for (Tensor m : new Tensor[] {null, mask}) {
                GradCheck.of(in -> {
                    Tensor[] o = LstmOp.forward(in[0], in[1], in[2], in[3], in[4], in[5], m, GateActivation.TANH,
                            GateActivation.SIGMOID, back);
                    return o[0].sum(new int[] {1}, false).add(o[1]).add(o[2].mul(o[2]));
                }).check(w(B, T, D), w(D, 4 * U), w(U, 4 * U), w(4 * U), w(B, U), w(B, U));
            }
        }
    }

    @Test
    void gruGradientsBothResetModes() {
        for (boolean resetAfter : new boolean[] {true, false}) {
            for (boolean back : new boolean[] {false, true}) {
                for (Tensor m : new Tensor[] {null, mask}) {
                    Tensor bias = resetAfter ? w(2, 3 * U) : w(3 * U);
                    GradCheck.of(in -> {
                        Tensor[] o = GruOp.forward(in[0], in[1], in[2], in[3], in[4], m, GateActivation.TANH,
                                GateActivation.SIGMOID, resetAfter, back);
                        return o[0].sum(new int[] {1}, false).add(o[1].mul(o[1]));
                    }).check(w(B, T, D), w(D, 3 * U), w(U, 3 * U), bias, w(B, U));
                }
            }
        }
    }

    @Test
    void simpleRnnGradients() {
        for (GateActivation act : new GateActivation[] {GateActivation.TANH, GateActivation.SIGMOID}) {
            for (Tensor m : new Tensor[] {null, mask}) {
                GradCheck.of(in -> {
                    Tensor[] o = SimpleRnnOp.forward(in[0], in[1], in[2], in[3], in[4], m, act, true);
                    return o[0].add(o[1].reshape(B, 1, U));
                }).check(w(B, T, D), w(D, U), w(U, U), w(U), w(B, U));
            }
        }
    }

    @Test
    void recurrentDropoutGradients() {
        Tensor rdm = Tensor.of(new float[] {2, 0, 2, 2, 0, 0, 2, 2, 0, 2}, B, U);
        GradCheck.of(in -> {
            Tensor[] o = LstmOp.forward(in[0], in[1], in[2], in[3], null, null, mask, rdm, GateActivation.TANH,
                    GateActivation.SIGMOID, false);
            return o[0].add(o[2].reshape(B, 1, U));
        }).check(w(B, T, D), w(D, 4 * U), w(U, 4 * U), w(4 * U));
        for (boolean resetAfter : new boolean[] {true, false}) {
            Tensor bias = resetAfter ? w(2, 3 * U) : w(3 * U);
            GradCheck.of(in -> GruOp.forward(in[0], in[1], in[2], in[3], in[4], null, rdm, GateActivation.TANH,
                    GateActivation.SIGMOID, resetAfter, false)[0])
                    .check(w(B, T, D), w(D, 3 * U), w(U, 3 * U), bias, w(B, U));
        }
        GradCheck.of(in -> SimpleRnnOp.forward(in[0], in[1], in[2], null, in[3], mask, rdm, GateActivation.TANH,
                false)[0]).check(w(B, T, D), w(D, U), w(U, U), w(B, U));
    }

    @Test
    void anAllOnesRecurrentMaskChangesNothing() {
        Tensor x = w(B, T, D);
        Tensor k = w(D, 3 * U);
        Tensor rk = w(U, 3 * U);
        float[] plain = GruOp.forward(x, k, rk, null, null, null, GateActivation.TANH, GateActivation.SIGMOID, false,
                false)[0].toArray();
        float[] ones = GruOp.forward(x, k, rk, null, null, null, Tensor.ones(B, U), GateActivation.TANH,
                GateActivation.SIGMOID, false, false)[0].toArray();
        assertThat(ones).containsExactly(plain);
    }

    @Test
    void goBackwardsProcessesTheReversedSequence() {
        Tensor x = w(B, T, D);
        Tensor k = w(D, 4 * U);
        Tensor rk = w(U, 4 * U);
        float[] rev = new float[x.numel()];
        for (int b = 0; b < B; b++) {
            for (int t = 0; t < T; t++) {
                System.arraycopy(x.data(), (b * T + t) * D, rev, (b * T + T - 1 - t) * D, D);
            }
        }
        Tensor[] back = LstmOp.forward(x, k, rk, null, null, null, null, GateActivation.TANH, GateActivation.SIGMOID,
                true);
        Tensor[] fwd = LstmOp.forward(new Tensor(rev, B, T, D), k, rk, null, null, null, null, GateActivation.TANH,
                GateActivation.SIGMOID, false);
        assertThat(back[0].toArray()).containsExactly(fwd[0].toArray());
        assertThat(back[1].toArray()).containsExactly(fwd[1].toArray());
    }

    @Test
    void resultsDoNotDependOnThreadCount() {
        Tensor x = w(16, 7, 9);
        Tensor k = w(9, 4 * 12);
        Tensor rk = w(12, 4 * 12);
        int before = Parallel.threads();
        try {
            Parallel.setThreads(1);
            float[] one = LstmOp.forward(x, k, rk, null, null, null, null, GateActivation.TANH, GateActivation.SIGMOID,
                    false)[0].toArray();
            Parallel.setThreads(2);
            float[] two = LstmOp.forward(x, k, rk, null, null, null, null, GateActivation.TANH, GateActivation.SIGMOID,
                    false)[0].toArray();
            assertThat(two).containsExactly(one);
        } finally {
            Parallel.setThreads(before);
        }
    }

    @Test
    void lstmGradientsDoNotDependOnThreadCount() {
        // 70 samples: several batch blocks of unequal width, some samples padded at the end.
        int b = 70;
        int t = 5;
        Tensor x = w(b, t, 6);
        Tensor k = w(6, 4 * 20);
        Tensor rk = w(20, 4 * 20);
        Tensor bias = w(4 * 20);
        Tensor h0 = w(b, 20);
        Tensor c0 = w(b, 20);
        float[] m = new float[b * t];
        java.util.Arrays.fill(m, 1f);
        for (int i = 0; i < b; i += 3) {
            m[i * t + t - 1] = 0f;
        }
        Tensor mask = Tensor.of(m, b, t);
        int before = Parallel.threads();
        try {
            float[][] one = lstmRun(1, x, k, rk, bias, h0, c0, mask);
            float[][] two = lstmRun(2, x, k, rk, bias, h0, c0, mask);
            float[][] three = lstmRun(3, x, k, rk, bias, h0, c0, mask);
            for (int i = 0; i < one.length; i++) {
                assertThat(two[i]).as("output/gradient %d at 2 threads", i).containsExactly(one[i]);
                assertThat(three[i]).as("output/gradient %d at 3 threads", i).containsExactly(one[i]);
            }
        } finally {
            Parallel.setThreads(before);
        }
    }

    /** The outputs and all six gradients of one LSTM pass at {@code threads} threads. */
    private static float[][] lstmRun(int threads, Tensor... in) {
        Parallel.setThreads(threads);
        Tensor[] leaves = new Tensor[7];
        for (int i = 0; i < 6; i++) {
            leaves[i] = in[i].detach().requiresGrad(true);
        }
        Tensor[] o = LstmOp.forward(leaves[0], leaves[1], leaves[2], leaves[3], leaves[4], leaves[5], in[6],
                GateActivation.TANH, GateActivation.SIGMOID, true);
        o[0].mul(o[0]).sum().add(o[1].sum()).add(o[2].mul(o[2]).sum()).backward();
        float[][] out = new float[9][];
        for (int i = 0; i < 3; i++) {
            out[i] = o[i].toArray();
        }
        for (int i = 0; i < 6; i++) {
            out[3 + i] = leaves[i].grad().toArray();
        }
        return out;
    }

    @Test
    void wrongWeightShapesAreNamed() {
        assertThatThrownBy(() -> LstmOp.forward(w(B, T, D), w(D + 1, 4 * U), w(U, 4 * U), null, null, null, null,
                GateActivation.TANH, GateActivation.SIGMOID, false))
                .hasMessageContaining("lstm: kernel has shape (4, 20), expected (3, 20)");
    }
}
