package io.cambium.tensor.kernels;

import io.cambium.tensor.Parallel;

/**
 * Broadcasting elementwise binary kernels. The operation is chosen outside the inner loop so that
 * each loop is monomorphic and the JIT can vectorize it.
 */
public final class BinaryKernels {
    /** Below this many elements a kernel runs on the calling thread. */
    public static final int PARALLEL_GRAIN = 1 << 15;

    private BinaryKernels() {
    }

    /**
     * out = a op b where a and b already have the output's shape after broadcasting: {@code aStrides}
     * and {@code bStrides} are the element strides of each operand per output axis (0 on a
     * broadcast axis).
     */
    public static void broadcast(BinaryOp op, float[] a, int[] aStrides, float[] b, int[] bStrides,
                                 float[] out, int[] outShape) {
        int rank = outShape.length;
        if (rank == 0) {
            row(op, a, 0, 0, b, 0, 0, out, 0, 1);
            return;
        }
        int inner = outShape[rank - 1];
        int rows = inner == 0 ? 0 : out.length / inner;
        int sa = aStrides[rank - 1];
        int sb = bStrides[rank - 1];
        int grainRows = Math.max(1, PARALLEL_GRAIN / Math.max(1, inner));
        Parallel.range(rows, grainRows, (r0, r1) -> {
            int[] idx = new int[rank];
            // Decompose r0 into an index over the outer axes.
            int rem = r0;
            for (int ax = rank - 2; ax >= 0; ax--) {
                idx[ax] = rem % outShape[ax];
                rem /= outShape[ax];
            }
            int aOff = 0;
            int bOff = 0;
            for (int ax = 0; ax < rank - 1; ax++) {
                aOff += idx[ax] * aStrides[ax];
                bOff += idx[ax] * bStrides[ax];
            }
            for (int r = r0; r < r1; r++) {
                row(op, a, aOff, sa, b, bOff, sb, out, r * inner, inner);
                for (int ax = rank - 2; ax >= 0; ax--) {
                    idx[ax]++;
                    aOff += aStrides[ax];
                    bOff += bStrides[ax];
                    if (idx[ax] < outShape[ax]) {
                        break;
                    }
                    aOff -= idx[ax] * aStrides[ax];
                    bOff -= idx[ax] * bStrides[ax];
                    idx[ax] = 0;
                }
            }
        });
    }

    /** out[o..o+n) = a[ao + i*sa] op b[bo + i*sb]; strides are 0 or 1. */
    public static void row(BinaryOp op, float[] a, int ao, int sa, float[] b, int bo, int sb,
                           float[] out, int o, int n) {
        if (sa == 1 && sb == 1) {
            contiguous(op, a, ao, b, bo, out, o, n);
        } else if (sa == 1 && sb == 0) {
            rightScalar(op, a, ao, b, bo, out, o, n);
        } else {
            strided(op, a, ao, sa, b, bo, sb, out, o, n);
        }
    }

    private static void contiguous(BinaryOp op, float[] a, int ao, float[] b, int bo, float[] out, int o, int n) {
        switch (op) {
            case ADD -> {
                for (int i = 0; i < n; i++) {
                    out[o + i] = a[ao + i] + b[bo + i];
                }
            }
            case SUB -> {
                for (int i = 0; i < n; i++) {
                    out[o + i] = a[ao + i] - b[bo + i];
                }
            }
            case MUL -> {
                for (int i = 0; i < n; i++) {
                    out[o + i] = a[ao + i] * b[bo + i];
                }
            }
            case DIV -> {
                for (int i = 0; i < n; i++) {
                    out[o + i] = a[ao + i] / b[bo + i];
                }
            }
            default -> strided(op, a, ao, 1, b, bo, 1, out, o, n);
        }
    }

    private static void rightScalar(BinaryOp op, float[] a, int ao, float[] b, int bo, float[] out, int o, int n) {
        float s = b[bo];
        switch (op) {
            case ADD -> {
                for (int i = 0; i < n; i++) {
                    out[o + i] = a[ao + i] + s;
                }
            }
            case SUB -> {
                for (int i = 0; i < n; i++) {
                    out[o + i] = a[ao + i] - s;
                }
            }
            case MUL -> {
                for (int i = 0; i < n; i++) {
                    out[o + i] = a[ao + i] * s;
                }
            }
            case DIV -> {
                for (int i = 0; i < n; i++) {
                    out[o + i] = a[ao + i] / s;
                }
            }
            default -> strided(op, a, ao, 1, b, bo, 0, out, o, n);
        }
    }

    /**
     * The operations without a dedicated contiguous loop, one branch-free loop per operation
     * (comparisons select integer bit patterns, which compile to conditional moves).
     */
    private static void strided(BinaryOp op, float[] a, int ao, int sa, float[] b, int bo, int sb,
                                float[] out, int o, int n) {
        switch (op) {
            case POW -> {
                for (int i = 0; i < n; i++) {
                    out[o + i] = (float) Math.pow(a[ao + i * sa], b[bo + i * sb]);
                }
            }
            case MAXIMUM -> {
                for (int i = 0; i < n; i++) {
                    out[o + i] = Math.max(a[ao + i * sa], b[bo + i * sb]);
                }
            }
            case MINIMUM -> {
                for (int i = 0; i < n; i++) {
                    out[o + i] = Math.min(a[ao + i * sa], b[bo + i * sb]);
                }
            }
            case GT -> {
                for (int i = 0; i < n; i++) {
                    out[o + i] = FloatMath.indicator(a[ao + i * sa] > b[bo + i * sb]);
                }
            }
            case GE -> {
                for (int i = 0; i < n; i++) {
                    out[o + i] = FloatMath.indicator(a[ao + i * sa] >= b[bo + i * sb]);
                }
            }
            case LT -> {
                for (int i = 0; i < n; i++) {
                    out[o + i] = FloatMath.indicator(a[ao + i * sa] < b[bo + i * sb]);
                }
            }
            case LE -> {
                for (int i = 0; i < n; i++) {
                    out[o + i] = FloatMath.indicator(a[ao + i * sa] <= b[bo + i * sb]);
                }
            }
            case EQ -> {
                for (int i = 0; i < n; i++) {
                    out[o + i] = FloatMath.indicator(a[ao + i * sa] == b[bo + i * sb]);
                }
            }
            case NE -> {
                for (int i = 0; i < n; i++) {
                    out[o + i] = FloatMath.indicator(a[ao + i * sa] != b[bo + i * sb]);
                }
            }
            default -> {
                for (int i = 0; i < n; i++) {
                    out[o + i] = apply(op, a[ao + i * sa], b[bo + i * sb]);
                }
            }
        }
    }

    /** One application of {@code op}. */
    public static float apply(BinaryOp op, float x, float y) {
        return switch (op) {
            case ADD -> x + y;
            case SUB -> x - y;
            case MUL -> x * y;
            case DIV -> x / y;
            case POW -> (float) Math.pow(x, y);
            case MAXIMUM -> Float.isNaN(x) || Float.isNaN(y) ? Float.NaN : Math.max(x, y);
            case MINIMUM -> Float.isNaN(x) || Float.isNaN(y) ? Float.NaN : Math.min(x, y);
            case GT -> x > y ? 1f : 0f;
            case GE -> x >= y ? 1f : 0f;
            case LT -> x < y ? 1f : 0f;
            case LE -> x <= y ? 1f : 0f;
            case EQ -> x == y ? 1f : 0f;
            case NE -> x != y ? 1f : 0f;
        };
    }
}
