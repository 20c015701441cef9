package io.cambium.tensor.ops.recurrent;

import io.cambium.tensor.Parallel;
import io.cambium.tensor.Tensor;
import io.cambium.tensor.autograd.Autograd;
import io.cambium.tensor.kernels.Gemm;
import io.cambium.tensor.kernels.Kernels;

/**
 * A whole Elman RNN pass, {@code h_t = act(x_t W + h_{t-1} R + b)}, as one fused, differentiable
 * operation with Keras's layout: kernel {@code [D, U]}, recurrent kernel {@code [U, U]}, bias {@code [U]}.
 */
public final class SimpleRnnOp {
    private static final int GRAIN_ROWS = 8;

    private SimpleRnnOp() {
    }

    /**
     * Runs the RNN.
     *
     * @return the output sequence {@code [B, T, U]} (in processing order) and the final state {@code [B, U]}
     */
    public static Tensor[] forward(Tensor x, Tensor kernel, Tensor recurrentKernel, Tensor bias, Tensor h0, Tensor mask,
                                   GateActivation activation, boolean goBackwards) {
        return forward(x, kernel, recurrentKernel, bias, h0, mask, null, activation, goBackwards);
    }

    /**
     * Runs the RNN with recurrent dropout: {@code recurrentDropout} {@code [B, U]} multiplies the
     * previous state in the recurrent projection, the same mask at every step.
     */
    public static Tensor[] forward(Tensor x, Tensor kernel, Tensor recurrentKernel, Tensor bias, Tensor h0, Tensor mask,
                                   Tensor recurrentDropout, GateActivation activation, boolean goBackwards) {
        final String op = "simple_rnn";
        final int u = recurrentKernel.dim(0);
        SequenceSpec sp = new SequenceSpec(op, x, u, goBackwards, mask);
        final int b = sp.batch;
        final int t = sp.time;
        final int d = sp.features;
        SequenceSpec.expectShape(op, "kernel", kernel, d, u);
        SequenceSpec.expectShape(op, "recurrent kernel", recurrentKernel, u, u);
        if (bias != null) {
            SequenceSpec.expectShape(op, "bias", bias, u);
        }
        if (h0 != null) {
            SequenceSpec.expectShape(op, "initial state", h0, b, u);
        }
        if (recurrentDropout != null) {
            SequenceSpec.expectShape(op, "recurrent dropout mask", recurrentDropout, b, u);
        }
        final float[] rdm = recurrentDropout == null ? null : recurrentDropout.data();
        Gemm gemm = Kernels.gemm();
        float[] a = new float[b * t * u];   // pre-activations, then activations, per input time
        gemm.sgemm(false, false, b * t, u, d, 1f, x.data(), 0, d, kernel.data(), 0, u, 0f, a, 0, u);
        float[] bd = bias == null ? null : bias.data();
        float[] r = recurrentKernel.data();
        float[] hPrevAll = new float[b * t * u];
        float[] hSeq = new float[b * t * u];
        float[] h = h0 == null ? new float[b * u] : h0.data().clone();
        for (int s = 0; s < t; s++) {
            final int ti = sp.timeAt(s);
            final int step = s;
            final float[] hp = h;
            final float[] hn = new float[b * u];
            final float[] hpEff = SequenceSpec.times(hp, rdm);
            gemm.sgemm(false, false, b, u, u, 1f, hpEff, 0, u, r, 0, u, 1f, a, ti * u, t * u);
            Parallel.range(b, GRAIN_ROWS, (s0, e0) -> {
                for (int bi = s0; bi < e0; bi++) {
                    int ab = (bi * t + ti) * u;
                    int sb = bi * u;
                    System.arraycopy(hpEff, sb, hPrevAll, ab, u);
                    if (sp.masked(bi, ti)) {
                        System.arraycopy(hp, sb, hn, sb, u);
                        continue;
                    }
                    if (bd != null) {
                        for (int j = 0; j < u; j++) {
                            a[ab + j] += bd[j];
                        }
                    }
                    activation.applyRow(a, ab, a, ab, u);
                    System.arraycopy(a, ab, hn, sb, u);
                    System.arraycopy(a, ab, hSeq, (bi * t + step) * u, u);
                }
            });
            h = hn;
        }
        Tensor outSeq = new Tensor(hSeq, b, t, u);
        Tensor outH = new Tensor(h, b, u);
        return Autograd.recordMulti(new Tensor[] {outSeq, outH}, op,
                grads -> backward(sp, grads, x, kernel, recurrentKernel, bias, h0, a, hPrevAll, rdm, activation),
                x, kernel, recurrentKernel, bias, h0);
    }

    private static Tensor[] backward(SequenceSpec sp, Tensor[] grads, Tensor x, Tensor kernel, Tensor recurrentKernel,
                                     Tensor bias, Tensor h0, float[] act, float[] hPrevAll, float[] rdm,
                                     GateActivation activation) {
        final int b = sp.batch;
        final int t = sp.time;
        final int d = sp.features;
        final int u = sp.units;
        Gemm gemm = Kernels.gemm();
        float[] gSeq = grads[0] == null ? null : grads[0].data();
        float[] dh = grads[1] == null ? new float[b * u] : grads[1].data().clone();
        float[] dpre = new float[b * t * u];
        float[] dhNext = new float[b * u];
        for (int s = t - 1; s >= 0; s--) {
            final int ti = sp.timeAt(s);
            final int step = s;
            final float[] dhCur = dh;
            Parallel.range(b, GRAIN_ROWS, (s0, e0) -> {
                for (int bi = s0; bi < e0; bi++) {
                    if (sp.masked(bi, ti)) {
                        continue;
                    }
                    int ab = (bi * t + ti) * u;
                    int ob = (bi * t + step) * u;
                    int sb = bi * u;
                    for (int j = 0; j < u; j++) {
                        float dhv = dhCur[sb + j] + (gSeq == null ? 0f : gSeq[ob + j]);
                        dpre[ab + j] = dhv * activation.derivativeFromOutput(act[ab + j]);
                    }
                }
            });
            gemm.sgemm(false, true, b, u, u, 1f, dpre, ti * u, t * u, recurrentKernel.data(), 0, u, 0f, dhNext, 0, u);
            SequenceSpec.scaleInPlace(dhNext, rdm);
            for (int bi = 0; bi < b; bi++) {
                if (sp.masked(bi, ti)) {
                    System.arraycopy(dhCur, bi * u, dhNext, bi * u, u);
                }
            }
            float[] tmp = dh;
            dh = dhNext;
            dhNext = tmp;
        }
        return new Tensor[] {sp.inputGradient(x, kernel, dpre, u), sp.projectionGradient(kernel, x.data(), d, dpre, u),
            sp.projectionGradient(recurrentKernel, hPrevAll, u, dpre, u), sp.biasGradient(bias, dpre, u),
            sp.stateGradient(h0, dh)};
    }
}
