package io.cambium.tensor.kernels.vector;

import io.cambium.tensor.kernels.DepthwiseLanes;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link DepthwiseLanes} on Vector API lanes of the channels: a vector of channels per step,
 * products rounded and then added (as the scalar loop does), so the bits are those of
 * {@link DepthwiseLanes.Scalar}; leftover channels use the scalar loop.
 */
public final class VectorDepthwiseLanes implements DepthwiseLanes {
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    private static final int L = F.length();

    @Override
    public void pixel(float[] x, int[] xo, float[] k, int[] ko, int taps, float[] out, int o, int len) {
        int vec = F.loopBound(len);
        int c = 0;
        // Two channel vectors at a time: two independent chains of adds instead of one.
        for (; c + 2 * L <= vec; c += 2 * L) {
            FloatVector a0 = FloatVector.zero(F);
            FloatVector a1 = FloatVector.zero(F);
            for (int t = 0; t < taps; t++) {
                int xt = xo[t] + c;
                int kt = ko[t] + c;
                a0 = a0.add(FloatVector.fromArray(F, x, xt).mul(FloatVector.fromArray(F, k, kt)));
                a1 = a1.add(FloatVector.fromArray(F, x, xt + L).mul(FloatVector.fromArray(F, k, kt + L)));
            }
            a0.intoArray(out, o + c);
            a1.intoArray(out, o + c + L);
        }
        for (; c < vec; c += L) {
            FloatVector a = FloatVector.zero(F);
            for (int t = 0; t < taps; t++) {
                a = a.add(FloatVector.fromArray(F, x, xo[t] + c).mul(FloatVector.fromArray(F, k, ko[t] + c)));
            }
            a.intoArray(out, o + c);
        }
        if (vec < len) {
            Scalar.pixelColumns(x, xo, k, ko, taps, out, o, vec, len);
        }
    }

    @Override
    public void pixelBackward(float[] x, int[] xo, float[] k, int[] ko, int taps, float[] dy, int o, float[] dx,
                              float[] dk, int len) {
        int vec = F.loopBound(len);
        for (int c = 0; c < vec; c += L) {
            FloatVector d = FloatVector.fromArray(F, dy, o + c);
            if (dx != null && dk != null) {
                for (int t = 0; t < taps; t++) {
                    int xt = xo[t] + c;
                    int kt = ko[t] + c;
                    FloatVector.fromArray(F, dx, xt).add(d.mul(FloatVector.fromArray(F, k, kt))).intoArray(dx, xt);
                    FloatVector.fromArray(F, dk, kt).add(FloatVector.fromArray(F, x, xt).mul(d)).intoArray(dk, kt);
                }
            } else if (dx != null) {
                for (int t = 0; t < taps; t++) {
                    int xt = xo[t] + c;
                    FloatVector.fromArray(F, dx, xt).add(d.mul(FloatVector.fromArray(F, k, ko[t] + c))).intoArray(dx, xt);
                }
            } else if (dk != null) {
                for (int t = 0; t < taps; t++) {
                    int kt = ko[t] + c;
                    FloatVector.fromArray(F, dk, kt).add(FloatVector.fromArray(F, x, xo[t] + c).mul(d)).intoArray(dk, kt);
                }
            }
        }
        if (vec < len) {
            Scalar.pixelBackwardColumns(x, xo, k, ko, taps, dy, o, dx, dk, vec, len);
        }
    }
}
