package io.cambium.tensor.ops.recurrent;

import io.cambium.tensor.kernels.FloatMath;
import io.cambium.tensor.kernels.Kernels;
import io.cambium.tensor.kernels.TranscendentalKernels;

/**
 * The activations a fused recurrent kernel can apply. Each derivative is expressed through the
 * activation's output, so the backward pass needs only the saved gate values.
 */
public enum GateActivation {
    TANH, SIGMOID, RELU,
    /** Keras 3's hard sigmoid: relu6(x + 3) / 6. */
    HARD_SIGMOID,
    LINEAR;

    /** Parses a Keras activation name. */
    public static GateActivation of(String name) {
        return switch (name) {
            case "tanh" -> TANH;
            case "sigmoid" -> SIGMOID;
            case "relu" -> RELU;
            case "hard_sigmoid" -> HARD_SIGMOID;
            case "linear" -> LINEAR;
            default -> throw new IllegalArgumentException("recurrent activation '" + name
                    + "' is not supported; use tanh, sigmoid, relu, hard_sigmoid or linear");
        };
    }

    /** f(x). */
    public float apply(float x) {
        return switch (this) {
            case TANH -> tanh(x);
            case SIGMOID -> sigmoid(x);
            case RELU -> x > 0 ? x : 0f;
            case HARD_SIGMOID -> Math.min(1f, Math.max(0f, (x + 3f) / 6f));
            case LINEAR -> x;
        };
    }

    /**
     * out[o + j] = f(x[xo + j]) for j in [0, n); sigmoid and tanh use the vectorized loops (same
     * results as {@link #apply}). {@code out} may be {@code x} at the same offset.
     */
    public void applyRow(float[] x, int xo, float[] out, int o, int n) {
        TranscendentalKernels tk = Kernels.transcendentals();
        switch (this) {
            case SIGMOID -> tk.sigmoid(x, xo, out, o, n);
            case TANH -> tk.tanh(x, xo, out, o, n);
            default -> {
                for (int j = 0; j < n; j++) {
                    out[o + j] = apply(x[xo + j]);
                }
            }
        }
    }

    /** f'(x) written in terms of y = f(x). */
    public float derivativeFromOutput(float y) {
        return switch (this) {
            case TANH -> 1f - y * y;
            case SIGMOID -> y * (1f - y);
            case RELU -> y > 0 ? 1f : 0f;
            case HARD_SIGMOID -> y > 0f && y < 1f ? 1f / 6f : 0f;
            case LINEAR -> 1f;
        };
    }

    /** The logistic function (stable for large |x|). */
    public static float sigmoid(float x) {
        return FloatMath.sigmoid(x);
    }

    /** tanh, exactly +-1 beyond |x| = 20. */
    public static float tanh(float x) {
        return FloatMath.tanh(x);
    }
}
