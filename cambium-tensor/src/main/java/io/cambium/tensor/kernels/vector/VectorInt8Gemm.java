package io.cambium.tensor.kernels.vector;

import io.cambium.tensor.kernels.Int8Gemm;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.ShortVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link Int8Gemm} on the Vector API. The API has no pair-wise multiply-add, so each vector of
 * packed weight pairs is multiplied by the broadcast activation pair in 16-bit lanes (exact:
 * |255 · 127| < 2^15), and the two products of each 32-bit lane are separated by shifts and added
 * to int32 accumulators ({@code vpmullw}, {@code vpslld}, two {@code vpsrad}, two {@code vpaddd}).
 * Four rows share each weight load.
 */
public final class VectorInt8Gemm extends Int8Gemm {
    private static final VectorSpecies<Short> S = ShortVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Integer> I = IntVector.SPECIES_PREFERRED;
    private static final int LANES = I.length();

    @Override
    public String name() {
        return "vector(" + S.vectorBitSize() + "-bit)";
    }

    @Override
    protected void rows(int from, int to, int n, int kPairs, short[] a, int lda, short[] b, int[] c) {
        int nv = n / LANES * LANES;
        int i = from;
        for (; i + 4 <= to; i += 4) {
            for (int j = 0; j < nv; j += LANES) {
                block4(i, j, n, kPairs, a, lda, b, c);
            }
            for (int r = i; r < i + 4; r++) {
                tail(r, nv, n, kPairs, a, lda, b, c);
            }
        }
        for (; i < to; i++) {
            for (int j = 0; j < nv; j += LANES) {
                block1(i, j, n, kPairs, a, lda, b, c);
            }
            tail(i, nv, n, kPairs, a, lda, b, c);
        }
    }

    private static IntVector pairSum(ShortVector w, int pair) {
        IntVector p = w.mul(IntVector.broadcast(I, pair).reinterpretAsShorts()).reinterpretAsInts();
        return p.lanewise(VectorOperators.LSHL, 16).lanewise(VectorOperators.ASHR, 16)
                .add(p.lanewise(VectorOperators.ASHR, 16));
    }

    private static int pair(short[] a, int at) {
        return (a[at] & 0xFFFF) | (a[at + 1] << 16);
    }

    private static void block4(int i, int j, int n, int kPairs, short[] a, int lda, short[] b, int[] c) {
        IntVector c0 = IntVector.zero(I);
        IntVector c1 = IntVector.zero(I);
        IntVector c2 = IntVector.zero(I);
        IntVector c3 = IntVector.zero(I);
        int a0 = i * lda;
        for (int p = 0; p < kPairs; p++) {
            ShortVector w = ShortVector.fromArray(S, b, (p * n + j) * 2);
            c0 = c0.add(pairSum(w, pair(a, a0 + 2 * p)));
            c1 = c1.add(pairSum(w, pair(a, a0 + lda + 2 * p)));
            c2 = c2.add(pairSum(w, pair(a, a0 + 2 * lda + 2 * p)));
            c3 = c3.add(pairSum(w, pair(a, a0 + 3 * lda + 2 * p)));
        }
        c0.intoArray(c, i * n + j);
        c1.intoArray(c, (i + 1) * n + j);
        c2.intoArray(c, (i + 2) * n + j);
        c3.intoArray(c, (i + 3) * n + j);
    }

    private static void block1(int i, int j, int n, int kPairs, short[] a, int lda, short[] b, int[] c) {
        IntVector c0 = IntVector.zero(I);
        int a0 = i * lda;
        for (int p = 0; p < kPairs; p++) {
            c0 = c0.add(pairSum(ShortVector.fromArray(S, b, (p * n + j) * 2), pair(a, a0 + 2 * p)));
        }
        c0.intoArray(c, i * n + j);
    }

    private static void tail(int i, int from, int n, int kPairs, short[] a, int lda, short[] b, int[] c) {
        int ao = i * lda;
        for (int j = from; j < n; j++) {
            int s = 0;
            for (int p = 0; p < kPairs; p++) {
                int o = (p * n + j) * 2;
                s += a[ao + 2 * p] * b[o] + a[ao + 2 * p + 1] * b[o + 1];
            }
            c[i * n + j] = s;
        }
    }
}
