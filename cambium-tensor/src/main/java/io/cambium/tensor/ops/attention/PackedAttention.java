package io.cambium.tensor.ops.attention;

import io.cambium.tensor.ArrayPool;
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
 * {@code qkv [B, T, (H + 2·G)·hd]}: each row holds the queries of {@code H} heads, then the keys
 * of {@code G} key/value heads, then their values, each head {@code hd} columns wide. With
 * {@code G = H} this is multi-head attention ({@code [B, T, 3·D]}); with {@code G < H} it is
 * grouped-query attention: query head {@code h} reads key/value head {@code h / (H / G)} (as
 * Hugging Face's {@code repeat_kv}); {@code G = 1} is multi-query attention. The output
 * {@code [B, T, H·hd]} has the heads side by side, the layout an output projection consumes.
 * Heads are addressed with strides, so no split, permute or concatenation copies are made, and
 * the gradient is one tensor of the input's shape. With causal masking a query attends to keys at
 * its position and before, and the blocks above the diagonal are never computed. The products of
 * a head run on {@link SmallProduct} (its operands fit in cache, so a GEMM's packing would cost
 * more than it saves), with the keys (and, backward, the values) of a key/value head transposed
 * once for all the query heads that read them.
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

    /** Multi-head self-attention of {@code qkv [B, T, 3·D]} with {@code heads} heads; differentiable. */
    public static Tensor apply(Tensor qkv, int heads, boolean causal, float scale) {
        return apply(qkv, heads, heads, causal, scale);
    }

    /**
     * Self-attention of {@code qkv [B, T, (heads + 2·kvHeads)·hd]} with {@code heads} query heads
     * sharing {@code kvHeads} key/value heads (grouped-query attention); differentiable.
     *
     * @throws IllegalArgumentException when the shape does not fit the heads, naming both
     */
    public static Tensor apply(Tensor qkv, int heads, int kvHeads, boolean causal, float scale) {
        Layout l = Layout.of("packed_attention", qkv.shape(), heads, kvHeads);
        int b = l.batch;
        int t = l.time;
        int w = l.width;
        int hd = l.headDim;
        int dq = l.queryWidth();
        int rep = heads / kvHeads;
        float[] x = qkv.data();
        // Every element of both is written, except the probabilities' blocks above the diagonal
        // under causal masking, which nothing reads.
        float[] p = ArrayPool.take(b * heads * t * t);
        float[] out = ArrayPool.take(b * t * dq);
        // One unit of work is a key/value head of one sequence with the query heads that read it.
        Parallel.range(b * kvHeads, grain(t, t, hd * rep), (start, end) -> {
            float[] kt = new float[hd * t];
            for (int u = start; u < end; u++) {
                int bi = u / kvHeads;
                int g = u % kvHeads;
                // Kᵀ of the head once, so that S = Q·Kᵀ reads rows of both operands.
                transpose(x, l.keyOffset(bi, g), w, t, hd, kt);
                int vOff = l.valueOffset(bi, g);
                for (int h = g * rep; h < (g + 1) * rep; h++) {
                    int qOff = bi * t * w + h * hd;
                    int oOff = bi * t * dq + h * hd;
                    int pOff = (bi * heads + h) * t * t;
                    for (int r0 = 0; r0 < t; r0 += BLOCK) {
                        int r1 = Math.min(t, r0 + BLOCK);
                        int cols = causal ? r1 : t;
                        SP.product(r1 - r0, cols, hd, scale, x, qOff + r0 * w, w, 1, kt, 0, t, p, pOff + r0 * t, t);
                        for (int r = r0; r < r1; r++) {
                            int len = causal ? r + 1 : t;
                            ROWS.softmaxInPlace(p, pOff + r * t, len);
                            Arrays.fill(p, pOff + r * t + len, pOff + r * t + cols, 0f);
                        }
                        SP.product(r1 - r0, hd, cols, 1f, p, pOff + r0 * t, t, 1, x, vOff, w, out, oOff + r0 * dq, dq);
                    }
                }
            }
        });
        Tensor result = Tensor.wrapOwned(out, b, t, dq);
        Autograd.record(result, "packed_attention", g -> new Tensor[] {backward(g, qkv, l, causal, scale, p)}, qkv);
        return Autograd.recycleOnRelease(result, p);
    }

    private static Tensor backward(Tensor gOut, Tensor qkv, Layout l, boolean causal, float scale, float[] p) {
        int b = l.batch;
        int t = l.time;
        int w = l.width;
        int hd = l.headDim;
        int heads = l.heads;
        int kvHeads = l.kvHeads;
        int rep = heads / kvHeads;
        int dq = l.queryWidth();
        float[] x = qkv.data();
        float[] go = gOut.data();
        float[] gx = ArrayPool.take(x.length);
        Parallel.range(b * kvHeads, grain(t, t, 2 * hd * rep), (start, end) -> {
            float[] ds = new float[t * t];
            float[] vt = new float[hd * t];
            // With several query heads per key/value head their dK and dV are summed: each head's
            // block goes to a scratch block first, then is added (one head writes directly).
            float[] part = rep > 1 ? new float[BLOCK * hd] : null;
            for (int u = start; u < end; u++) {
                int bi = u / kvHeads;
                int g = u % kvHeads;
                int kOff = l.keyOffset(bi, g);
                int vOff = l.valueOffset(bi, g);
                transpose(x, vOff, w, t, hd, vt);
                for (int h = g * rep; h < (g + 1) * rep; h++) {
                    int qOff = bi * t * w + h * hd;
                    int oOff = bi * t * dq + h * hd;
                    int pOff = (bi * heads + h) * t * t;
                    boolean first = h == g * rep;
                    // By row blocks: dP = dO·Vᵀ, dS = P ∘ (dP − Σ dP·P) (zero where masked), dQ = scale·dS·K.
                    for (int r0 = 0; r0 < t; r0 += BLOCK) {
                        int r1 = Math.min(t, r0 + BLOCK);
                        int cols = causal ? r1 : t;
                        SP.product(r1 - r0, cols, hd, 1f, go, oOff + r0 * dq, dq, 1, vt, 0, t, ds, r0 * t, t);
                        for (int r = r0; r < r1; r++) {
                            int len = causal ? r + 1 : t;
                            ROWS.softmaxBackwardInPlace(p, pOff + r * t, ds, r * t, len);
                            Arrays.fill(ds, r * t + len, r * t + cols, 0f);
                        }
                        SP.product(r1 - r0, hd, cols, scale, ds, r0 * t, t, 1, x, kOff, w, gx, qOff + r0 * w, w);
                    }
                    // By key blocks, over the rows that see them: dV = Pᵀ·dO, dK = scale·dSᵀ·Q.
                    for (int c0 = 0; c0 < t; c0 += BLOCK) {
                        int c1 = Math.min(t, c0 + BLOCK);
                        int from = causal ? c0 : 0;
                        int rows = c1 - c0;
                        if (first) {
                            SP.product(rows, hd, t - from, 1f, p, pOff + from * t + c0, 1, t, go, oOff + from * dq, dq,
                                    gx, vOff + c0 * w, w);
                            SP.product(rows, hd, t - from, scale, ds, from * t + c0, 1, t, x, qOff + from * w, w,
                                    gx, kOff + c0 * w, w);
                        } else {
                            SP.product(rows, hd, t - from, 1f, p, pOff + from * t + c0, 1, t, go, oOff + from * dq, dq,
                                    part, 0, hd);
                            addBlock(part, rows, hd, gx, vOff + c0 * w, w);
                            SP.product(rows, hd, t - from, scale, ds, from * t + c0, 1, t, x, qOff + from * w, w,
                                    part, 0, hd);
                            addBlock(part, rows, hd, gx, kOff + c0 * w, w);
                        }
                    }
                }
            }
        });
        return Tensor.wrapOwned(gx, qkv.shape());
    }

    private static void addBlock(float[] src, int rows, int cols, float[] dst, int off, int ld) {
        for (int r = 0; r < rows; r++) {
            int s = r * cols;
            int d = off + r * ld;
            for (int c = 0; c < cols; c++) {
                dst[d + c] += src[s + c];
            }
        }
    }

    /**
     * Incremental (cached) causal multi-head self-attention for decoding; see
     * {@link #cached(Tensor, int, int, float, Tensor, Tensor, int)} with {@code kvHeads = heads}.
     */
    public static Tensor cached(Tensor qkv, int heads, float scale, Tensor keys, Tensor values, int start) {
        return cached(qkv, heads, heads, scale, keys, values, start);
    }

    /**
     * Incremental (cached) causal self-attention for decoding: writes the keys and values of the
     * {@code T} rows of {@code qkv [B, T, (heads + 2·kvHeads)·hd]} at positions
     * {@code start..start+T-1} of {@code keys} {@code [B, kvHeads·hd, context]} (stored transposed:
     * position {@code p} of key channel {@code c} at {@code [b, c, p]}) and {@code values}
     * {@code [B, context, kvHeads·hd]} (both updated in place), then lets the query at position
     * {@code start + r} attend to positions {@code 0..start+r}. Returns {@code [B, T, heads·hd]};
     * not recorded for autograd (the caches are overwritten).
     */
    public static Tensor cached(Tensor qkv, int heads, int kvHeads, float scale, Tensor keys, Tensor values,
            int start) {
        Layout l = Layout.of("packed_attention (cached)", qkv.shape(), heads, kvHeads);
        int b = l.batch;
        int t = l.time;
        int w = l.width;
        int hd = l.headDim;
        int dq = l.queryWidth();
        int dkv = kvHeads * hd;
        int rep = heads / kvHeads;
        int[] ks = keys.shape();
        int[] vs = values.shape();
        if (vs.length != 3 || vs[0] != b || vs[2] != dkv || !Arrays.equals(ks, new int[] {b, dkv, vs[1]})) {
            throw new IllegalArgumentException("packed_attention (cached): keys must be [" + b + ", " + dkv
                    + ", context] and values [" + b + ", context, " + dkv + "], got " + Shape.str(ks) + " and "
                    + Shape.str(vs));
        }
        int ctx = vs[1];
        if (start < 0 || start + t > ctx) {
            throw new IllegalArgumentException("packed_attention (cached): positions " + start + ".." + (start + t - 1)
                    + " are outside the cache of " + ctx);
        }
        int tk = start + t;
        float[] x = qkv.data();
        float[] kc = keys.data();
        float[] vc = values.data();
        for (int bi = 0; bi < b; bi++) {
            for (int r = 0; r < t; r++) {
                int src = (bi * t + r) * w;
                int dst = (bi * ctx + start + r) * dkv;
                for (int c = 0, kd = bi * dkv * ctx + start + r; c < dkv; c++, kd += ctx) {
                    kc[kd] = x[src + dq + c];
                }
                System.arraycopy(x, src + dq + dkv, vc, dst, dkv);
            }
        }
        float[] out = new float[b * t * dq];
        Gemm gemm = Kernels.gemm();
        Parallel.range(b * heads, grain(t, tk, hd), (lo, hi) -> {
            float[] p = new float[Math.min(t, BLOCK) * tk];
            for (int i = lo; i < hi; i++) {
                int bi = i / heads;
                int h = i % heads;
                int qOff = bi * t * w + h * hd;
                int kOff = (bi * dkv + (h / rep) * hd) * ctx;
                int cOff = bi * ctx * dkv + (h / rep) * hd;
                int oOff = bi * t * dq + h * hd;
                for (int r0 = 0; r0 < t; r0 += BLOCK) {
                    int r1 = Math.min(t, r0 + BLOCK);
                    int cols = start + r1;
                    // Keys stored transposed make this a plain product whose B rows are read in
                    // place: a decoding step's single query row then needs no packing of the keys.
                    gemm.sgemmSerial(false, false, r1 - r0, cols, hd, scale, x, qOff + r0 * w, w, kc, kOff, ctx,
                            0f, p, 0, tk);
                    for (int r = r0; r < r1; r++) {
                        int len = start + r + 1;
                        ROWS.softmaxInPlace(p, (r - r0) * tk, len);
                        Arrays.fill(p, (r - r0) * tk + len, (r - r0) * tk + cols, 0f);
                    }
                    gemm.sgemmSerial(false, false, r1 - r0, hd, cols, 1f, p, 0, tk, vc, cOff, dkv,
                            0f, out, oOff + r0 * dq, dq);
                }
            }
        });
        return Tensor.wrapOwned(out, b, t, dq);
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

    /** Units per parallel chunk, so that a chunk does at least {@link #MIN_TASK_FLOPS}. */
    private static int grain(int queries, int keys, int headDim) {
        long perHead = 4L * queries * keys * headDim;
        return (int) Math.min(Integer.MAX_VALUE, Math.max(1, MIN_TASK_FLOPS / Math.max(1, perHead)));
    }

    /** The geometry of a packed projection: batch, time, row width, heads and head width. */
    static final class Layout {
        final int batch;
        final int time;
        final int width;
        final int heads;
        final int kvHeads;
        final int headDim;

        private Layout(int batch, int time, int width, int heads, int kvHeads, int headDim) {
            this.batch = batch;
            this.time = time;
            this.width = width;
            this.heads = heads;
            this.kvHeads = kvHeads;
            this.headDim = headDim;
        }

        static Layout of(String op, int[] s, int heads, int kvHeads) {
            if (heads <= 0 || kvHeads <= 0 || heads % kvHeads != 0) {
                throw new IllegalArgumentException(op + ": heads " + heads + " must be a positive multiple of kv_heads "
                        + kvHeads);
            }
            int columns = heads + 2 * kvHeads;
            if (s.length != 3 || s[2] == 0 || s[2] % columns != 0) {
                String expected = heads == kvHeads ? "3·D with D divisible by heads " + heads
                        : "(heads " + heads + " + 2 · kv_heads " + kvHeads + ") · head_dim";
                throw new IllegalArgumentException(op + ": expected qkv [B, T, " + expected + "], got " + Shape.str(s));
            }
            return new Layout(s[0], s[1], s[2], heads, kvHeads, s[2] / columns);
        }

        int queryWidth() {
            return heads * headDim;
        }

        int keyOffset(int b, int g) {
            return b * time * width + (heads + g) * headDim;
        }

        int valueOffset(int b, int g) {
            return b * time * width + (heads + kvHeads + g) * headDim;
        }
    }
}
