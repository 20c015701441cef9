package io.cambium.tensor.kernels.vector;

import io.cambium.tensor.kernels.FloatMath;
import io.cambium.tensor.kernels.RowKernels;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link RowKernels} on the Vector API. Sums run in float lanes, each lane over at most
 * {@code n / lanes} terms, and the lanes are added in double in lane order (not with
 * {@code reduceLanes}, whose order may differ between the interpreter and compiled code), so a
 * row's result is the same in every run. Exponentials are those of {@link VectorTranscendentals}.
 *
 * <p>The lane sums are written out at each use rather than in a helper: a helper taking a vector
 * was not inlined by JDK 17's C2 ("callee uses too much stack", in the compilation log of the
 * GPT training workload), so every row boxed its accumulator (see docs/decisions/vector-jit.md).
 */
public final class VectorRows implements RowKernels {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    /**
     * Whether the softmax rows end in a masked vector rather than scalar code: with 512-bit vectors
     * (AVX-512 masks the lanes in hardware); with 256-bit ones (JDK 17, -XX:UseAVX=2) the masked
     * tail measured no faster than the scalar one.
     */
    private static final boolean MASKED_TAILS = S.vectorBitSize() >= 512;

    @Override
    public void softmaxInPlace(float[] p, int o, int n) {
        if (MASKED_TAILS) {
            softmaxMasked(p, o, n);
            return;
        }
        int vec = n - n % L;
        float m = Float.NEGATIVE_INFINITY;
        if (vec > 0) {
            FloatVector mv = FloatVector.fromArray(S, p, o);
            for (int k = L; k < vec; k += L) {
                mv = mv.max(FloatVector.fromArray(S, p, o + k));
            }
            // The maximum of a set is the same in any order (NaN and ±0 included).
            m = mv.reduceLanes(VectorOperators.MAX);
        }
        for (int k = vec; k < n; k++) {
            m = Math.max(m, p[o + k]);
        }
        VectorTranscendentals.exp(p, o, m, p, o, vec);
        FloatVector acc = FloatVector.zero(S);
        for (int k = 0; k < vec; k += L) {
            acc = acc.add(FloatVector.fromArray(S, p, o + k));
        }
        double s = 0;
        for (int i = 0; i < L; i++) {
            s += acc.lane(i);
        }
        for (int k = vec; k < n; k++) {
            float e = FloatMath.exp(p[o + k] - m);
            p[o + k] = e;
            s += e;
        }
        float inv = (float) (1.0 / s);
        for (int k = 0; k < vec; k += L) {
            FloatVector.fromArray(S, p, o + k).mul(inv).intoArray(p, o + k);
        }
        for (int k = vec; k < n; k++) {
            p[o + k] *= inv;
        }
    }

    /**
     * {@link #softmaxInPlace} with the last partial vector of the row as a masked vector instead of
     * scalar code: attention's causal rows have every length, so with 16 lanes a row has 7.5 scalar
     * exponentials on average (row lengths 1..128: 193 -> 126 ns per row, JDK 25; 202 -> 152, JDK
     * 17). The tail's values then join the lane sums.
     */
    private static void softmaxMasked(float[] p, int o, int n) {
        int vec = n - n % L;
        VectorMask<Float> tail = S.indexInRange(vec, n);
        FloatVector mv = FloatVector.broadcast(S, Float.NEGATIVE_INFINITY);
        for (int k = 0; k < vec; k += L) {
            mv = mv.max(FloatVector.fromArray(S, p, o + k));
        }
        if (vec < n) {
            mv = mv.lanewise(VectorOperators.MAX, FloatVector.fromArray(S, p, o + vec, tail), tail);
        }
        // The maximum of a set is the same in any order (NaN and ±0 included).
        float m = mv.reduceLanes(VectorOperators.MAX);
        VectorTranscendentals.exp(p, o, m, p, o, vec);
        FloatVector acc = FloatVector.zero(S);
        for (int k = 0; k < vec; k += L) {
            acc = acc.add(FloatVector.fromArray(S, p, o + k));
        }
        if (vec < n) {
            // The tail through a whole vector's array, as the exponential's loop takes whole vectors.
            float[] t = new float[L];
            System.arraycopy(p, o + vec, t, 0, n - vec);
            VectorTranscendentals.exp(t, 0, m, t, 0, L);
            System.arraycopy(t, 0, p, o + vec, n - vec);
            acc = acc.add(FloatVector.fromArray(S, t, 0), tail);
        }
        double s = 0;
        for (int i = 0; i < L; i++) {
            s += acc.lane(i);
        }
        float inv = (float) (1.0 / s);
        for (int k = 0; k < vec; k += L) {
            FloatVector.fromArray(S, p, o + k).mul(inv).intoArray(p, o + k);
        }
        if (vec < n) {
            FloatVector.fromArray(S, p, o + vec, tail).mul(inv).intoArray(p, o + vec, tail);
        }
    }

    @Override
    public void softmaxBackwardInPlace(float[] y, int yo, float[] g, int go, int n) {
        if (MASKED_TAILS) {
            softmaxBackwardMasked(y, yo, g, go, n);
            return;
        }
        int vec = n - n % L;
        FloatVector acc = FloatVector.zero(S);
        for (int k = 0; k < vec; k += L) {
            acc = FloatVector.fromArray(S, g, go + k).fma(FloatVector.fromArray(S, y, yo + k), acc);
        }
        double dot = 0;
        for (int i = 0; i < L; i++) {
            dot += acc.lane(i);
        }
        for (int k = vec; k < n; k++) {
            dot += (double) g[go + k] * y[yo + k];
        }
        float a = (float) dot;
        for (int k = 0; k < vec; k += L) {
            FloatVector.fromArray(S, y, yo + k).mul(FloatVector.fromArray(S, g, go + k).sub(a)).intoArray(g, go + k);
        }
        for (int k = vec; k < n; k++) {
            g[go + k] = y[yo + k] * (g[go + k] - a);
        }
    }

