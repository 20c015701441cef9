package io.cambium.tensor.ops.recurrent;

import io.cambium.tensor.Parallel;
import io.cambium.tensor.Tensor;
import io.cambium.tensor.autograd.Autograd;
import io.cambium.tensor.kernels.Gemm;
import io.cambium.tensor.kernels.Kernels;

/**
 * A whole GRU pass as one fused, differentiable operation, with Keras's layout: kernel
 * {@code [D, 3U]}, recurrent kernel {@code [U, 3U]}, gates in the order z (update), r (reset),
 * h (candidate).
 *
 * <p>With {@code resetAfter} (the Keras default, and PyTorch's formulation) the reset gate
 * multiplies the recurrent projection of the candidate: {@code hh = act(x Wh + bh + r * (h Rh + rbh))}
 * and the bias is {@code [2, 3U]} (input bias, recurrent bias). Without it the reset gate multiplies
 * the state first: {@code hh = act(x Wh + (r * h) Rh + bh)}, and the bias is {@code [3U]}.
 * The new state is {@code z * h + (1 - z) * hh}.
 */
public final class GruOp {
    private static final int GRAIN_ROWS = 8;

    private GruOp() {
    }

    /**
     * Runs the GRU.
     *
     * @param bias {@code [2, 3U]} when resetAfter, {@code [3U]} otherwise, or {@code null}
     * @param h0 initial state {@code [B, U]} or {@code null} for zeros
     * @param mask {@code [B, T]} of 1 (real) and 0 (padding), or {@code null}
     * @return the output sequence {@code [B, T, U]} (in processing order) and the final state {@code [B, U]}
     */
    public static Tensor[] forward(Tensor x, Tensor kernel, Tensor recurrentKernel, Tensor bias, Tensor h0, Tensor mask,
                                   GateActivation activation, GateActivation recurrentActivation, boolean resetAfter,
                                   boolean goBackwards) {
        return forward(x, kernel, recurrentKernel, bias, h0, mask, null, activation, recurrentActivation, resetAfter,
                goBackwards);
    }

