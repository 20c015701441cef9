package io.cambium.interop.onnx.runtime;

import java.util.function.LongBinaryOperator;

/** NumPy-broadcast arithmetic on {@link IntArray}s (shape computations; small arrays). */
final class IntMath {
    private IntMath() {
    }

    static int[] broadcastShape(int[] a, int[] b, OpCall call) {
        int r = Math.max(a.length, b.length);
        int[] out = new int[r];
        for (int i = 0; i < r; i++) {
            int da = i < r - a.length ? 1 : a[i - (r - a.length)];
            int db = i < r - b.length ? 1 : b[i - (r - b.length)];
            if (da != db && da != 1 && db != 1) {
                throw call.error("shapes " + OpCall.str(a) + " and " + OpCall.str(b) + " do not broadcast");
            }
            out[i] = da == 1 ? db : da;
        }
        return out;
    }

    /** The flat index into an operand of shape {@code s} for output position {@code idx} of shape {@code out}. */
    static int source(int[] idx, int[] out, int[] s) {
        int off = 0;
        int shift = out.length - s.length;
        for (int i = 0; i < s.length; i++) {
            int d = s[i];
            off = off * d + (d == 1 ? 0 : idx[i + shift]);
        }
        return off;
    }

    static IntArray binary(IntArray a, IntArray b, LongBinaryOperator op, OpCall call) {
        int[] out = broadcastShape(a.shape(), b.shape(), call);
        call.checkedShape(out, "result");
        int n = 1;
        for (int d : out) {
            n *= d;
        }
        long[] r = new long[n];
        int[] idx = new int[out.length];
        for (int k = 0; k < n; k++) {
            r[k] = op.applyAsLong(a.data()[source(idx, out, a.shape())], b.data()[source(idx, out, b.shape())]);
            for (int i = out.length - 1; i >= 0; i--) {
                if (++idx[i] < out[i]) {
                    break;
                }
                idx[i] = 0;
            }
        }
        return new IntArray(r, out);
    }

    /** Elementwise select with broadcasting: {@code cond != 0 ? a : b}. */
    static IntArray where(IntArray cond, IntArray a, IntArray b, OpCall call) {
        int[] out = broadcastShape(broadcastShape(cond.shape(), a.shape(), call), b.shape(), call);
        int n = 1;
        for (int d : out) {
            n *= d;
        }
        long[] r = new long[n];
        int[] idx = new int[out.length];
        for (int k = 0; k < n; k++) {
            boolean c = cond.data()[source(idx, out, cond.shape())] != 0;
            r[k] = c ? a.data()[source(idx, out, a.shape())] : b.data()[source(idx, out, b.shape())];
            for (int i = out.length - 1; i >= 0; i--) {
                if (++idx[i] < out[i]) {
                    break;
                }
                idx[i] = 0;
            }
        }
        return new IntArray(r, out);
    }
}
