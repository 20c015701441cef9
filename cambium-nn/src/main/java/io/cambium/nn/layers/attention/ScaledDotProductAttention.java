package io.cambium.nn.layers.attention;

import io.cambium.Cambium;
import io.cambium.tensor.Shape;
import io.cambium.tensor.Tensor;
import io.cambium.tensor.random.Rng;

/**
 * {@code softmax(q·kᵀ·scale + mask)·v} over the last two axes, with any leading (batch, head) axes
 * broadcast: q {@code [..., Tq, d]}, k {@code [..., Tk, d]}, v {@code [..., Tk, dv]}.
 *
 * <p>Masks: an additive mask (added to the scores, {@code -inf} or a large negative value where
 * attention is forbidden) or a keep mask (1 = attend, 0 = masked, as Keras's attention_mask), each
 * broadcast to {@code [..., Tq, Tk]}; a causal mask forbids key positions after the query position
 * (aligned at the start, as Keras and PyTorch). Masked scores receive {@link #MASKED}, so a row
 * with every key masked attends uniformly instead of producing NaN.
 */
public final class ScaledDotProductAttention {
    /** The score given to masked positions (Keras's large negative for float32). */
    public static final float MASKED = -1e9f;

    private ScaledDotProductAttention() {
    }

    /** The output and the attention weights {@code [..., Tq, Tk]}. */
    public record Result(Tensor output, Tensor weights) {
    }

    /**
     * Attention with the default scale {@code 1/sqrt(d)}.
     *
     * @param keepMask 1 where attention is allowed, 0 where masked, or {@code null}
     * @param causal whether query i may only attend to keys 0..i
     * @param dropout rate of dropout on the attention weights, applied only when {@code training}
     */
    public static Result apply(Tensor q, Tensor k, Tensor v, Tensor keepMask, boolean causal, float dropout,
                               boolean training) {
        float scale = (float) (1.0 / Math.sqrt(q.dim(q.rank() - 1)));
        return apply(q, k, v, keepMask == null ? null : additive(keepMask), causal, scale, dropout, training);
    }

    /**
     * Attention with an explicit scale and an additive mask.
     *
     * @param additiveMask added to the scores, or {@code null}
     */
    public static Result apply(Tensor q, Tensor k, Tensor v, Tensor additiveMask, boolean causal, float scale,
                               float dropout, boolean training) {
        if (q.rank() < 2 || k.rank() != q.rank() || v.rank() != q.rank()) {
            throw new IllegalArgumentException("scaled_dot_product_attention: q, k, v must have the same rank >= 2, got "
                    + Shape.str(q.shape()) + ", " + Shape.str(k.shape()) + ", " + Shape.str(v.shape()));
        }
        int r = q.rank();
        if (q.dim(r - 1) != k.dim(r - 1) || k.dim(r - 2) != v.dim(r - 2)) {
            throw new IllegalArgumentException("scaled_dot_product_attention: expected q [..., Tq, d], k [..., Tk, d], "
                    + "v [..., Tk, dv], got " + Shape.str(q.shape()) + ", " + Shape.str(k.shape()) + ", "
                    + Shape.str(v.shape()));
        }
        Tensor scores = q.matmul(k, false, true);
        if (scale != 1f) {
            scores = scores.mul(scale);
        }
        if (additiveMask != null) {
            scores = scores.add(additiveMask);
        }
        if (causal) {
            scores = scores.add(causalAdditive(q.dim(r - 2), k.dim(r - 2)));
        }
        Tensor weights = scores.softmax(r - 1);
        Tensor used = weights;
        if (training && dropout > 0f) {
            Rng rng = Cambium.rng();
            synchronized (rng) {
                used = weights.dropout(dropout, rng);
            }
        }
        return new Result(used.matmul(v), weights);
    }

    /** A keep mask (1 attend, 0 masked; any value > 0.5 counts as attend) as an additive mask. */
    public static Tensor additive(Tensor keepMask) {
        float[] m = keepMask.data();
        float[] a = new float[m.length];
        for (int i = 0; i < m.length; i++) {
            a[i] = m[i] > 0.5f ? 0f : MASKED;
        }
        return new Tensor(a, keepMask.shape());
    }

    /** The keep mask {@code [tq, tk]} of causal attention: 1 where key j ≤ query i. */
    public static Tensor causalKeep(int tq, int tk) {
        float[] m = new float[tq * tk];
        for (int i = 0; i < tq; i++) {
            for (int j = 0; j <= Math.min(i, tk - 1); j++) {
                m[i * tk + j] = 1f;
            }
        }
        return new Tensor(m, tq, tk);
    }

    private static Tensor causalAdditive(int tq, int tk) {
        return additive(causalKeep(tq, tk));
    }
}
