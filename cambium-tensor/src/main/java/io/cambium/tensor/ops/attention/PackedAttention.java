package io.cambium.tensor.ops.attention;

import io.cambium.tensor.Parallel;
import io.cambium.tensor.Shape;
import io.cambium.tensor.Tensor;
import io.cambium.tensor.autograd.Autograd;
import io.cambium.tensor.kernels.Gemm;
import io.cambium.tensor.kernels.Kernels;
import io.cambium.tensor.kernels.RowKernels;
import io.cambium.tensor.kernels.SmallProduct;
import java.util.Arrays;

/**
 * Multi-head scaled dot-product self-attention read straight from a packed projection
 * {@code qkv [B, T, 3·D]}: each row holds the query, key and value of one position side by side,
 * each of them {@code heads} heads of {@code D / heads} columns. The output {@code [B, T, D]} has
 * the heads side by side, the layout an output projection consumes. Heads are addressed with
 * strides, so no split, permute or concatenation copies are made, and the gradient is one
 * {@code [B, T, 3·D]} tensor. With causal masking a query attends to keys at its position and
 * before, and the blocks above the diagonal are never computed. The products of a head run on
 * {@link SmallProduct} (its operands fit in cache, so a GEMM's packing would cost more than it
 * saves), with the keys (and, backward, the values) of the head transposed once.
 */
public final class PackedAttention {
    /** Rows (and key columns) per block; causal masking skips whole blocks above the diagonal. */
    static final int BLOCK = 32;
    /** Floating-point operations below which a task is not worth handing to another thread. */
    private static final long MIN_TASK_FLOPS = 1 << 17;
    private static final RowKernels ROWS = RowKernels.inUse();
    private static final SmallProduct SP = SmallProduct.inUse();

    private PackedAttention() {
    }

    /** Self-attention of {@code qkv [B, T, 3·D]} with {@code heads} heads; differentiable. */
    public static Tensor apply(Tensor qkv, int heads, boolean causal, float scale) {
        int[] s = qkv.shape();
        checkPacked("packed_attention", s, heads);
        int b = s[0];
        int t = s[1];
        int d3 = s[2];
        int d = d3 / 3;
        int hd = d / heads;
        int n = b * heads;
        float[] x = qkv.data();
        float[] p = new float[n * t * t];
        float[] out = new float[b * t * d];
        Parallel.range(n, grain(t, t, hd), (start, end) -> {
            float[] kt = new float[hd * t];
            for (int i = start; i < end; i++) {
                int qOff = (i / heads) * t * d3 + (i % heads) * hd;
                int oOff = (i / heads) * t * d + (i % heads) * hd;
                int pOff = i * t * t;
                // Kᵀ of the head once, so that S = Q·Kᵀ reads rows of both operands.
                transpose(x, qOff + d, d3, t, hd, kt);
                for (int r0 = 0; r0 < t; r0 += BLOCK) {
                    int r1 = Math.min(t, r0 + BLOCK);
                    int cols = causal ? r1 : t;
                    SP.product(r1 - r0, cols, hd, scale, x, qOff + r0 * d3, d3, 1, kt, 0, t, p, pOff + r0 * t, t);
                    for (int r = r0; r < r1; r++) {
                        int len = causal ? r + 1 : t;
                        ROWS.softmaxInPlace(p, pOff + r * t, len);
                        Arrays.fill(p, pOff + r * t + len, pOff + r * t + cols, 0f);
                    }
                    SP.product(r1 - r0, hd, cols, 1f, p, pOff + r0 * t, t, 1, x, qOff + 2 * d, d3, out, oOff + r0 * d, d);
                }
            }
        });
        Tensor result = Tensor.wrapOwned(out, b, t, d);
        return Autograd.record(result, "packed_attention",
                g -> new Tensor[] {backward(g, qkv, heads, causal, scale, p)}, qkv);
    }

    private static Tensor backward(Tensor gOut, Tensor qkv, int heads, boolean causal, float scale, float[] p) {
        int b = qkv.dim(0);
        int t = qkv.dim(1);
        int d3 = qkv.dim(2);
        int d = d3 / 3;
        int hd = d / heads;
        int n = b * heads;
        float[] x = qkv.data();
        float[] go = gOut.data();
        float[] gx = new float[x.length];
        Parallel.range(n, grain(t, t, 2 * hd), (start, end) -> {
            float[] ds = new float[t * t];
            float[] vt = new float[hd * t];
            for (int i = start; i < end; i++) {
                int qOff = (i / heads) * t * d3 + (i % heads) * hd;
                int oOff = (i / heads) * t * d + (i % heads) * hd;
                int pOff = i * t * t;
                transpose(x, qOff + 2 * d, d3, t, hd, vt);
                // By row blocks: dP = dO·Vᵀ, dS = P ∘ (dP − Σ dP·P) (zero where masked), dQ = scale·dS·K.
                for (int r0 = 0; r0 < t; r0 += BLOCK) {
                    int r1 = Math.min(t, r0 + BLOCK);
                    int cols = causal ? r1 : t;
                    SP.product(r1 - r0, cols, hd, 1f, go, oOff + r0 * d, d, 1, vt, 0, t, ds, r0 * t, t);
                    for (int r = r0; r < r1; r++) {
                        int len = causal ? r + 1 : t;
                        ROWS.softmaxBackwardInPlace(p, pOff + r * t, ds, r * t, len);
                        Arrays.fill(ds, r * t + len, r * t + cols, 0f);
                    }
                    SP.product(r1 - r0, hd, cols, scale, ds, r0 * t, t, 1, x, qOff + d, d3, gx, qOff + r0 * d3, d3);
                }
                // By key blocks, over the rows that see them: dV = Pᵀ·dO, dK = scale·dSᵀ·Q.
                for (int c0 = 0; c0 < t; c0 += BLOCK) {
                    int c1 = Math.min(t, c0 + BLOCK);
                    int from = causal ? c0 : 0;
                    SP.product(c1 - c0, hd, t - from, 1f, p, pOff + from * t + c0, 1, t, go, oOff + from * d, d,
                            gx, qOff + 2 * d + c0 * d3, d3);
                    SP.product(c1 - c0, hd, t - from, scale, ds, from * t + c0, 1, t, x, qOff + from * d3, d3,
                            gx, qOff + d + c0 * d3, d3);
                }
            }
        });
        return Tensor.wrapOwned(gx, b, t, d3);
    }

