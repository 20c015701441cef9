package io.cambium.tensor.kernels.vector;

import io.cambium.tensor.kernels.SingleChannelConv;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link SingleChannelConv.Pixels} on the Vector API: a vector of output channels per step,
 * accumulated over the window taps with fused multiply-adds; leftover channels use scalar code.
 */
public final class VectorSingleChannelConv implements SingleChannelConv.Pixels {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();

    @Override
    public void sample(float[] pad, int wp, int[] taps, float[] k, int cout, int ho, int wo, int sh, int sw,
                       float[] out, int outOff) {
        int nt = taps.length;
        for (int oy = 0; oy < ho; oy++) {
            for (int ox = 0; ox < wo; ox++) {
                int base = oy * sh * wp + ox * sw;
                int o = outOff + (oy * wo + ox) * cout;
                int c = 0;
                // Four independent accumulators: one chain of dependent FMAs would wait on their latency.
                for (; c <= cout - 4 * L; c += 4 * L) {
                    float x0 = pad[base + taps[0]];
                    FloatVector a0 = FloatVector.fromArray(S, k, c).mul(x0);
                    FloatVector a1 = FloatVector.fromArray(S, k, c + L).mul(x0);
                    FloatVector a2 = FloatVector.fromArray(S, k, c + 2 * L).mul(x0);
                    FloatVector a3 = FloatVector.fromArray(S, k, c + 3 * L).mul(x0);
                    for (int t = 1; t < nt; t++) {
                        FloatVector xv = FloatVector.broadcast(S, pad[base + taps[t]]);
                        int kt = t * cout + c;
                        a0 = FloatVector.fromArray(S, k, kt).fma(xv, a0);
                        a1 = FloatVector.fromArray(S, k, kt + L).fma(xv, a1);
                        a2 = FloatVector.fromArray(S, k, kt + 2 * L).fma(xv, a2);
                        a3 = FloatVector.fromArray(S, k, kt + 3 * L).fma(xv, a3);
                    }
                    a0.intoArray(out, o + c);
                    a1.intoArray(out, o + c + L);
                    a2.intoArray(out, o + c + 2 * L);
                    a3.intoArray(out, o + c + 3 * L);
                }
                for (; c <= cout - L; c += L) {
                    FloatVector acc = FloatVector.fromArray(S, k, c).mul(pad[base + taps[0]]);
                    for (int t = 1; t < nt; t++) {
                        acc = FloatVector.fromArray(S, k, t * cout + c).fma(FloatVector.broadcast(S, pad[base + taps[t]]), acc);
                    }
                    acc.intoArray(out, o + c);
                }
                for (; c < cout; c++) {
                    float s = pad[base + taps[0]] * k[c];
                    for (int t = 1; t < nt; t++) {
                        s = Math.fma(pad[base + taps[t]], k[t * cout + c], s);
                    }
                    out[o + c] = s;
                }
            }
        }
    }
}
