package io.cambium.tensor.kernels;

import io.cambium.tensor.Parallel;

/**
 * Integer matrix products for int8 inference: {@code c[i][j] = Σ_k a[i][k] · b[j][k]}, exact in
 * int32. Operands hold 8-bit values widened to 16 bits (activations in [-255, 255], weights in
 * [-127, 127]); the weights are packed once by {@link #pack} into pairs of the reduction axis,
 * {@code [k/2][n][2]}, the layout of x86's pair-wise multiply-add ({@code vpmaddwd}, and
 * {@code vpdpwssd} with AVX-512 VNNI).
 *
 * <p>Two implementations give bitwise the same results: a Vector API one
 * ({@code kernels.vector.VectorInt8Gemm}), used when the Vector API is enabled (and
 * {@code cambium.int8} is not {@code plain}), and a plain-Java one that C2 vectorizes (see
 * docs/decisions/int8-kernels.md for what the JIT emits for each formulation).
 */
public abstract class Int8Gemm {
    private static final String VECTOR = "io.cambium.tensor.kernels.vector.VectorInt8Gemm";
    private static volatile Int8Gemm inUse = choose();
    /** Rows of the output per parallel chunk. */
    protected static final int ROW_GRAIN = 16;
    /** The largest reduction length: 65,536 products of 255 · 127 stay below 2^31. */
    public static final int MAX_K = 65_536;

    /** The implementation in use. */
    public static Int8Gemm inUse() {
        return inUse;
    }

    /** Replaces the implementation in use (for tests and benchmarks). */
    public static void use(Int8Gemm g) {
        inUse = g;
    }

    /** The plain-Java implementation. */
    public static Int8Gemm plain() {
        return Plain.INSTANCE;
    }

    /** The Vector API implementation, or null when the Vector API is not available or disabled. */
    public static Int8Gemm vector() {
        return Kernels.loadVector(Int8Gemm.class, VECTOR, "int8 kernels", "plain-Java int8 kernels");
    }

    private static Int8Gemm choose() {
        if (!"plain".equalsIgnoreCase(System.getProperty("cambium.int8", ""))) {
            Int8Gemm v = vector();
            if (v != null) {
                return v;
            }
        }
        return Plain.INSTANCE;
    }

    /** A short name for logs. */
    public abstract String name();

    /**
     * Packs a weight matrix {@code w [n][k]} (row j = output j, values in [-127, 127]) into the
     * pair layout {@code [ceil(k/2)][n][2]}; an odd k is padded with a zero.
     */
    public static short[] pack(byte[] w, int n, int k) {
        int kp = (k + 1) / 2;
        short[] out = new short[kp * n * 2];
        for (int j = 0; j < n; j++) {
            for (int p = 0; p < k; p++) {
                out[((p >> 1) * n + j) * 2 + (p & 1)] = w[j * k + p];
            }
        }
        return out;
    }

    /**
     * {@code c[i*n + j] = Σ_p a[i*lda + p] · b[j][p]} for {@code i < m}, {@code j < n} and
     * {@code p < 2*kPairs}, with {@code b} packed by {@link #pack}; {@code a} rows hold 2·kPairs values
     * (an odd k padded with a zero). Overwrites {@code c}. Parallel over rows; the result does not
     * depend on the thread count.
     */
    public final void gemm(int m, int n, int kPairs, short[] a, int lda, short[] b, int[] c) {
        if (2L * kPairs > MAX_K) {
            throw new IllegalArgumentException("int8 gemm: reduction length " + 2L * kPairs + " exceeds " + MAX_K);
        }
        if (lda < 2 * kPairs || (long) (m - 1) * lda + 2 * kPairs > a.length && m > 0
                || b.length < 2 * kPairs * n || c.length < (long) m * n) {
            throw new IllegalArgumentException("int8 gemm: arrays too small for m=" + m + ", n=" + n + ", k="
                    + 2 * kPairs + " (a " + a.length + ", lda " + lda + ", b " + b.length + ", c " + c.length + ")");
        }
        Parallel.range(m, ROW_GRAIN, (s, e) -> rows(s, e, n, kPairs, a, lda, b, c));
    }

    /** Computes output rows [from, to). */
    protected abstract void rows(int from, int to, int n, int kPairs, short[] a, int lda, short[] b, int[] c);

    /**
     * The plain-Java products, the fallback without the Vector API: per call the pair-packed weights
     * are split into even-k and odd-k int matrices ({@code [k/2][n]} each) and each row of outputs is
     * updated as {@code acc[j] += a0·even[j] + a1·odd[j]}, skipping pairs of zero activations (ReLU
     * outputs). C2 runs this loop scalar on JDK 17 and 25 (it vectorizes neither the short-to-int
     * widening on 17 nor int loops whose store may alias their loads); the one int8 form C2 turns into
     * {@code vpdpwssd} needs the activation pair repeated along an array for every row and pair, which
     * measured slower still (docs/decisions/int8-kernels.md).
     */
    private static final class Plain extends Int8Gemm {
        static final Plain INSTANCE = new Plain();

        @Override
        public String name() {
            return "plain";
        }

        @Override
        protected void rows(int from, int to, int n, int kPairs, short[] a, int lda, short[] b, int[] c) {
            int[] even = new int[kPairs * n];
            int[] odd = new int[kPairs * n];
            for (int p = 0; p < kPairs; p++) {
                for (int j = 0; j < n; j++) {
                    even[p * n + j] = b[(p * n + j) * 2];
                    odd[p * n + j] = b[(p * n + j) * 2 + 1];
                }
            }
            int[] acc = new int[n];
            for (int i = from; i < to; i++) {
                java.util.Arrays.fill(acc, 0);
                int ao = i * lda;
                for (int p = 0; p < kPairs; p++) {
                    int a0 = a[ao + 2 * p];
                    int a1 = a[ao + 2 * p + 1];
                    if ((a0 | a1) == 0) {
                        continue;
                    }
                    madd(acc, a0, a1, even, odd, p * n, n);
                }
                System.arraycopy(acc, 0, c, i * n, n);
            }
        }

        private static void madd(int[] acc, int a0, int a1, int[] even, int[] odd, int o, int n) {
            for (int j = 0; j < n; j++) {
                acc[j] += a0 * even[o + j] + a1 * odd[o + j];
            }
        }
    }
}
