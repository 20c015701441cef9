package io.cambium.tensor.ops;

import io.cambium.tensor.Parallel;
import io.cambium.tensor.Shape;
import io.cambium.tensor.Tensor;
import io.cambium.tensor.autograd.Autograd;
import io.cambium.tensor.kernels.Gemm;
import io.cambium.tensor.kernels.Kernels;

/** Matrix multiplication with batch broadcasting and transpose flags, and its gradient. */
public final class LinAlg {
    private LinAlg() {
    }

    /**
     * op(a) @ op(b), where op swaps the last two axes when its flag is set. Leading (batch) axes
     * broadcast. A 1-D operand is promoted as in NumPy (a row vector on the left, a column on the
     * right) and the promoted axis is removed from the result.
     */
    public static Tensor matmul(Tensor a, Tensor b, boolean transA, boolean transB) {
        if (a.rank() == 0 || b.rank() == 0) {
            throw new IllegalArgumentException("matmul: operands must have at least 1 axis, got "
                    + Shape.str(a.shape()) + " and " + Shape.str(b.shape()));
        }
        if (a.rank() == 1) {
            Tensor r = matmul(a.reshape(1, a.dim(0)), b, false, transB);
            int[] s = r.shape();
            int[] t = new int[s.length - 1];
            System.arraycopy(s, 0, t, 0, s.length - 2);
            t[t.length - 1] = s[s.length - 1];
            return r.reshape(t);
        }
        if (b.rank() == 1) {
            Tensor r = matmul(a, b.reshape(b.dim(0), 1), transA, false);
            int[] s = r.shape();
            return r.reshape(java.util.Arrays.copyOf(s, s.length - 1));
        }
        int[] as = a.shape();
        int[] bs = b.shape();
        int m = transA ? as[as.length - 1] : as[as.length - 2];
        int ka = transA ? as[as.length - 2] : as[as.length - 1];
        int kb = transB ? bs[bs.length - 1] : bs[bs.length - 2];
        int n = transB ? bs[bs.length - 2] : bs[bs.length - 1];
        if (ka != kb) {
            throw new IllegalArgumentException("matmul: inner dimensions differ: " + Shape.str(as)
                    + (transA ? "^T" : "") + " @ " + Shape.str(bs) + (transB ? "^T" : "") + " (" + ka + " vs " + kb + ")");
        }
        int[] aBatch = java.util.Arrays.copyOf(as, as.length - 2);
        int[] bBatch = java.util.Arrays.copyOf(bs, bs.length - 2);
        int[] batch = Shape.broadcast("matmul", aBatch, bBatch);
        int batches = Shape.numel(batch);
        int[] os = java.util.Arrays.copyOf(batch, batch.length + 2);
        os[batch.length] = m;
        os[batch.length + 1] = n;
        float[] out = new float[Shape.numel(os)];
        int[] aStr = Elementwise.broadcastStrides(aBatch, batch);
        int[] bStr = Elementwise.broadcastStrides(bBatch, batch);
        int aMat = as[as.length - 2] * as[as.length - 1];
        int bMat = bs[bs.length - 2] * bs[bs.length - 1];
        int lda = as[as.length - 1];
        int ldb = bs[bs.length - 1];
        float[] ad = a.data();
        float[] bd = b.data();
        Gemm gemm = Kernels.gemm();
        int k = ka;
        if (batches == 1) {
            gemm.sgemm(transA, transB, m, n, k, 1f, ad, 0, lda, bd, 0, ldb, 0f, out, 0, n);
        } else {
            int[] bIndexA = new int[batches];
            int[] bIndexB = new int[batches];
            int[] idx = new int[batch.length];
            for (int t = 0; t < batches; t++) {
                int oa = 0;
                int ob = 0;
                for (int d = 0; d < batch.length; d++) {
                    oa += idx[d] * aStr[d];
                    ob += idx[d] * bStr[d];
                }
                bIndexA[t] = oa;
                bIndexB[t] = ob;
                for (int d = batch.length - 1; d >= 0; d--) {
                    if (++idx[d] < batch[d]) {
                        break;
                    }
                    idx[d] = 0;
                }
            }
            long per = (long) m * n * k;
            if (per >= 1L << 21 || batches < Parallel.threads()) {
                for (int t = 0; t < batches; t++) {
                    gemm.sgemm(transA, transB, m, n, k, 1f, ad, bIndexA[t] * aMat, lda, bd, bIndexB[t] * bMat, ldb,
                            0f, out, t * m * n, n);
                }
            } else {
                Parallel.range(batches, 1, (s, e) -> {
                    for (int t = s; t < e; t++) {
                        gemm.sgemmSerial(transA, transB, m, n, k, 1f, ad, bIndexA[t] * aMat, lda, bd,
                                bIndexB[t] * bMat, ldb, 0f, out, t * m * n, n);
                    }
                });
            }
        }
        Tensor result = Tensor.wrapOwned(out, os);
        return Autograd.recordDifferentiable(result, "matmul", g -> {
            Tensor ga = null;
            Tensor gb = null;
            if (Autograd.wants(a)) {
                ga = transA ? matmul(b, g, transB, true) : matmul(g, b, false, !transB);
                ga = ga.sumTo(as);
            }
            if (Autograd.wants(b)) {
                gb = transB ? matmul(g, a, true, transA) : matmul(a, g, !transA, false);
                gb = gb.sumTo(bs);
            }
            return new Tensor[] {ga, gb};
        }, a, b);
    }
}