    /**
     * Runs the GRU with recurrent dropout: {@code recurrentDropout} {@code [B, U]} multiplies the
     * previous state wherever it enters a recurrent projection (not the {@code z * h} carry), the
     * same mask at every step (Keras's recurrent_dropout).
     */
    public static Tensor[] forward(Tensor x, Tensor kernel, Tensor recurrentKernel, Tensor bias, Tensor h0, Tensor mask,
                                   Tensor recurrentDropout, GateActivation activation,
                                   GateActivation recurrentActivation, boolean resetAfter, boolean goBackwards) {
        final String op = "gru";
        final int u = recurrentKernel.dim(0);
        SequenceSpec sp = new SequenceSpec(op, x, u, goBackwards, mask);
        final int b = sp.batch;
        final int t = sp.time;
        final int d = sp.features;
        final int g = 3 * u;
        SequenceSpec.expectShape(op, "kernel", kernel, d, g);
        SequenceSpec.expectShape(op, "recurrent kernel", recurrentKernel, u, g);
        if (bias != null) {
            if (resetAfter) {
                SequenceSpec.expectShape(op, "bias (reset_after)", bias, 2, g);
            } else {
                SequenceSpec.expectShape(op, "bias", bias, g);
            }
        }
        if (h0 != null) {
            SequenceSpec.expectShape(op, "initial state", h0, b, u);
        }
        if (recurrentDropout != null) {
            SequenceSpec.expectShape(op, "recurrent dropout mask", recurrentDropout, b, u);
        }
        final float[] rdm = recurrentDropout == null ? null : recurrentDropout.data();
        Gemm gemm = Kernels.gemm();
        float[] w = kernel.data();
        float[] r = recurrentKernel.data();
        float[] bd = bias == null ? null : bias.data();
        // xz: input projections + input bias; gates are written over it in place (z, r, hh).
        float[] xz = new float[b * t * g];
        gemm.sgemm(false, false, b * t, g, d, 1f, x.data(), 0, d, w, 0, g, 0f, xz, 0, g);
        if (bd != null) {
            Parallel.range(b * t, 64, (s, e) -> {
                for (int row = s; row < e; row++) {
                    for (int j = 0; j < g; j++) {
                        xz[row * g + j] += bd[j];
                    }
                }
            });
        }
        // hr: recurrent projections per input time (with recurrent bias when resetAfter); for
        // !resetAfter its candidate third holds (r*h) Rh.
        float[] hr = new float[b * t * g];
        float[] hPrevAll = new float[b * t * u];
        // The state as the recurrent projections see it (after recurrent dropout), for dR.
        float[] hEffAll = rdm == null ? hPrevAll : new float[b * t * u];
        float[] rhAll = resetAfter ? null : new float[b * t * u];
        float[] hSeq = new float[b * t * u];
        float[] h = h0 == null ? new float[b * u] : h0.data().clone();
        for (int s = 0; s < t; s++) {
            final int ti = sp.timeAt(s);
            final int step = s;
            final float[] hp = h;
            final float[] hn = new float[b * u];
            final float[] hpEff = SequenceSpec.times(hp, rdm);
            if (resetAfter) {
                gemm.sgemm(false, false, b, g, u, 1f, hpEff, 0, u, r, 0, g, 0f, hr, ti * g, t * g);
            } else {
                gemm.sgemm(false, false, b, 2 * u, u, 1f, hpEff, 0, u, r, 0, g, 0f, hr, ti * g, t * g);
            }
            Parallel.range(b, GRAIN_ROWS, (s0, e0) -> {
                for (int bi = s0; bi < e0; bi++) {
                    int zb = (bi * t + ti) * g;
                    int sb = bi * u;
                    System.arraycopy(hp, sb, hPrevAll, (bi * t + ti) * u, u);
                    if (hEffAll != hPrevAll) {
                        System.arraycopy(hpEff, sb, hEffAll, (bi * t + ti) * u, u);
                    }
                    if (sp.masked(bi, ti)) {
                        System.arraycopy(hp, sb, hn, sb, u);
                        continue;
                    }
                    for (int j = 0; j < 2 * u; j++) {
                        xz[zb + j] += hr[zb + j] + (resetAfter && bd != null ? bd[g + j] : 0f);
                    }
                    recurrentActivation.applyRow(xz, zb, xz, zb, 2 * u);
                    if (!resetAfter) {
                        for (int j = 0; j < u; j++) {
                            rhAll[(bi * t + ti) * u + j] = xz[zb + u + j] * hpEff[sb + j];
                        }
                    }
                }
            });
            if (!resetAfter) {
                gemm.sgemm(false, false, b, u, u, 1f, rhAll, ti * u, t * u, r, 2 * u, g, 0f, hr, ti * g + 2 * u, t * g);
            }
            Parallel.range(b, GRAIN_ROWS, (s0, e0) -> {
                for (int bi = s0; bi < e0; bi++) {
                    if (sp.masked(bi, ti)) {
                        continue;
                    }
                    int zb = (bi * t + ti) * g;
                    int sb = bi * u;
                    for (int j = 0; j < u; j++) {
                        float rec = hr[zb + 2 * u + j];
                        if (resetAfter) {
                            if (bd != null) {
                                rec += bd[g + 2 * u + j];
                                hr[zb + 2 * u + j] = rec;
                            }
                            rec *= xz[zb + u + j];
                        }
                        xz[zb + 2 * u + j] += rec;
                    }
                    activation.applyRow(xz, zb + 2 * u, xz, zb + 2 * u, u);
                    int ob = (bi * t + step) * u;
                    for (int j = 0; j < u; j++) {
                        float zg = xz[zb + j];
                        float hv = zg * hp[sb + j] + (1f - zg) * xz[zb + 2 * u + j];
                        hn[sb + j] = hv;
                        hSeq[ob + j] = hv;
                    }
                }
            });
            h = hn;
        }
        Tensor outSeq = new Tensor(hSeq, b, t, u);
        Tensor outH = new Tensor(h, b, u);
        return Autograd.recordMulti(new Tensor[] {outSeq, outH}, op, grads -> backward(sp, grads, x, kernel,
                recurrentKernel, bias, h0, xz, hr, hPrevAll, hEffAll, rhAll, rdm, activation, recurrentActivation,
                resetAfter),
                x, kernel, recurrentKernel, bias, h0);
    }

