package io.cambium.tensor.kernels;

import static io.cambium.tensor.kernels.FloatMath.indicator;
import static io.cambium.tensor.kernels.FloatMath.keep;
import static io.cambium.tensor.kernels.FloatMath.select;

import io.cambium.tensor.Parallel;

/**
 * Elementwise unary kernels: the forward function and the fused backward pass
 * {@code gx = g * f'(x)}, each in one pass over memory. The operation is chosen by a switch
 * outside the loops, so every loop is monomorphic and branch-free.
 */
public final class UnaryKernels {
    /** SELU's alpha and scale (Klambauer et al., the values PyTorch and Keras use). */
    public static final float SELU_ALPHA = 1.6732632423543772848170429916717f;
    public static final float SELU_SCALE = 1.0507009873554804934193349852946f;
    private static final float SQRT_2_OVER_PI = 0.79788456080286535588f;
    private static final float GELU_C = 0.044715f;

    /** Block of elements for two-step loops (a vectorized transcendental, then a cheap pass in cache). */
    private static final int BLOCK = 1024;
    private static final TranscendentalKernels TK = Transcendentals.IN_USE;

    private UnaryKernels() {
    }

    /** out[i] = f(x[i]) for all i, in parallel. */
    public static void forward(UnaryOp op, float a, float b, float[] x, float[] out) {
        Parallel.range(x.length, BinaryKernels.PARALLEL_GRAIN, (s, e) -> forward(op, a, b, x, out, s, e));
    }

    /**
     * gx[i] = g[i] * f'(x[i]) for all i, in parallel; {@code y} is the forward output (some
     * derivatives are cheaper from it).
     */
    public static void backward(UnaryOp op, float a, float b, float[] x, float[] y, float[] g, float[] gx) {
        Parallel.range(x.length, BinaryKernels.PARALLEL_GRAIN, (s, e) -> backward(op, a, b, x, y, g, gx, s, e));
    }

    /** The forward function over [s, e). */
    public static void forward(UnaryOp op, float a, float b, float[] x, float[] o, int s, int e) {
        switch (op) {
            case ABS -> {
                for (int i = s; i < e; i++) {
                    o[i] = Math.abs(x[i]);
                }
            }
            case EXP -> TK.expShifted(x, s, 0f, o, s, e - s);
            case LOG -> {
                for (int i = s; i < e; i++) {
                    o[i] = (float) Math.log(x[i]);
                }
            }
            case LOG1P -> {
                for (int i = s; i < e; i++) {
                    o[i] = FloatMath.log1p(x[i]);
                }
            }
            case SQRT -> {
                for (int i = s; i < e; i++) {
                    o[i] = (float) Math.sqrt(x[i]);
                }
            }
            case RSQRT -> {
                for (int i = s; i < e; i++) {
                    o[i] = (float) (1.0 / Math.sqrt(x[i]));
                }
            }
            case SQUARE -> {
                for (int i = s; i < e; i++) {
                    o[i] = x[i] * x[i];
                }
            }
            case SIGN -> {
                for (int i = s; i < e; i++) {
                    o[i] = indicator(x[i] > 0f) - indicator(x[i] < 0f);
                }
            }
            case RECIPROCAL -> {
                for (int i = s; i < e; i++) {
                    o[i] = 1f / x[i];
                }
            }
            case POW -> pow(a, x, o, s, e);
            case CLIP -> {
                for (int i = s; i < e; i++) {
                    o[i] = Math.min(Math.max(x[i], a), b);
                }
            }
            case RELU -> {
                for (int i = s; i < e; i++) {
                    o[i] = Math.max(x[i], 0f);
                }
            }
            case RELU6 -> {
                for (int i = s; i < e; i++) {
                    o[i] = Math.min(Math.max(x[i], 0f), 6f);
                }
            }
            case LEAKY_RELU -> {
                for (int i = s; i < e; i++) {
                    o[i] = Math.max(x[i], 0f) + a * Math.min(x[i], 0f);
                }
            }
            case ELU -> {
                for (int i = s; i < e; i++) {
                    o[i] = Math.max(x[i], 0f) + a * FloatMath.expm1(Math.min(x[i], 0f));
                }
            }
            case SELU -> {
                for (int i = s; i < e; i++) {
                    o[i] = SELU_SCALE * (Math.max(x[i], 0f) + SELU_ALPHA * FloatMath.expm1(Math.min(x[i], 0f)));
                }
            }
            case GELU -> TK.gelu(x, s, o, s, e - s);
            case GELU_TANH -> geluTanh(x, o, s, e);
            case SIGMOID -> TK.sigmoid(x, s, o, s, e - s);
            case TANH -> TK.tanh(x, s, o, s, e - s);
            case SOFTPLUS -> {
                for (int i = s; i < e; i++) {
                    float bx = a * x[i];
                    // max(z, 0) + log1p(e^-|z|) never overflows, unlike log1p(e^z).
                    float soft = (Math.max(bx, 0f) + FloatMath.log1p(FloatMath.exp(-Math.abs(bx)))) / a;
                    o[i] = select(bx > b, x[i], soft);
                }
            }
            case SOFTSIGN -> {
                for (int i = s; i < e; i++) {
                    o[i] = x[i] / (1f + Math.abs(x[i]));
                }
            }
            case SILU -> {
                for (int b0 = s; b0 < e; b0 += BLOCK) {
                    int b1 = Math.min(e, b0 + BLOCK);
                    TK.sigmoid(x, b0, o, b0, b1 - b0);
                    for (int i = b0; i < b1; i++) {
                        o[i] *= x[i];
                    }
                }
            }
            case HARD_SIGMOID -> {
                for (int i = s; i < e; i++) {
                    o[i] = Math.min(Math.max(x[i] + 3f, 0f), 6f) / 6f;
                }
            }
            default -> throw new IllegalStateException("no forward kernel for " + op);
        }
    }

