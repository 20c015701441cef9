package io.cambium.tensor.ops.attention;

import io.cambium.tensor.Parallel;
import io.cambium.tensor.Shape;
import io.cambium.tensor.Tensor;
import io.cambium.tensor.autograd.Autograd;
import io.cambium.tensor.kernels.Gemm;
import io.cambium.tensor.kernels.Kernels;

/**
 * Scaled dot-product attention in one op: scores, additive and causal masks, softmax and the
 * weighted sum, forward and backward, parallel over the leading (batch·heads) axis.
 * q {@code [N, Tq, d]}, k {@code [N, Tk, d]}, v {@code [N, Tk, dv]}; output {@code [N, Tq, dv]}.
 * The additive mask is {@code [Tq, Tk]} or {@code [M, Tq, Tk]} with N a multiple of M (entry
 * {@code n / (N / M)} serves item n, so a {@code [B, Tq, Tk]} mask covers {@code B·H} heads laid
 * out batch-major). Causal masking forbids keys after the query position.
 */
public final class FusedAttention {
    /** The score of masked positions. */
    public static final float MASKED = -1e9f;

    private FusedAttention() {
    }

    /** The attention output; differentiable in q, k and v. */
    public static Tensor apply(Tensor q, Tensor k, Tensor v, Tensor additiveMask, boolean causal, float scale) {
        if (q.rank() != 3 || k.rank() != 3 || v.rank() != 3 || q.dim(0) != k.dim(0) || k.dim(0) != v.dim(0)
                || q.dim(2) != k.dim(2) || k.dim(1) != v.dim(1)) {
            throw new IllegalArgumentException("fused_attention: expected q [N, Tq, d], k [N, Tk, d], v [N, Tk, dv], got "
                    + Shape.str(q.shape()) + ", " + Shape.str(k.shape()) + ", " + Shape.str(v.shape()));
        }
        int n = q.dim(0);
        int tq = q.dim(1);
        int tk = k.dim(1);
        int d = q.dim(2);
        int dv = v.dim(2);
        int maskGroups = 0;
        if (additiveMask != null) {
            int[] ms = additiveMask.shape();
            boolean ok = (ms.length == 2 && ms[0] == tq && ms[1] == tk)
                    || (ms.length == 3 && ms[1] == tq && ms[2] == tk && ms[0] > 0 && n % ms[0] == 0);
            if (!ok) {
                throw new IllegalArgumentException("fused_attention: mask must be [" + tq + ", " + tk + "] or [M, " + tq
                        + ", " + tk + "] with M dividing " + n + ", got " + Shape.str(ms));
            }
            maskGroups = ms.length == 2 ? 1 : ms[0];
        }
        final int perMask = maskGroups == 0 ? 1 : n / maskGroups;
        float[] qa = q.data();
        float[] ka = k.data();
        float[] va = v.data();
        float[] ma = additiveMask == null ? null : additiveMask.data();
        float[] p = new float[n * tq * tk];
        float[] out = new float[n * tq * dv];
        Gemm gemm = Kernels.gemm();
        Parallel.range(n, 1, (start, end) -> {
            for (int i = start; i < end; i++) {
                int pOff = i * tq * tk;
                gemm.sgemmSerial(false, true, tq, tk, d, scale, qa, i * tq * d, d, ka, i * tk * d, d, 0f, p, pOff, tk);
                int mOff = ma == null ? -1 : (i / perMask) * tq * tk;
                for (int r = 0; r < tq; r++) {
                    int row = pOff + r * tk;
                    float max = Float.NEGATIVE_INFINITY;
                    for (int c = 0; c < tk; c++) {
                        float s = p[row + c];
                        if (ma != null) {
                            s += ma[mOff + r * tk + c];
                        }
                        if (causal && c > r) {
                            s += MASKED;
                        }
                        p[row + c] = s;
                        max = Math.max(max, s);
                    }
                    double sum = 0;
                    for (int c = 0; c < tk; c++) {
                        float e = (float) Math.exp(p[row + c] - max);
                        p[row + c] = e;
                        sum += e;
                    }
                    float inv = (float) (1.0 / sum);
                    for (int c = 0; c < tk; c++) {
                        p[row + c] *= inv;
                    }
                }
                gemm.sgemmSerial(false, false, tq, dv, tk, 1f, p, pOff, tk, va, i * tk * dv, dv, 0f, out, i * tq * dv, dv);
            }
        });
        Tensor result = new Tensor(out, n, tq, dv);
        return Autograd.record(result, "fused_attention", g -> backward(g, q, k, v, p, scale), q, k, v);
    }

    private static Tensor[] backward(Tensor gOut, Tensor q, Tensor k, Tensor v, float[] p, float scale) {
        int n = q.dim(0);
        int tq = q.dim(1);
        int tk = k.dim(1);
        int d = q.dim(2);
        int dv = v.dim(2);
        float[] go = gOut.data();
        float[] qa = q.data();
        float[] ka = k.data();
        float[] va = v.data();
        float[] gq = new float[qa.length];
        float[] gk = new float[ka.length];
        float[] gv = new float[va.length];
        Gemm gemm = Kernels.gemm();
        Parallel.range(n, 1, (start, end) -> {
            float[] dp = new float[tq * tk];
            for (int i = start; i < end; i++) {
                int pOff = i * tq * tk;
                // dV = Pᵀ·dO, dP = dO·Vᵀ
                gemm.sgemmSerial(true, false, tk, dv, tq, 1f, p, pOff, tk, go, i * tq * dv, dv, 0f, gv, i * tk * dv, dv);
                gemm.sgemmSerial(false, true, tq, tk, dv, 1f, go, i * tq * dv, dv, va, i * tk * dv, dv, 0f, dp, 0, tk);
                // dS = P ∘ (dP − Σ_c dP·P), the softmax backward per row.
                for (int r = 0; r < tq; r++) {
                    double dot = 0;
                    for (int c = 0; c < tk; c++) {
                        dot += dp[r * tk + c] * p[pOff + r * tk + c];
                    }
                    for (int c = 0; c < tk; c++) {
                        dp[r * tk + c] = p[pOff + r * tk + c] * (float) (dp[r * tk + c] - dot);
                    }
                }
                gemm.sgemmSerial(false, false, tq, d, tk, scale, dp, 0, tk, ka, i * tk * d, d, 0f, gq, i * tq * d, d);
                gemm.sgemmSerial(true, false, tk, d, tq, scale, dp, 0, tk, qa, i * tq * d, d, 0f, gk, i * tk * d, d);
            }
        });
        return new Tensor[] {
            q.requiresGrad() ? new Tensor(gq, q.shape()) : null,
            k.requiresGrad() ? new Tensor(gk, k.shape()) : null,
            v.requiresGrad() ? new Tensor(gv, v.shape()) : null,
        };
    }
}