    /**
     * Incremental (cached) causal self-attention for decoding: writes the keys and values of the
     * {@code T} rows of {@code qkv [B, T, 3·D]} at positions {@code start..start+T-1} of
     * {@code keys} and {@code values} {@code [B, context, D]} (updated in place), then lets the
     * query at position {@code start + r} attend to positions {@code 0..start+r}. Returns
     * {@code [B, T, D]}; not recorded for autograd (the caches are overwritten).
     */
    public static Tensor cached(Tensor qkv, int heads, float scale, Tensor keys, Tensor values, int start) {
        int[] s = qkv.shape();
        checkPacked("packed_attention (cached)", s, heads);
        int b = s[0];
        int t = s[1];
        int d3 = s[2];
        int d = d3 / 3;
        int[] ks = keys.shape();
        if (ks.length != 3 || ks[0] != b || ks[2] != d || !Arrays.equals(ks, values.shape())) {
            throw new IllegalArgumentException("packed_attention (cached): keys and values must be [" + b
                    + ", context, " + d + "], got " + Shape.str(ks) + " and " + Shape.str(values.shape()));
        }
        int ctx = ks[1];
        if (start < 0 || start + t > ctx) {
            throw new IllegalArgumentException("packed_attention (cached): positions " + start + ".." + (start + t - 1)
                    + " are outside the cache of " + ctx);
        }
        int hd = d / heads;
        int n = b * heads;
        int tk = start + t;
        float[] x = qkv.data();
        float[] kc = keys.data();
        float[] vc = values.data();
        for (int bi = 0; bi < b; bi++) {
            for (int r = 0; r < t; r++) {
                int src = (bi * t + r) * d3;
                int dst = (bi * ctx + start + r) * d;
                System.arraycopy(x, src + d, kc, dst, d);
                System.arraycopy(x, src + 2 * d, vc, dst, d);
            }
        }
        float[] out = new float[b * t * d];
        Gemm gemm = Kernels.gemm();
        Parallel.range(n, grain(t, tk, hd), (lo, hi) -> {
            float[] p = new float[Math.min(t, BLOCK) * tk];
            for (int i = lo; i < hi; i++) {
                int qOff = (i / heads) * t * d3 + (i % heads) * hd;
                int cOff = (i / heads) * ctx * d + (i % heads) * hd;
                int oOff = (i / heads) * t * d + (i % heads) * hd;
                for (int r0 = 0; r0 < t; r0 += BLOCK) {
                    int r1 = Math.min(t, r0 + BLOCK);
                    int cols = start + r1;
                    gemm.sgemmSerial(false, true, r1 - r0, cols, hd, scale, x, qOff + r0 * d3, d3, kc, cOff, d,
                            0f, p, 0, tk);
                    for (int r = r0; r < r1; r++) {
                        int len = start + r + 1;
                        ROWS.softmaxInPlace(p, (r - r0) * tk, len);
                        Arrays.fill(p, (r - r0) * tk + len, (r - r0) * tk + cols, 0f);
                    }
                    gemm.sgemmSerial(false, false, r1 - r0, hd, cols, 1f, p, 0, tk, vc, cOff, d,
                            0f, out, oOff + r0 * d, d);
                }
            }
        });
        return Tensor.wrapOwned(out, b, t, d);
    }

    /** dst[c·rows + r] = src[off + r·ld + c] for r < rows, c < cols: a rows × cols block, transposed. */
    private static void transpose(float[] src, int off, int ld, int rows, int cols, float[] dst) {
        for (int c = 0; c < cols; c++) {
            int o = c * rows;
            for (int r = 0, s = off + c; r < rows; r++, s += ld) {
                dst[o + r] = src[s];
            }
        }
    }

    /** Heads per parallel chunk, so that a chunk does at least {@link #MIN_TASK_FLOPS}. */
    private static int grain(int queries, int keys, int headDim) {
        long perHead = 4L * queries * keys * headDim;
        return (int) Math.min(Integer.MAX_VALUE, Math.max(1, MIN_TASK_FLOPS / Math.max(1, perHead)));
    }

    private static void checkPacked(String op, int[] s, int heads) {
        if (s.length != 3 || s[2] % 3 != 0 || heads <= 0 || (s[2] / 3) % heads != 0) {
            throw new IllegalArgumentException(op + ": expected qkv [B, T, 3·D] with D divisible by heads " + heads
                    + ", got " + Shape.str(s));
        }
    }
}