    /**
     * GPT-2's tanh GELU, 0.5 x (1 + tanh(sqrt(2/pi) (v + 0.044715 v^3))) with v = x clamped to
     * [-10, 10] (beyond, the tanh is +-1 in float; the clamp keeps v^3 finite), over [s, e). The
     * tanh is {@link FloatMath#tanhRational}, and each block runs as two plain loops that the JIT
     * vectorizes by itself: the Vector API tanh this replaced lost its intrinsics under C2 on JDK
     * 17 once enough deoptimizations had accumulated in the Vector API's shared helpers, and then
     * ran 8x slower, boxing every vector (see docs/decisions/vector-jit.md).
     */
    static void geluTanh(float[] x, float[] o, int s, int e) {
        for (int b0 = s; b0 < e; b0 += BLOCK) {
            int b1 = Math.min(e, b0 + BLOCK);
            geluTanhInner(x, o, b0, b1);
            geluFromTanh(x, o, o, b0, b1);
        }
    }

    /**
     * {@link #forward} of {@code GELU_TANH} over all of {@code x}, in parallel, also keeping the
     * tanh of each element in {@code t} for {@link #geluTanhBackward(float[], float[], float[],
     * float[])}: the backward pass then skips the tanh (the same values, bit for bit).
     */
    public static void geluTanh(float[] x, float[] out, float[] t) {
        Parallel.range(x.length, BinaryKernels.PARALLEL_GRAIN, (s, e) -> {
            geluTanhInner(x, t, s, e);
            geluFromTanh(x, t, out, s, e);
        });
    }

    /** out[i] = tanh(sqrt(2/pi) (v + 0.044715 v^3)), v = x[i] clamped to [-10, 10], over [s, e). */
    private static void geluTanhInner(float[] x, float[] out, int s, int e) {
        for (int i = s; i < e; i++) {
            float v = Math.min(Math.max(x[i], -10f), 10f);
            out[i] = FloatMath.tanhRational(SQRT_2_OVER_PI * (v + GELU_C * v * v * v));
        }
    }

    /** out[i] = 0.5 x (1 + t) over [s, e); the factor x is not clamped: gelu(20) is 20. */
    private static void geluFromTanh(float[] x, float[] t, float[] out, int s, int e) {
        for (int i = s; i < e; i++) {
            out[i] = 0.5f * x[i] * (1f + t[i]);
        }
    }

    /** gx = g * gelu_tanh'(x) over [s, e), the tanh of {@link #geluTanh}; two vectorized loops per block. */
    static void geluTanhBackward(float[] x, float[] g, float[] gx, int s, int e) {
        for (int b0 = s; b0 < e; b0 += BLOCK) {
            int b1 = Math.min(e, b0 + BLOCK);
            geluTanhInner(x, gx, b0, b1);
            geluTanhGradient(x, gx, g, gx, b0, b1);
        }
    }

    /**
     * gx = g * gelu_tanh'(x) for all elements, in parallel, from the tanh values {@code t} that
     * {@link #geluTanh(float[], float[], float[])} kept.
     */
    public static void geluTanhBackward(float[] x, float[] t, float[] g, float[] gx) {
        Parallel.range(x.length, BinaryKernels.PARALLEL_GRAIN, (s, e) -> geluTanhGradient(x, t, g, gx, s, e));
    }

    /** gx[i] = g[i] * gelu_tanh'(x[i]) from t[i] = the tanh of the forward pass, over [s, e) ({@code t} may be {@code gx}). */
    private static void geluTanhGradient(float[] x, float[] t, float[] g, float[] gx, int s, int e) {
        for (int i = s; i < e; i++) {
            float v = Math.min(Math.max(x[i], -10f), 10f);
            float th = t[i];
            float dinner = SQRT_2_OVER_PI * (1f + 3f * GELU_C * v * v);
            gx[i] = g[i] * (0.5f * (1f + th) + 0.5f * v * (1f - th * th) * dinner);
        }
    }

