package io.cambium.tensor.ops.recurrent;

import io.cambium.tensor.Tensor;
import io.cambium.tensor.autograd.Autograd;
import io.cambium.tensor.kernels.Gemm;
import io.cambium.tensor.kernels.Kernels;

/**
 * A whole LSTM pass as one fused, differentiable operation, with Keras's weight layout: kernel
 * {@code [D, 4U]}, recurrent kernel {@code [U, 4U]}, bias {@code [4U]}, gates in the order i, f, c, o.
 *
 * <p>The batch is split into blocks ({@link BatchBlocks}) that run the whole recurrence on one
 * thread each, with no barrier per step. Per step and block, one GEMM
 * {@code [4U, D + U] x [D + U, width]} computes the gates from the input and the previous hidden
 * state together, and one fused elementwise pass applies them. The backward pass
 * (backpropagation through time) mirrors it: one fused pass and one {@code [U, 4U] x [4U, width]}
 * GEMM per step and block for the state gradient, and one {@code [4U, width] x [width, D + U]} GEMM
 * that adds the step's share of the weight gradients while its operands are still in cache.
 */
public final class LstmOp {
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
        final int k = d + u;
        final float[] xd = x.data();
        final float[] weightsT = stackTransposed(kernel.data(), d, recurrentKernel.data(), u, g);
        final float[] bd = bias == null ? null : bias.data();
        final float[] h0d = h0 == null ? null : h0.data();
        final BatchBlocks blocks = new BatchBlocks(b);
        // Saved for the backward pass, as panels per step and block (see BatchBlocks): activated
        // gates i, f, g, o; the cell state entering each step (panel T: the final one); act(c).
        final float[] gates = new float[t * g * b];
        final float[] cells = new float[(t + 1) * u * b];
        final float[] activatedCells = new float[t * u * b];
        // Row-major [T, B, D + U]: per step, each sample's input and previous hidden state (times
        // the dropout mask): the right operand of the step's GEMM, and of the weight gradients.
        final float[] xh = new float[t * b * k];
        final float[] hSeq = new float[b * t * u];
        final float[] hLast = new float[b * u];
        final float[] cLast = new float[b * u];
        final Gemm gemm = Kernels.gemm();
        blocks.forEach(p -> {
            final int b0 = blocks.start(p);
            final int w = blocks.width(p);
            final int uw = u * w;
            float[] h = new float[uw];
            float[] hNext = new float[uw];
            float[] hEff = rdm == null ? h : new float[uw];
            float[] dropT = null;
            if (h0d != null) {
                BatchBlocks.gather(h0d, 0, u, b0, w, u, h, 0);
            }
            if (c0 != null) {
                BatchBlocks.gather(c0.data(), 0, u, b0, w, u, cells, blocks.panel(0, p, u));
            }
            if (rdm != null) {
                dropT = new float[uw];
                BatchBlocks.gather(rdm, 0, u, b0, w, u, dropT, 0);
            }
            boolean[] live = new boolean[w];
            for (int s = 0; s < t; s++) {
                final int ti = sp.timeAt(s);
                final int xo = (s * b + b0) * k;
                for (int j = 0; j < w; j++) {
                    System.arraycopy(xd, ((b0 + j) * t + ti) * d, xh, xo + j * k, d);
                }
                if (dropT != null) {
                    for (int i = 0; i < uw; i++) {
                        hEff[i] = h[i] * dropT[i];
                    }
                } else {
                    hEff = h;
                }
                BatchBlocks.scatter(hEff, 0, w, u, xh, s * b * k + d, k, b0);
                int zo = blocks.panel(s, p, g);
                if (bd != null) {
                    for (int j = 0; j < g; j++) {
                        java.util.Arrays.fill(gates, zo + j * w, zo + (j + 1) * w, bd[j]);
                    }
                }
                gemm.sgemmSerial(false, true, g, w, k, 1f, weightsT, 0, k, xh, xo, k, bd == null ? 0f : 1f,
                        gates, zo, w);
                recurrentActivation.applyRow(gates, zo, gates, zo, 2 * uw);
                activation.applyRow(gates, zo + 2 * uw, gates, zo + 2 * uw, uw);
                recurrentActivation.applyRow(gates, zo + 3 * uw, gates, zo + 3 * uw, uw);
                int cp = blocks.panel(s, p, u);
                int cn = blocks.panel(s + 1, p, u);
                for (int i = 0; i < uw; i++) {
                    cells[cn + i] = gates[zo + uw + i] * cells[cp + i] + gates[zo + i] * gates[zo + 2 * uw + i];
                }
                activation.applyRow(cells, cn, activatedCells, cp, uw);
                for (int i = 0; i < uw; i++) {
                    hNext[i] = gates[zo + 3 * uw + i] * activatedCells[cp + i];
                }
                boolean allLive = sp.mask == null || liveColumns(sp, b0, ti, live);
                if (!allLive) {
                    // Padding: the state is carried, the output is 0, and the gates are zeroed so
                    // that no gradient flows through this step.
                    for (int j = 0; j < w; j++) {
                        if (live[j]) {
                            continue;
                        }
                        for (int q = 0; q < u; q++) {
                            cells[cn + q * w + j] = cells[cp + q * w + j];
                            hNext[q * w + j] = h[q * w + j];
                        }
                        for (int q = 0; q < g; q++) {
                            gates[zo + q * w + j] = 0f;
                        }
                    }
                }
                float[] tmp = h;
                h = hNext;
                hNext = tmp;
                BatchBlocks.scatter(h, 0, w, u, hSeq, s * u, t * u, b0);
                if (!allLive) {
                    for (int j = 0; j < w; j++) {
                        if (!live[j]) {
                            java.util.Arrays.fill(hSeq, ((b0 + j) * t + s) * u, ((b0 + j) * t + s + 1) * u, 0f);
                        }
                    }
                }
            }
            BatchBlocks.scatter(h, 0, w, u, hLast, 0, u, b0);
            BatchBlocks.scatter(cells, blocks.panel(t, p, u), w, u, cLast, 0, u, b0);
        });
        Tensor outSeq = new Tensor(hSeq, b, t, u);
        Tensor outH = new Tensor(hLast, b, u);
        Tensor outC = new Tensor(cLast, b, u);
        return Autograd.recordMulti(new Tensor[] {outSeq, outH, outC}, op, grads -> backward(sp, blocks, grads, x,
                kernel, recurrentKernel, bias, h0, c0, gates, xh, cells, activatedCells, rdm, activation,
                recurrentActivation), x, kernel, recurrentKernel, bias, h0, c0);
    }

    /**
     * Fills {@code live[j]} with whether sample {@code b0 + j} is real (not padding) at input time
     * ti; returns whether all of them are.
     */
    private static boolean liveColumns(SequenceSpec sp, int b0, int ti, boolean[] live) {
        boolean all = true;
        for (int j = 0; j < live.length; j++) {
            live[j] = !sp.masked(b0 + j, ti);
            all &= live[j];
        }
        return all;
    }

    /** {@code [W^T | R^T]}, {@code [g, d + u]}: the left operand of the per-step GEMM. */
    private static float[] stackTransposed(float[] w, int d, float[] r, int u, int g) {
        int k = d + u;
        float[] out = new float[g * k];
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < g; j++) {
                out[j * k + i] = w[i * g + j];
            }
        }
        for (int i = 0; i < u; i++) {
            for (int j = 0; j < g; j++) {
                out[j * k + d + i] = r[i * g + j];
            }
        }
        return out;
    }

    private static Tensor[] backward(SequenceSpec sp, BatchBlocks blocks, Tensor[] grads, Tensor x, Tensor kernel,
                                     Tensor recurrentKernel, Tensor bias, Tensor h0, Tensor c0, float[] gates,
                                     float[] xh, float[] cells, float[] activatedCells, float[] rdm,
                                     GateActivation act, GateActivation ract) {
        final int b = sp.batch;
        final int t = sp.time;
        final int d = sp.features;
        final int u = sp.units;
        final int g = 4 * u;
        final int k = d + u;
        final Gemm gemm = Kernels.gemm();
        final float[] wd = kernel.data();
        final float[] r = recurrentKernel.data();
        final float[] gSeq = grads[0] == null ? null : grads[0].data();
        final float[] gH = grads[1] == null ? null : grads[1].data();
        final float[] gC = grads[2] == null ? null : grads[2].data();
        final boolean needX = x.requiresGrad();
        final boolean needWeights = kernel.requiresGrad() || recurrentKernel.requiresGrad();
        final boolean needBias = bias != null && bias.requiresGrad();
        final float[] dx = needX ? new float[b * t * d] : null;
        final float[] dh0 = new float[b * u];
        final float[] dc0 = new float[b * u];
        // Per block: the gradient of [W^T | R^T] and of the bias, summed over the block's samples
        // and steps; the blocks' sums are added in block order afterwards.
        final float[][] dWeightsT = new float[blocks.count][];
        final double[][] dBias = new double[blocks.count][];
        final boolean fast = act == GateActivation.TANH && ract == GateActivation.SIGMOID;
        blocks.forEach(p -> {
            final int b0 = blocks.start(p);
            final int w = blocks.width(p);
            final int uw = u * w;
            float[] dh = new float[uw];
            float[] dhPrev = new float[uw];
            float[] dc = new float[uw];
            float[] dz = new float[g * w];
            float[] dxT = needX ? new float[d * w] : null;
            float[] dA = needWeights ? new float[g * k] : null;
            double[] db = needBias ? new double[g] : null;
            float[] dropT = null;
            if (gH != null) {
                BatchBlocks.gather(gH, 0, u, b0, w, u, dh, 0);
            }
            if (gC != null) {
                BatchBlocks.gather(gC, 0, u, b0, w, u, dc, 0);
            }
            if (rdm != null) {
                dropT = new float[uw];
                BatchBlocks.gather(rdm, 0, u, b0, w, u, dropT, 0);
            }
            float[] gStep = gSeq == null ? null : new float[uw];
            boolean[] live = new boolean[w];
            for (int s = t - 1; s >= 0; s--) {
                final int ti = sp.timeAt(s);
                boolean allLive = sp.mask == null || liveColumns(sp, b0, ti, live);
                // dh_t: from the next step (or the final state) plus the output's own gradient.
                float[] dhv = dh;
                if (gStep != null) {
                    BatchBlocks.gather(gSeq, s * u, t * u, b0, w, u, gStep, 0);
                    for (int i = 0; i < uw; i++) {
                        gStep[i] += dh[i];
                    }
                    dhv = gStep;
                }
                int zo = blocks.panel(s, p, g);
                int cp = blocks.panel(s, p, u);
                if (allLive) {
                    if (fast) {
                        gateGradientsTanhSigmoid(gates, zo, cells, activatedCells, cp, dhv, dc, dz, uw);
                    } else {
                        gateGradients(gates, zo, cells, activatedCells, cp, dhv, dc, dz, uw, act, ract);
                    }
                } else {
                    maskedGateGradients(gates, zo, cells, activatedCells, cp, dhv, dc, dz, u, w, live, act, ract);
                }
                gemm.sgemmSerial(false, false, u, w, g, 1f, r, 0, g, dz, 0, w, 0f, dhPrev, 0, w);
                if (dxT != null) {
                    gemm.sgemmSerial(false, false, d, w, g, 1f, wd, 0, g, dz, 0, w, 0f, dxT, 0, w);
                    BatchBlocks.scatter(dxT, 0, w, d, dx, ti * d, t * d, b0);
                }
                if (dA != null) {
                    gemm.sgemmSerial(false, false, g, k, w, 1f, dz, 0, w, xh, (s * b + b0) * k, k, 1f, dA, 0, k);
                }
                if (db != null) {
                    for (int j = 0; j < g; j++) {
                        float sum = 0f;
                        for (int q = j * w; q < (j + 1) * w; q++) {
                            sum += dz[q];
                        }
                        db[j] += sum;
                    }
                }
                if (dropT != null) {
                    for (int i = 0; i < uw; i++) {
                        dhPrev[i] *= dropT[i];
                    }
                }
                if (!allLive) {
                    // Padding: the hidden state was carried, so its gradient is carried too.
                    for (int j = 0; j < w; j++) {
                        if (!live[j]) {
                            for (int q = 0; q < u; q++) {
                                dhPrev[q * w + j] = dh[q * w + j];
                            }
                        }
                    }
                }
                float[] tmp = dh;
                dh = dhPrev;
                dhPrev = tmp;
            }
            BatchBlocks.scatter(dh, 0, w, u, dh0, 0, u, b0);
            BatchBlocks.scatter(dc, 0, w, u, dc0, 0, u, b0);
            dWeightsT[p] = dA;
            dBias[p] = db;
        });
        Tensor dKernel = null;
        Tensor dRecurrent = null;
        if (needWeights) {
            float[] dA = dWeightsT[0];
            for (int p = 1; p < blocks.count; p++) {
                float[] part = dWeightsT[p];
                for (int i = 0; i < dA.length; i++) {
                    dA[i] += part[i];
                }
            }
            dKernel = kernel.requiresGrad() ? new Tensor(untranspose(dA, k, 0, d, g), d, g) : null;
            dRecurrent = recurrentKernel.requiresGrad() ? new Tensor(untranspose(dA, k, d, u, g), u, g) : null;
        }
        Tensor dBiasT = null;
        if (needBias) {
            float[] out = new float[g];
            for (int j = 0; j < g; j++) {
                double sum = 0;
                for (int p = 0; p < blocks.count; p++) {
                    sum += dBias[p][j];
                }
                out[j] = (float) sum;
            }
            dBiasT = new Tensor(out, bias.shape());
        }
        return new Tensor[] {needX ? new Tensor(dx, b, t, d) : null, dKernel, dRecurrent, dBiasT,
            sp.stateGradient(h0, dh0), sp.stateGradient(c0, dc0)};
    }

    /** Columns {@code [c0, c0 + rows)} of {@code at [g, k]}, transposed: {@code [rows, g]}. */
    private static float[] untranspose(float[] at, int k, int c0, int rows, int g) {
        float[] out = new float[rows * g];
        for (int j = 0; j < g; j++) {
            for (int i = 0; i < rows; i++) {
                out[i * g + j] = at[j * k + c0 + i];
            }
        }
        return out;
    }

    /**
     * One step of backpropagation through the gates of a block (panels of {@code uw = U * width}
     * values per gate): dZ from dh and dc, and dc carried to the previous step.
     */
    private static void gateGradients(float[] z, int zo, float[] cells, float[] actCells, int cp, float[] dh,
                                      float[] dc, float[] dz, int uw, GateActivation act, GateActivation ract) {
        for (int i = 0; i < uw; i++) {
            float ig = z[zo + i];
            float fg = z[zo + uw + i];
            float gg = z[zo + 2 * uw + i];
            float og = z[zo + 3 * uw + i];
            float ac = actCells[cp + i];
            float dcv = dc[i] + dh[i] * og * act.derivativeFromOutput(ac);
            dz[i] = dcv * gg * ract.derivativeFromOutput(ig);
            dz[uw + i] = dcv * cells[cp + i] * ract.derivativeFromOutput(fg);
            dz[2 * uw + i] = dcv * ig * act.derivativeFromOutput(gg);
            dz[3 * uw + i] = dh[i] * ac * ract.derivativeFromOutput(og);
            dc[i] = dcv * fg;
        }
    }

    /** {@link #gateGradients} for tanh and sigmoid, the derivatives written out (same arithmetic). */
    private static void gateGradientsTanhSigmoid(float[] z, int zo, float[] cells, float[] actCells, int cp,
                                                 float[] dh, float[] dc, float[] dz, int uw) {
        for (int i = 0; i < uw; i++) {
            float ig = z[zo + i];
            float fg = z[zo + uw + i];
            float gg = z[zo + 2 * uw + i];
            float og = z[zo + 3 * uw + i];
            float ac = actCells[cp + i];
            float dcv = dc[i] + dh[i] * og * (1f - ac * ac);
            dz[i] = dcv * gg * (ig * (1f - ig));
            dz[uw + i] = dcv * cells[cp + i] * (fg * (1f - fg));
            dz[2 * uw + i] = dcv * ig * (1f - gg * gg);
            dz[3 * uw + i] = dh[i] * ac * (og * (1f - og));
            dc[i] = dcv * fg;
        }
    }

    /** {@link #gateGradients} where some samples are padding: their dZ is 0 and their dc passes through. */
    private static void maskedGateGradients(float[] z, int zo, float[] cells, float[] actCells, int cp, float[] dh,
                                            float[] dc, float[] dz, int u, int w, boolean[] live, GateActivation act,
                                            GateActivation ract) {
        int uw = u * w;
        for (int q = 0; q < u; q++) {
            for (int j = 0; j < w; j++) {
                int i = q * w + j;
                if (!live[j]) {
                    dz[i] = 0f;
                    dz[uw + i] = 0f;
                    dz[2 * uw + i] = 0f;
                    dz[3 * uw + i] = 0f;
                    continue;
                }
                float ig = z[zo + i];
                float fg = z[zo + uw + i];
                float gg = z[zo + 2 * uw + i];
                float og = z[zo + 3 * uw + i];
                float ac = actCells[cp + i];
                float dcv = dc[i] + dh[i] * og * act.derivativeFromOutput(ac);
                dz[i] = dcv * gg * ract.derivativeFromOutput(ig);
                dz[uw + i] = dcv * cells[cp + i] * ract.derivativeFromOutput(fg);
                dz[2 * uw + i] = dcv * ig * act.derivativeFromOutput(gg);
                dz[3 * uw + i] = dh[i] * ac * ract.derivativeFromOutput(og);
                dc[i] = dcv * fg;
            }
        }
    }
}
