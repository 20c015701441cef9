package io.cambium.tensor.ops.recurrent;

import io.cambium.tensor.Parallel;
import io.cambium.tensor.Tensor;
import io.cambium.tensor.autograd.Autograd;
import io.cambium.tensor.kernels.Gemm;
import io.cambium.tensor.kernels.Kernels;

/**
 * A whole LSTM pass as one fused, differentiable operation, with Keras's weight layout: kernel
 * {@code [D, 4U]}, recurrent kernel {@code [U, 4U]}, bias {@code [4U]}, gates in the order i, f, c, o.
 *
 * <p>The input projection of every time step is one large GEMM; each step then costs one
 * {@code [B, U] x [U, 4U]} GEMM plus one fused elementwise pass over the gates. The backward pass
 * (backpropagation through time) mirrors it: one GEMM and one fused pass per step, and three large
 * GEMMs at the end for the kernel, recurrent kernel and input gradients.
 */
public final class LstmOp {
    private static final int GRAIN_ROWS = 8;

    private LstmOp() {
    }

    /**
     * Runs the LSTM.
     *
     * @param x input {@code [B, T, D]}
     * @param kernel {@code [D, 4U]}
     * @param recurrentKernel {@code [U, 4U]}
     * @param bias {@code [4U]} or {@code null}
     * @param h0 initial hidden state {@code [B, U]} or {@code null} for zeros
     * @param c0 initial cell state {@code [B, U]} or {@code null} for zeros
     * @param mask {@code [B, T]} of 1 (real) and 0 (padding), or {@code null}
     * @return the output sequence {@code [B, T, U]} (in processing order), the final hidden state and the final
     *     cell state, each {@code [B, U]}
     */
    public static Tensor[] forward(Tensor x, Tensor kernel, Tensor recurrentKernel, Tensor bias, Tensor h0, Tensor c0,
                                   Tensor mask, GateActivation activation, GateActivation recurrentActivation,
                                   boolean goBackwards) {
        return forward(x, kernel, recurrentKernel, bias, h0, c0, mask, null, activation, recurrentActivation, goBackwards);
    }

    /**
     * Runs the LSTM with recurrent dropout: {@code recurrentDropout} {@code [B, U]} (0 for a dropped
     * unit, 1/(1-rate) for a kept one) multiplies the previous hidden state wherever it enters the
     * recurrent projection, the same mask at every step (Keras's recurrent_dropout).
     */
    public static Tensor[] forward(Tensor x, Tensor kernel, Tensor recurrentKernel, Tensor bias, Tensor h0, Tensor c0,
                                   Tensor mask, Tensor recurrentDropout, GateActivation activation,
                                   GateActivation recurrentActivation, boolean goBackwards) {
        final String op = "lstm";
        int units = recurrentKernel.dim(0);
        SequenceSpec sp = new SequenceSpec(op, x, units, goBackwards, mask);
        final int b = sp.batch;
        final int t = sp.time;
        final int d = sp.features;
        final int u = units;
        final int g = 4 * u;
        SequenceSpec.expectShape(op, "kernel", kernel, d, g);
        SequenceSpec.expectShape(op, "recurrent kernel", recurrentKernel, u, g);
        if (bias != null) {
            SequenceSpec.expectShape(op, "bias", bias, g);
        }
        if (h0 != null) {
            SequenceSpec.expectShape(op, "initial hidden state", h0, b, u);
        }
        if (c0 != null) {
            SequenceSpec.expectShape(op, "initial cell state", c0, b, u);
        }
        if (recurrentDropout != null) {
            SequenceSpec.expectShape(op, "recurrent dropout mask", recurrentDropout, b, u);
        }
        final float[] rdm = recurrentDropout == null ? null : recurrentDropout.data();
        Gemm gemm = Kernels.gemm();
        float[] xd = x.data();
        float[] w = kernel.data();
        float[] r = recurrentKernel.data();
        // Z holds pre-activations, then (in place) the activated gates i, f, g, o, per input time.
        float[] z = new float[b * t * g];
        gemm.sgemm(false, false, b * t, g, d, 1f, xd, 0, d, w, 0, g, 0f, z, 0, g);
        if (bias != null) {
            float[] bd = bias.data();
            Parallel.range(b * t, 64, (s, e) -> {
                for (int row = s; row < e; row++) {
                    int base = row * g;
                    for (int j = 0; j < g; j++) {
                        z[base + j] += bd[j];
                    }
                }
            });
        }
        float[] hPrevAll = new float[b * t * u];      // h_{t-1} per input time, for dR
        float[][] cells = new float[t + 1][];         // c after each step (index 0: c0)
        float[][] activatedCells = new float[t][];    // act(c) after each step
        float[] hSeq = new float[b * t * u];
        float[] h = h0 == null ? new float[b * u] : h0.data().clone();
        cells[0] = c0 == null ? new float[b * u] : c0.data().clone();
        for (int s = 0; s < t; s++) {
            final int ti = sp.timeAt(s);
            final int step = s;
            final float[] hp = h;
            final float[] cp = cells[s];
            final float[] cn = new float[b * u];
            final float[] an = new float[b * u];      // act(c), kept for the backward pass
            final float[] hn = new float[b * u];
            final float[] hpEff = SequenceSpec.times(hp, rdm);
            gemm.sgemm(false, false, b, g, u, 1f, hpEff, 0, u, r, 0, g, 1f, z, ti * g, t * g);
            Parallel.range(b, GRAIN_ROWS, (s0, e0) -> {
                for (int bi = s0; bi < e0; bi++) {
                    int zb = (bi * t + ti) * g;
                    int sb = bi * u;
                    System.arraycopy(hpEff, sb, hPrevAll, (bi * t + ti) * u, u);
                    if (sp.masked(bi, ti)) {
                        System.arraycopy(cp, sb, cn, sb, u);
                        System.arraycopy(hp, sb, hn, sb, u);
                        java.util.Arrays.fill(z, zb, zb + g, 0f);
                        continue;
                    }
                    // Gate activations over whole rows (vectorized for sigmoid and tanh).
                    recurrentActivation.applyRow(z, zb, z, zb, 2 * u);
                    activation.applyRow(z, zb + 2 * u, z, zb + 2 * u, u);
                    recurrentActivation.applyRow(z, zb + 3 * u, z, zb + 3 * u, u);
                    for (int j = 0; j < u; j++) {
                        cn[sb + j] = z[zb + u + j] * cp[sb + j] + z[zb + j] * z[zb + 2 * u + j];
                    }
                    activation.applyRow(cn, sb, an, sb, u);
                    int ob = (bi * t + step) * u;
                    for (int j = 0; j < u; j++) {
                        float hv = z[zb + 3 * u + j] * an[sb + j];
                        hn[sb + j] = hv;
                        hSeq[ob + j] = hv;
                    }
                }
            });
            cells[s + 1] = cn;
            activatedCells[s] = an;
            h = hn;
        }
        Tensor outSeq = new Tensor(hSeq, b, t, u);
        Tensor outH = new Tensor(h, b, u);
        Tensor outC = new Tensor(cells[t].clone(), b, u);
        return Autograd.recordMulti(new Tensor[] {outSeq, outH, outC}, op, grads -> backward(sp, grads, x, kernel,
                recurrentKernel, bias, h0, c0, z, hPrevAll, cells, activatedCells, rdm, activation, recurrentActivation),
                x, kernel, recurrentKernel, bias, h0, c0);
    }

