package io.cambium.tensor.ops.recurrent;

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

    /** A stable logistic function. */
    public static float sigmoid(float x) {
        if (x >= 0) {
            return (float) (1.0 / (1.0 + Math.exp(-x)));
        }
        double e = Math.exp(x);
        return (float) (e / (1.0 + e));
    }

    /** tanh through exp, which the JIT intrinsifies (Math.tanh is not). */
    public static float tanh(float x) {
        if (x > 20f) {
            return 1f;
        }
        if (x < -20f) {
            return -1f;
        }
        double e = Math.exp(2.0 * x);
        return (float) ((e - 1.0) / (e + 1.0));
    }
}
