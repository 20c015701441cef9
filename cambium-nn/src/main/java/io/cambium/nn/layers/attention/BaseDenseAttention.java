package io.cambium.nn.layers.attention;

import io.cambium.Cambium;
import io.cambium.nn.FluentLayer;
import io.cambium.nn.Masks;
import io.cambium.tensor.Tensor;
import io.cambium.tensor.random.Rng;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The common part of Keras's {@link Attention} and {@link AdditiveAttention}: inputs
 * {@code [query (B, Tq, D), value (B, Tv, D)]} or {@code [query, value, key]} (key defaults to
 * value); scores {@code (B, Tq, Tv)} from the subclass, a value mask (attached to the value) hiding
 * padded steps, an optional causal mask, softmax, dropout on the weights in training, and the
 * weighted sum of values, zeroed at masked query steps. With {@code returnAttentionScores} the
 * weights follow as a second output.
 */
public abstract class BaseDenseAttention<T extends BaseDenseAttention<T>> extends FluentLayer<T> {
    protected float dropout;
    protected boolean useCausalMask;
    protected boolean returnAttentionScores;

    /** The unnormalized scores {@code (B, Tq, Tv)}. */
    protected abstract Tensor scores(Tensor query, Tensor key);

    /** Dropout rate on the attention weights during training. */
    public T dropout(double rate) {
        if (rate < 0 || rate >= 1) {
            throw new IllegalArgumentException(describe() + ": dropout must be in [0, 1), got " + rate);
        }
        this.dropout = (float) rate;
        return self();
    }

    /** Whether query i only attends to values 0..i (default false). */
    public T useCausalMask(boolean v) {
        this.useCausalMask = v;
        return self();
    }

    /** Whether the weights are a second output (default false). */
    public T returnAttentionScores(boolean v) {
        this.returnAttentionScores = v;
        return self();
    }

    @Override
    protected void checkInputs(List<int[]> shapes) {
        if (shapes.size() < 2 || shapes.size() > 3) {
            throw new IllegalArgumentException(describe() + ": expects [query, value] or [query, value, key], got "
                    + shapes.size() + " inputs");
        }
        for (int[] s : shapes) {
            expectRank(s, 3);
        }
        int[] q = shapes.get(0);
        int[] v = shapes.get(1);
        int[] k = shapes.size() > 2 ? shapes.get(2) : v;
        if (q[2] != k[2] || (k[1] > 0 && v[1] > 0 && k[1] != v[1])) {
            throw new IllegalArgumentException(describe() + ": expected query (B, Tq, D), value (B, Tv, Dv), key (B, Tv, D); got "
                    + shapeStr(q) + ", " + shapeStr(v) + ", " + shapeStr(k));
        }
    }

    @Override
    public List<Tensor> callAll(List<Tensor> inputs, boolean training) {
        buildIfNeeded(inputs);
        Tensor q = inputs.get(0);
        Tensor v = inputs.get(1);
        Tensor k = inputs.size() > 2 ? inputs.get(2) : v;
        Tensor s = scores(q, k);
        int b = q.dim(0);
        int tq = q.dim(1);
        int tv = v.dim(1);
        Tensor vMask = Masks.of(v);
        if (vMask != null) {
            s = s.add(ScaledDotProductAttention.additive(vMask.reshape(b, 1, tv)));
        }
        if (useCausalMask) {
            s = s.add(ScaledDotProductAttention.additive(ScaledDotProductAttention.causalKeep(tq, tv)));
        }
        Tensor w = s.softmax(2);
        Tensor used = w;
        if (training && dropout > 0f) {
            Rng rng = Cambium.rng();
            synchronized (rng) {
                used = w.dropout(dropout, rng);
            }
        }
        Tensor out = used.matmul(v);
        Tensor qMask = Masks.of(q);
        if (qMask != null) {
            out = Masks.attach(out.mul(qMask.reshape(b, tq, 1)), qMask);
        }
        List<Tensor> r = new ArrayList<>();
        r.add(out);
        if (returnAttentionScores) {
            r.add(w);
        }
        return r;
    }

    @Override
    public Tensor call(List<Tensor> inputs, boolean training) {
        return callAll(inputs, training).get(0);
    }

    @Override
    public List<int[]> computeOutputShapes(List<int[]> shapes) {
        int[] q = shapes.get(0);
        int[] v = shapes.get(1);
        List<int[]> r = new ArrayList<>();
        r.add(new int[] {q[0], q[1], v[2]});
        if (returnAttentionScores) {
            r.add(new int[] {q[0], q[1], v[1]});
        }
        return r;
    }

    @Override
    public long flops(List<int[]> shapes) {
        int[] q = shapes.get(0);
        int[] v = shapes.get(1);
        long tq = Math.max(1, q[1]);
        long tv = Math.max(1, v[1]);
        return 2L * tq * tv * (q[2] + v[2]) + 5L * tq * tv;
    }

    @Override
    public Map<String, Object> config() {
        Map<String, Object> c = super.config();
        c.put("dropout", (double) dropout);
        c.put("use_causal_mask", useCausalMask);
        c.put("return_attention_scores", returnAttentionScores);
        return c;
    }

    /** Restores the options of {@link #config()}. */
    protected void applyAttentionConfig(Map<String, Object> c) {
        applyBaseConfig(c);
        dropout(io.cambium.nn.Configs.number(c, "dropout", 0f));
        useCausalMask(io.cambium.nn.Configs.bool(c, "use_causal_mask", false));
        returnAttentionScores(io.cambium.nn.Configs.bool(c, "return_attention_scores", false));
    }
}