    private static Tensor[] backward(SequenceSpec sp, Tensor[] grads, Tensor x, Tensor kernel, Tensor recurrentKernel,
                                     Tensor bias, Tensor h0, Tensor c0, float[] z, float[] hPrevAll, float[][] cells,
                                     float[][] activatedCells, float[] rdm, GateActivation act, GateActivation ract) {
        final int b = sp.batch;
        final int t = sp.time;
        final int d = sp.features;
        final int u = sp.units;
        final int g = 4 * u;
        Gemm gemm = Kernels.gemm();
        float[] r = recurrentKernel.data();
        float[] gSeq = grads[0] == null ? null : grads[0].data();
        float[] dh = grads[1] == null ? new float[b * u] : grads[1].data().clone();
        float[] dc = grads[2] == null ? new float[b * u] : grads[2].data().clone();
        float[] dz = new float[b * t * g];
        float[] dhPrev = new float[b * u];
        for (int s = t - 1; s >= 0; s--) {
            final int ti = sp.timeAt(s);
            final int step = s;
            final float[] cPrev = cells[s];
            final float[] actC = activatedCells[s];
            final float[] dhCur = dh;
            Parallel.range(b, GRAIN_ROWS, (s0, e0) -> {
                for (int bi = s0; bi < e0; bi++) {
                    int sb = bi * u;
                    if (sp.masked(bi, ti)) {
                        continue; // state passes through; dZ stays 0
                    }
                    int zb = (bi * t + ti) * g;
                    int ob = (bi * t + step) * u;
                    for (int j = 0; j < u; j++) {
                        float dhv = dhCur[sb + j] + (gSeq == null ? 0f : gSeq[ob + j]);
                        float ig = z[zb + j];
                        float fg = z[zb + u + j];
                        float gg = z[zb + 2 * u + j];
                        float og = z[zb + 3 * u + j];
                        float ac = actC[sb + j];
                        float dcv = dc[sb + j] + dhv * og * act.derivativeFromOutput(ac);
                        dz[zb + j] = dcv * gg * ract.derivativeFromOutput(ig);
                        dz[zb + u + j] = dcv * cPrev[sb + j] * ract.derivativeFromOutput(fg);
                        dz[zb + 2 * u + j] = dcv * ig * act.derivativeFromOutput(gg);
                        dz[zb + 3 * u + j] = dhv * ac * ract.derivativeFromOutput(og);
                        dc[sb + j] = dcv * fg;
                    }
                }
            });
            gemm.sgemm(false, true, b, u, g, 1f, dz, ti * g, t * g, r, 0, g, 0f, dhPrev, 0, u);
            SequenceSpec.scaleInPlace(dhPrev, rdm);
            for (int bi = 0; bi < b; bi++) {
                if (sp.masked(bi, ti)) {
                    // Padding: the hidden state was carried, so its gradient is carried too.
                    System.arraycopy(dhCur, bi * u, dhPrev, bi * u, u);
                }
            }
            float[] tmp = dh;
            dh = dhPrev;
            dhPrev = tmp;
        }
        return new Tensor[] {sp.inputGradient(x, kernel, dz, g), sp.projectionGradient(kernel, x.data(), d, dz, g),
            sp.projectionGradient(recurrentKernel, hPrevAll, u, dz, g), sp.biasGradient(bias, dz, g),
            sp.stateGradient(h0, dh), sp.stateGradient(c0, dc)};
    }
}