    private static Tensor[] backward(SequenceSpec sp, Tensor[] grads, Tensor x, Tensor kernel, Tensor recurrentKernel,
                                     Tensor bias, Tensor h0, float[] gates, float[] hr, float[] hPrevAll, float[] hEffAll,
                                     float[] rhAll, float[] rdm, GateActivation act, GateActivation ract, boolean resetAfter) {
        final int b = sp.batch;
        final int t = sp.time;
        final int d = sp.features;
        final int u = sp.units;
        final int g = 3 * u;
        Gemm gemm = Kernels.gemm();
        float[] r = recurrentKernel.data();
        float[] gSeq = grads[0] == null ? null : grads[0].data();
        float[] dh = grads[1] == null ? new float[b * u] : grads[1].data().clone();
        float[] dx3 = new float[b * t * g];   // gradient of the input pre-activations
        float[] dr3 = new float[b * t * g];   // gradient of the recurrent projections
        float[] dhNext = new float[b * u];
        float[] drh = resetAfter ? null : new float[b * u];
        float[] rec = new float[b * u];
        for (int s = t - 1; s >= 0; s--) {
            final int ti = sp.timeAt(s);
            final int step = s;
            final float[] dhCur = dh;
            final float[] dhOut = dhNext;
            Parallel.range(b, GRAIN_ROWS, (s0, e0) -> {
                for (int bi = s0; bi < e0; bi++) {
                    int sb = bi * u;
                    if (sp.masked(bi, ti)) {
                        System.arraycopy(dhCur, sb, dhOut, sb, u);
                        continue;
                    }
                    int zb = (bi * t + ti) * g;
                    int hb = (bi * t + ti) * u;
                    int ob = (bi * t + step) * u;
                    for (int j = 0; j < u; j++) {
                        float dhv = dhCur[sb + j] + (gSeq == null ? 0f : gSeq[ob + j]);
                        float zg = gates[zb + j];
                        float rg = gates[zb + u + j];
                        float hh = gates[zb + 2 * u + j];
                        float hp = hPrevAll[hb + j];
                        float dhh = dhv * (1f - zg) * act.derivativeFromOutput(hh);
                        float dzPre = dhv * (hp - hh) * ract.derivativeFromOutput(zg);
                        float drGate;
                        if (resetAfter) {
                            drGate = dhh * hr[zb + 2 * u + j];
                            dr3[zb + 2 * u + j] = dhh * rg;
                        } else {
                            drGate = 0f; // completed after the (r*h) gradient is known
                            dr3[zb + 2 * u + j] = dhh;
                        }
                        float drPre = drGate * ract.derivativeFromOutput(rg);
                        dx3[zb + j] = dzPre;
                        dx3[zb + u + j] = drPre;
                        dx3[zb + 2 * u + j] = dhh;
                        dr3[zb + j] = dzPre;
                        dr3[zb + u + j] = drPre;
                        dhOut[sb + j] = dhv * zg;
                    }
                }
            });
            // rec: the gradient reaching h through the recurrent projections, before recurrent dropout.
            if (!resetAfter) {
                // d(r*h) = dhh Rh^T; then dr = d(r*h) * h and the state receives d(r*h) * r.
                gemm.sgemm(false, true, b, u, u, 1f, dr3, ti * g + 2 * u, t * g, r, 2 * u, g, 0f, drh, 0, u);
                for (int bi = 0; bi < b; bi++) {
                    if (sp.masked(bi, ti)) {
                        java.util.Arrays.fill(rec, bi * u, bi * u + u, 0f);
                        continue;
                    }
                    int zb = (bi * t + ti) * g;
                    int hb = (bi * t + ti) * u;
                    for (int j = 0; j < u; j++) {
                        float rg = gates[zb + u + j];
                        float drPre = drh[bi * u + j] * hEffAll[hb + j] * ract.derivativeFromOutput(rg);
                        dx3[zb + u + j] = drPre;
                        dr3[zb + u + j] = drPre;
                        rec[bi * u + j] = drh[bi * u + j] * rg;
                    }
                }
                gemm.sgemm(false, true, b, u, 2 * u, 1f, dr3, ti * g, t * g, r, 0, g, 1f, rec, 0, u);
            } else {
                gemm.sgemm(false, true, b, u, g, 1f, dr3, ti * g, t * g, r, 0, g, 0f, rec, 0, u);
            }
            SequenceSpec.scaleInPlace(rec, rdm);
            for (int i = 0; i < b * u; i++) {
                dhOut[i] += rec[i];
            }
            if (sp.mask != null) {
                for (int bi = 0; bi < b; bi++) {
                    if (sp.masked(bi, ti)) {
                        // The GEMMs read zero gradients for padded rows, so dhOut still holds the carried value.
                        System.arraycopy(dhCur, bi * u, dhOut, bi * u, u);
                    }
                }
            }
            float[] tmp = dh;
            dh = dhNext;
            dhNext = tmp;
        }
        Tensor gr = null;
        if (recurrentKernel.requiresGrad()) {
            float[] drk = new float[u * g];
            if (resetAfter) {
                gemm.sgemm(true, false, u, g, b * t, 1f, hEffAll, 0, u, dr3, 0, g, 0f, drk, 0, g);
            } else {
                gemm.sgemm(true, false, u, 2 * u, b * t, 1f, hEffAll, 0, u, dr3, 0, g, 0f, drk, 0, g);
                gemm.sgemm(true, false, u, u, b * t, 1f, rhAll, 0, u, dr3, 2 * u, g, 0f, drk, 2 * u, g);
            }
            gr = new Tensor(drk, u, g);
        }
        Tensor gb = sp.biasGradient(bias, dx3, g);
        if (gb != null && resetAfter) {
            SequenceSpec.addColumnSums(dr3, b * t, g, gb.data(), g);
        }
        return new Tensor[] {sp.inputGradient(x, kernel, dx3, g), sp.projectionGradient(kernel, x.data(), d, dx3, g), gr,
            gb, sp.stateGradient(h0, dh)};
    }
}