    private static void pow(float p, float[] x, float[] o, int s, int e) {
        // Exact shortcuts: each gives the same float as rounding the exact power once.
        if (p == 2f) {
            for (int i = s; i < e; i++) {
                o[i] = x[i] * x[i];
            }
        } else if (p == 1f) {
            System.arraycopy(x, s, o, s, e - s);
        } else if (p == 0.5f) {
            for (int i = s; i < e; i++) {
                o[i] = (float) Math.sqrt(x[i]);
            }
        } else if (p == -1f) {
            for (int i = s; i < e; i++) {
                o[i] = 1f / x[i];
            }
        } else {
            for (int i = s; i < e; i++) {
                o[i] = (float) Math.pow(x[i], p);
            }
        }
    }

    /** The fused backward pass over [s, e). */
    public static void backward(UnaryOp op, float a, float b, float[] x, float[] y, float[] g, float[] gx,
                                int s, int e) {
        switch (op) {
            case ABS -> {
                for (int i = s; i < e; i++) {
                    gx[i] = g[i] * (indicator(x[i] > 0f) - indicator(x[i] < 0f));
                }
            }
            case EXP -> {
                for (int i = s; i < e; i++) {
                    gx[i] = g[i] * y[i];
                }
            }
            case LOG -> {
                for (int i = s; i < e; i++) {
                    gx[i] = g[i] / x[i];
                }
            }
            case LOG1P -> {
                for (int i = s; i < e; i++) {
                    gx[i] = g[i] / (1f + x[i]);
                }
            }
            case SQRT -> {
                for (int i = s; i < e; i++) {
                    gx[i] = g[i] / (2f * y[i]);
                }
            }
            case RSQRT -> {
                for (int i = s; i < e; i++) {
                    gx[i] = -0.5f * g[i] * y[i] * y[i] * y[i];
                }
            }
            case SQUARE -> {
                for (int i = s; i < e; i++) {
                    gx[i] = 2f * x[i] * g[i];
                }
            }
            case SIGN -> java.util.Arrays.fill(gx, s, e, 0f);
            case RECIPROCAL -> {
                for (int i = s; i < e; i++) {
                    gx[i] = -g[i] * y[i] * y[i];
                }
            }
            case POW -> {
                if (a == 0f) {
                    java.util.Arrays.fill(gx, s, e, 0f);
                } else if (a == 2f) {
                    for (int i = s; i < e; i++) {
                        gx[i] = 2f * x[i] * g[i];
                    }
                } else {
                    for (int i = s; i < e; i++) {
                        gx[i] = g[i] * a * (float) Math.pow(x[i], a - 1f);
                    }
                }
            }
            case CLIP -> {
                for (int i = s; i < e; i++) {
                    gx[i] = keep(x[i] >= a & x[i] <= b, g[i]);
                }
            }
            case RELU -> {
                for (int i = s; i < e; i++) {
                    gx[i] = keep(x[i] > 0f, g[i]);
                }
            }
            case RELU6 -> {
                for (int i = s; i < e; i++) {
                    gx[i] = keep(x[i] > 0f & x[i] < 6f, g[i]);
                }
            }
            case LEAKY_RELU -> {
                for (int i = s; i < e; i++) {
                    gx[i] = g[i] * select(x[i] > 0f, 1f, a);
                }
            }
            case ELU -> {
                for (int i = s; i < e; i++) {
                    gx[i] = g[i] * select(x[i] > 0f, 1f, a * FloatMath.exp(Math.min(x[i], 0f)));
                }
            }
            case SELU -> {
                for (int i = s; i < e; i++) {
                    float d = select(x[i] > 0f, SELU_SCALE, SELU_SCALE * SELU_ALPHA * FloatMath.exp(Math.min(x[i], 0f)));
                    gx[i] = g[i] * d;
                }
            }
            case GELU -> TK.geluBackward(x, s, g, gx, s, e - s);
            case GELU_TANH -> geluTanhBackward(x, g, gx, s, e);
            case SIGMOID -> {
                for (int i = s; i < e; i++) {
                    gx[i] = g[i] * y[i] * (1f - y[i]);
                }
            }
            case TANH -> {
                for (int i = s; i < e; i++) {
                    gx[i] = g[i] * (1f - y[i] * y[i]);
                }
            }
            case SOFTPLUS -> {
                for (int i = s; i < e; i++) {
                    float bx = a * x[i];
                    gx[i] = g[i] * select(bx > b, 1f, FloatMath.sigmoid(bx));
                }
            }
            case SOFTSIGN -> {
                for (int i = s; i < e; i++) {
                    float d = 1f + Math.abs(x[i]);
                    gx[i] = g[i] / (d * d);
                }
            }
            case SILU -> {
                for (int b0 = s; b0 < e; b0 += BLOCK) {
                    int b1 = Math.min(e, b0 + BLOCK);
                    TK.sigmoid(x, b0, gx, b0, b1 - b0);
                    for (int i = b0; i < b1; i++) {
                        float sg = gx[i];
                        gx[i] = g[i] * sg * (1f + x[i] * (1f - sg));
                    }
                }
            }
            case HARD_SIGMOID -> {
                for (int i = s; i < e; i++) {
                    gx[i] = keep(x[i] > -3f & x[i] < 3f, g[i]) / 6f;
                }
            }
            default -> throw new IllegalStateException("no backward kernel for " + op);
        }
    }
}