    /** {@link #softmaxBackwardInPlace} with a masked last vector (see {@link #softmaxMasked}). */
    private static void softmaxBackwardMasked(float[] y, int yo, float[] g, int go, int n) {
        int vec = n - n % L;
        VectorMask<Float> tail = S.indexInRange(vec, n);
        FloatVector acc = FloatVector.zero(S);
        for (int k = 0; k < vec; k += L) {
            acc = FloatVector.fromArray(S, g, go + k).fma(FloatVector.fromArray(S, y, yo + k), acc);
        }
        if (vec < n) {
            // The lanes past the row load as zeros and add nothing.
            acc = FloatVector.fromArray(S, g, go + vec, tail).fma(FloatVector.fromArray(S, y, yo + vec, tail), acc);
        }
        double dot = 0;
        for (int i = 0; i < L; i++) {
            dot += acc.lane(i);
        }
        float a = (float) dot;
        for (int k = 0; k < vec; k += L) {
            FloatVector.fromArray(S, y, yo + k).mul(FloatVector.fromArray(S, g, go + k).sub(a)).intoArray(g, go + k);
        }
        if (vec < n) {
            FloatVector.fromArray(S, y, yo + vec, tail).mul(FloatVector.fromArray(S, g, go + vec, tail).sub(a))
                    .intoArray(g, go + vec, tail);
        }
    }

    @Override
    public void layerNormRow(float[] x, int r, int m, float eps, float[] gamma, float[] beta, float[] out,
            float[] mean, float[] rstd) {
        int off = r * m;
        int vec = m - m % L;
        FloatVector acc = FloatVector.zero(S);
        for (int j = 0; j < vec; j += L) {
            acc = acc.add(FloatVector.fromArray(S, x, off + j));
        }
        double sum = 0;
        for (int i = 0; i < L; i++) {
            sum += acc.lane(i);
        }
        for (int j = vec; j < m; j++) {
            sum += x[off + j];
        }
        float mu = (float) (sum / m);
        // The variance from the deviations (two passes), never from E[x²] − E[x]².
        acc = FloatVector.zero(S);
        for (int j = 0; j < vec; j += L) {
            FloatVector d = FloatVector.fromArray(S, x, off + j).sub(mu);
            acc = d.fma(d, acc);
        }
        double sq = 0;
        for (int i = 0; i < L; i++) {
            sq += acc.lane(i);
        }
        for (int j = vec; j < m; j++) {
            double d = x[off + j] - mu;
            sq += d * d;
        }
        float rs = (float) (1.0 / Math.sqrt(sq / m + eps));
        mean[r] = mu;
        rstd[r] = rs;
        for (int j = 0; j < vec; j += L) {
            FloatVector y = FloatVector.fromArray(S, x, off + j).sub(mu).mul(rs);
            if (gamma != null) {
                y = y.mul(FloatVector.fromArray(S, gamma, j));
            }
            if (beta != null) {
                y = y.add(FloatVector.fromArray(S, beta, j));
            }
            y.intoArray(out, off + j);
        }
        for (int j = vec; j < m; j++) {
            float y = (x[off + j] - mu) * rs;
            if (gamma != null) {
                y *= gamma[j];
            }
            if (beta != null) {
                y += beta[j];
            }
            out[off + j] = y;
        }
    }

    @Override
    public void layerNormBackwardRow(float[] x, float[] g, int r, int m, float[] gamma, float mean, float rstd,
            float[] dx) {
        int off = r * m;
        int vec = m - m % L;
        FloatVector accD = FloatVector.zero(S);
        FloatVector accDx = FloatVector.zero(S);
        for (int j = 0; j < vec; j += L) {
            FloatVector d = FloatVector.fromArray(S, g, off + j);
            if (gamma != null) {
                d = d.mul(FloatVector.fromArray(S, gamma, j));
            }
            FloatVector xh = FloatVector.fromArray(S, x, off + j).sub(mean).mul(rstd);
            accD = accD.add(d);
            accDx = d.fma(xh, accDx);
        }
        double sumD = 0;
        double sumDx = 0;
        for (int i = 0; i < L; i++) {
            sumD += accD.lane(i);
            sumDx += accDx.lane(i);
        }
        for (int j = vec; j < m; j++) {
            float d = gamma == null ? g[off + j] : g[off + j] * gamma[j];
            sumD += d;
            sumDx += (double) d * ((x[off + j] - mean) * rstd);
        }
        float meanD = (float) (sumD / m);
        float meanDx = (float) (sumDx / m);
        for (int j = 0; j < vec; j += L) {
            FloatVector xh = FloatVector.fromArray(S, x, off + j).sub(mean).mul(rstd);
            FloatVector d = FloatVector.fromArray(S, g, off + j);
            if (gamma != null) {
                d = d.mul(FloatVector.fromArray(S, gamma, j));
            }
            d.sub(meanD).sub(xh.mul(meanDx)).mul(rstd).intoArray(dx, off + j);
        }
        for (int j = vec; j < m; j++) {
            float d = gamma == null ? g[off + j] : g[off + j] * gamma[j];
            float xh = (x[off + j] - mean) * rstd;
            dx[off + j] = (d - meanD - xh * meanDx) * rstd;
        }
    }
}
