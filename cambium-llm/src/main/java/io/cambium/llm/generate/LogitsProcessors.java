package io.cambium.llm.generate;

import io.cambium.tensor.random.Rng;
import java.util.Arrays;

/**
 * The steps that turn one position's logits into the next token, with Hugging Face's semantics
 * ({@code RepetitionPenaltyLogitsProcessor}, {@code TemperatureLogitsWarper},
 * {@code TopKLogitsWarper}, {@code TopPLogitsWarper}, then a categorical draw). Removed tokens get
 * {@code -inf}. Each step works in place on a {@code float[vocab]}.
 */
public final class LogitsProcessors {
    private LogitsProcessors() {
    }

    /** Divides positive and multiplies negative logits of every token in {@code seen[0, n)} by {@code penalty}. */
    public static void repetitionPenalty(float[] logits, int[] seen, int n, double penalty) {
        if (penalty == 1.0) {
            return;
        }
        boolean[] done = new boolean[logits.length];
        for (int i = 0; i < n; i++) {
            int t = seen[i];
            if (t < 0 || t >= logits.length || done[t]) {
                continue;
            }
            done[t] = true;
            float s = logits[t];
            logits[t] = (float) (s < 0 ? s * penalty : s / penalty);
        }
    }

    /** Divides every logit by the temperature. */
    public static void temperature(float[] logits, double temperature) {
        if (temperature == 1.0) {
            return;
        }
        for (int i = 0; i < logits.length; i++) {
            logits[i] = (float) (logits[i] / temperature);
        }
    }

    /** Keeps the logits at least as large as the k-th largest (ties at the boundary stay); k 0 keeps all. */
    public static void topK(float[] logits, int k) {
        if (k <= 0 || k >= logits.length) {
            return;
        }
        float[] sorted = logits.clone();
        Arrays.sort(sorted);
        float kth = sorted[sorted.length - k];
        for (int i = 0; i < logits.length; i++) {
            if (logits[i] < kth) {
                logits[i] = Float.NEGATIVE_INFINITY;
            }
        }
    }

    /**
     * Nucleus filtering: sorts ascending, removes the tokens whose cumulative probability (from
     * the least likely) is at most {@code 1 - p}, and always keeps the most likely token.
     */
    public static void topP(float[] logits, double p) {
        if (p >= 1.0) {
            return;
        }
        int n = logits.length;
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        // Ascending by logit; equal logits by index, so that the result does not depend on the sort.
        Arrays.sort(order, (a, b) -> logits[a] != logits[b] ? Float.compare(logits[a], logits[b]) : Integer.compare(a, b));
        double[] probs = softmax(logits);
        double cum = 0;
        for (int r = 0; r < n - 1; r++) {
            int i = order[r];
            cum += probs[i];
            if (cum <= 1.0 - p) {
                logits[i] = Float.NEGATIVE_INFINITY;
            } else {
                break;
            }
        }
    }

    /** The softmax of the logits in double ({@code -inf} gives 0). */
    public static double[] softmax(float[] logits) {
        double max = Double.NEGATIVE_INFINITY;
        for (float v : logits) {
            max = Math.max(max, v);
        }
        double[] p = new double[logits.length];
        double sum = 0;
        for (int i = 0; i < logits.length; i++) {
            p[i] = logits[i] == Float.NEGATIVE_INFINITY ? 0 : Math.exp(logits[i] - max);
            sum += p[i];
        }
        for (int i = 0; i < p.length; i++) {
            p[i] /= sum;
        }
        return p;
    }

    /** The index of the largest logit (the first one on ties, as {@code torch.argmax}). */
    public static int argmax(float[] logits) {
        int best = 0;
        for (int i = 1; i < logits.length; i++) {
            if (logits[i] > logits[best]) {
                best = i;
            }
        }
        return best;
    }

    /** A token drawn from the softmax of the logits with one uniform draw of {@code rng}. */
    public static int sample(float[] logits, Rng rng) {
        double[] p = softmax(logits);
        double u = rng.nextDouble();
        double cum = 0;
        int last = -1;
        for (int i = 0; i < p.length; i++) {
            if (p[i] > 0) {
                cum += p[i];
                last = i;
                if (u < cum) {
                    return i;
                }
            }
        }
        return last;
    }
}
