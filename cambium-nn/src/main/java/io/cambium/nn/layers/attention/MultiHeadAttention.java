package io.cambium.nn.layers.attention;

import io.cambium.nn.Configs;
import io.cambium.nn.FluentLayer;
import io.cambium.nn.Masks;
import io.cambium.nn.ObjectConfigs;
import io.cambium.nn.Variable;
import io.cambium.nn.initializers.Initializer;
import io.cambium.nn.initializers.Initializers;
import io.cambium.tensor.Shape;
import io.cambium.tensor.Tensor;
import io.cambium.tensor.ops.attention.FusedAttention;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Multi-head attention with Keras's interface and weight layout: query, key and value kernels
 * {@code [D, heads, key_dim]} (value: {@code value_dim}) with biases {@code [heads, key_dim]}, an
 * output kernel {@code [heads, value_dim, D_out]} with bias {@code [D_out]}; queries are scaled by
 * {@code 1/sqrt(key_dim)}. Inputs {@code query (B, Tq, Dq)}, {@code value (B, Tv, Dv)} and optional
 * {@code key (B, Tv, Dk)} (default: value); output {@code (B, Tq, D_out)} where {@code D_out} is
 * {@code outputShape} or {@code Dq}.
 *
 * <p>Masks combine as in Keras: the {@code attentionMask}, Keras's boolean mask {@code (B, Tq, Tv)}
 * (or {@code (1, Tq, Tv)} / {@code (Tq, Tv)} for every sample) held as 1 = attend, 0 = masked
 * ({@link Masks#fromBooleans(boolean[][][])} makes one from Java booleans; any other value, such
 * as PyTorch's additive {@code -inf}, is rejected), the masks attached to query and value
 * ({@link Masks}) and the causal mask. The causal mask applies when the layer was configured with
 * {@link #useCausalMask(boolean)} or a call asks for it.
 *
 * <p>To load {@code torch.nn.MultiheadAttention} weights ({@code E = heads·head_dim}): the query
 * kernel is {@code in_proj_weight[0:E].T} reshaped to {@code [E, heads, head_dim]}, likewise rows
 * {@code E:2E} for the key and {@code 2E:3E} for the value; biases are the matching slices of
 * {@code in_proj_bias} reshaped to {@code [heads, head_dim]}; the output kernel is
 * {@code out_proj.weight.T} reshaped to {@code [heads, head_dim, E]}.
 *
 * <p>In a functional model, the inputs are {@code [query]} (self-attention), {@code [query, value]},
 * {@code [query, value, key]} or {@code [query, value, key, attentionMask]}; the causal mask and
 * the extra scores output are chosen with {@link #useCausalMask(boolean)} and
 * {@link #returnAttentionScores(boolean)}.
 */
public class MultiHeadAttention extends FluentLayer<MultiHeadAttention> {
    private final int numHeads;
    private final int keyDim;
    private int valueDim;
    private float dropout;
    private boolean useBias = true;
    private int outputShape;
    private boolean useCausalMask;
    private boolean returnAttentionScores;
    private boolean rotary;
    private Initializer kernelInitializer = Initializers.glorotUniform();
    private Initializer biasInitializer = Initializers.zeros();
    private Variable queryKernel;
    private Variable queryBias;
    private Variable keyKernel;
    private Variable keyBias;
    private Variable valueKernel;
    private Variable valueBias;
    private Variable outputKernel;
    private Variable outputBias;

    /** {@code numHeads} heads of size {@code keyDim} (also the value size unless set). */
    public MultiHeadAttention(int numHeads, int keyDim) {
        if (numHeads <= 0 || keyDim <= 0) {
            throw new IllegalArgumentException("MultiHeadAttention: num_heads and key_dim must be positive, got "
                    + numHeads + ", " + keyDim);
        }
        this.numHeads = numHeads;
        this.keyDim = keyDim;
        this.valueDim = keyDim;
    }

    /** The size of each value head (default key_dim). */
    public MultiHeadAttention valueDim(int v) {
        if (v <= 0) {
            throw new IllegalArgumentException(describe() + ": value_dim must be positive, got " + v);
        }
        this.valueDim = v;
        return this;
    }

    /** Dropout rate on the attention weights during training. */
    public MultiHeadAttention dropout(double rate) {
        if (rate < 0 || rate >= 1) {
            throw new IllegalArgumentException(describe() + ": dropout must be in [0, 1), got " + rate);
        }
        this.dropout = (float) rate;
        return this;
    }

    /** Whether the projections have biases (default true). */
    public MultiHeadAttention useBias(boolean v) {
        this.useBias = v;
        return this;
    }

    /** The size of the output's last axis (default: the query's). */
    public MultiHeadAttention outputShape(int d) {
        this.outputShape = d;
        return this;
    }

    /** Whether every call uses a causal mask (default false); a call's {@code causal} argument can add it, not remove it. */
    public MultiHeadAttention useCausalMask(boolean v) {
        this.useCausalMask = v;
        return this;
    }

    /** Whether functional-model calls also output the attention weights (default false). */
    public MultiHeadAttention returnAttentionScores(boolean v) {
        this.returnAttentionScores = v;
        return this;
    }

    /** Whether projected queries and keys get a rotary position embedding (default false). */
    public MultiHeadAttention rotaryEmbedding(boolean v) {
        if (v && keyDim % 2 != 0) {
            throw new IllegalArgumentException(describe() + ": rotary embedding needs an even key_dim, got " + keyDim);
        }
        this.rotary = v;
        return this;
    }

    /** Initializer of the four kernels (default Glorot uniform). */
    public MultiHeadAttention kernelInitializer(Initializer i) {
        this.kernelInitializer = i;
        return this;
    }

    /** Initializer of the biases (default zeros). */
    public MultiHeadAttention biasInitializer(Initializer i) {
        this.biasInitializer = i;
        return this;
    }

    public int numHeads() {
        return numHeads;
    }

    public int keyDim() {
        return keyDim;
    }

    public int valueDim() {
        return valueDim;
    }

    /** Query kernel {@code [Dq, heads, key_dim]}. */
    public Variable queryKernel() {
        return queryKernel;
    }

    /** Query bias {@code [heads, key_dim]} or null. */
    public Variable queryBias() {
        return queryBias;
    }

    /** Key kernel {@code [Dk, heads, key_dim]}. */
    public Variable keyKernel() {
        return keyKernel;
    }

    /** Key bias {@code [heads, key_dim]} or null. */
    public Variable keyBias() {
        return keyBias;
    }

    /** Value kernel {@code [Dv, heads, value_dim]}. */
    public Variable valueKernel() {
        return valueKernel;
    }

    /** Value bias {@code [heads, value_dim]} or null. */
    public Variable valueBias() {
        return valueBias;
    }

    /** Output kernel {@code [heads, value_dim, D_out]}. */
    public Variable outputKernel() {
        return outputKernel;
    }

    /** Output bias {@code [D_out]} or null. */
    public Variable outputBias() {
        return outputBias;
    }

    @Override
    protected void checkInputs(List<int[]> shapes) {
        if (shapes.isEmpty() || shapes.size() > 4) {
            throw new IllegalArgumentException(describe() + ": expects query[, value[, key[, attention_mask]]], got "
                    + shapes.size() + " inputs");
        }
        for (int i = 0; i < Math.min(3, shapes.size()); i++) {
            expectRank(shapes.get(i), 3);
        }
        int[] q = shapes.get(0);
        int[] v = shapes.size() > 1 ? shapes.get(1) : q;
        int[] k = shapes.size() > 2 ? shapes.get(2) : v;
        if (k[1] > 0 && v[1] > 0 && k[1] != v[1]) {
            throw new IllegalArgumentException(describe() + ": key and value must have the same length, got "
                    + shapeStr(k) + " and " + shapeStr(v));
        }
        if (queryKernel != null) {
            checkLast("query", q, queryKernel);
            checkLast("value", v, valueKernel);
            checkLast("key", k, keyKernel);
        }
    }

    private void checkLast(String what, int[] s, Variable kernel) {
        if (s[2] != kernel.shape()[0]) {
            throw new IllegalArgumentException(describe() + ": expected " + what + " (None, T, " + kernel.shape()[0]
                    + "), got " + shapeStr(s));
        }
    }

    @Override
    public void build(List<int[]> shapes) {
        int[] q = shapes.get(0);
        int[] v = shapes.size() > 1 ? shapes.get(1) : q;
        int[] k = shapes.size() > 2 ? shapes.get(2) : v;
        int out = outputShape > 0 ? outputShape : q[2];
        queryKernel = addWeight("query/kernel", new int[] {q[2], numHeads, keyDim}, kernelInitializer, null, null, true);
        if (useBias) {
            queryBias = addWeight("query/bias", new int[] {numHeads, keyDim}, biasInitializer, null, null, true);
        }
        keyKernel = addWeight("key/kernel", new int[] {k[2], numHeads, keyDim}, kernelInitializer, null, null, true);
        if (useBias) {
            keyBias = addWeight("key/bias", new int[] {numHeads, keyDim}, biasInitializer, null, null, true);
        }
        valueKernel = addWeight("value/kernel", new int[] {v[2], numHeads, valueDim}, kernelInitializer, null, null, true);
        if (useBias) {
            valueBias = addWeight("value/bias", new int[] {numHeads, valueDim}, biasInitializer, null, null, true);
        }
        outputKernel = addWeight("attention_output/kernel", new int[] {numHeads, valueDim, out}, kernelInitializer,
                null, null, true);
        if (useBias) {
            outputBias = addWeight("attention_output/bias", new int[] {out}, biasInitializer, null, null, true);
        }
    }

    @Override
    public void build(int[] inputShape) {
        build(List.of(inputShape));
    }

    /** Self-attention of {@code x}. */
    @Override
    public Tensor call(Tensor x, boolean training) {
        return call(x, x, null, null, useCausalMask, false, training).get(0);
    }

    /** Attention of {@code query} over {@code value} (also the key). */
    public Tensor call(Tensor query, Tensor value, boolean training) {
        return call(query, value, null, null, useCausalMask, false, training).get(0);
    }

    /**
     * Keras's call: builds the layer on first use.
     *
     * @param key the keys, or {@code null} to use {@code value}
     * @param attentionMask Keras's boolean mask {@code (B, Tq, Tv)}, {@code (1, Tq, Tv)} or
     *     {@code (Tq, Tv)} as 1 = attend, 0 = masked, or {@code null}
     * @param causal Keras's {@code use_causal_mask}; the mask also applies when the layer was
     *     configured with {@link #useCausalMask(boolean)}
     * @return the output, followed by the attention weights {@code (B, heads, Tq, Tv)} when asked
     */
    public List<Tensor> call(Tensor query, Tensor value, Tensor key, Tensor attentionMask, boolean causal,
                             boolean returnScores, boolean training) {
        causal = causal || useCausalMask;
        Tensor k = key == null ? value : key;
        List<int[]> shapes = List.of(query.shape(), value.shape(), k.shape());
        checkInputs(shapes);
        ensureBuilt(shapes);
        int b = query.dim(0);
        int tq = query.dim(1);
        int tv = value.dim(1);
        Tensor keep = keepMask(b, tq, tv, attentionMask, Masks.of(query), Masks.of(value), key == null ? null : Masks.of(key));
        Tensor qh = project(query, queryKernel, queryBias, keyDim, rotary);
        Tensor kh = project(k, keyKernel, keyBias, keyDim, rotary);
        Tensor vh = project(value, valueKernel, valueBias, valueDim, false);
        float scale = (float) (1.0 / Math.sqrt(keyDim));
        Tensor attended;
        Tensor weights = null;
        if (returnScores || (training && dropout > 0f)) {
            Tensor additive = keep == null ? null : ScaledDotProductAttention.additive(keep).unsqueeze(1);
            ScaledDotProductAttention.Result r = ScaledDotProductAttention.apply(qh, kh, vh, additive, causal, scale,
                    dropout, training);
            attended = r.output();
            weights = r.weights();
        } else {
            // The fused kernel: one pass per (batch, head) without materializing the score graph.
            Tensor additive = keep == null ? null : ScaledDotProductAttention.additive(keep);
            attended = FusedAttention.apply(qh.reshape(b * numHeads, tq, keyDim), kh.reshape(b * numHeads, tv, keyDim),
                    vh.reshape(b * numHeads, tv, valueDim), additive, causal, scale).reshape(b, numHeads, tq, valueDim);
        }
        int out = outputKernel.shape()[2];
        Tensor o = attended.permute(0, 2, 1, 3).reshape(b * tq, numHeads * valueDim)
                .matmul(outputKernel.value().reshape(numHeads * valueDim, out));
        if (outputBias != null) {
            o = o.add(outputBias.value());
        }
        o = Masks.attach(o.reshape(b, tq, out), Masks.of(query));
        List<Tensor> result = new ArrayList<>();
        result.add(o);
        if (returnScores) {
            result.add(weights);
        }
        return result;
    }

    /** x {@code (B, T, D)} projected to {@code (B, heads, T, size)}. */
    private Tensor project(Tensor x, Variable kernel, Variable bias, int size, boolean rope) {
        int b = x.dim(0);
        int t = x.dim(1);
        int d = x.dim(2);
        Tensor y = x.reshape(b * t, d).matmul(kernel.value().reshape(d, numHeads * size));
        if (bias != null) {
            y = y.add(bias.value().reshape(numHeads * size));
        }
        y = y.reshape(b, t, numHeads, size);
        if (rope) {
            y = RotaryEmbedding.apply(y, 10000f);
        }
        return y.permute(0, 2, 1, 3);
    }

    /** The combined keep mask (B, Tq, Tv), or null when nothing is masked. */
    private Tensor keepMask(int b, int tq, int tv, Tensor attentionMask, Tensor queryMask, Tensor valueMask,
                            Tensor keyMask) {
        if (attentionMask == null && queryMask == null && valueMask == null && keyMask == null) {
            return null;
        }
        float[] m = new float[b * tq * tv];
        java.util.Arrays.fill(m, 1f);
        if (attentionMask != null) {
            int[] s = attentionMask.shape();
            boolean perSample = s.length == 3 && s[0] == b;
            boolean shared = (s.length == 3 && s[0] == 1) || s.length == 2;
            if (!(perSample || shared) || s[s.length - 2] != tq || s[s.length - 1] != tv) {
                throw new IllegalArgumentException(describe() + ": expected attention_mask (" + b + ", " + tq + ", " + tv
                        + ") or (" + tq + ", " + tv + "), got " + Shape.str(s));
            }
            float[] a = attentionMask.data();
            for (int i = 0; i < a.length; i++) {
                if (a[i] != 0f && a[i] != 1f) {
                    throw new IllegalArgumentException(describe() + ": attention_mask is boolean as in Keras (1 = attend,"
                            + " 0 = masked), got " + a[i] + " at flat position " + i + " (an additive mask of 0 and -inf"
                            + " is PyTorch's form: use Masks.fromBooleans or 1/0 values)");
                }
            }
            for (int i = 0; i < m.length; i++) {
                int src = perSample ? i : i % (tq * tv);
                if (a[src] == 0f) {
                    m[i] = 0f;
                }
            }
        }
        for (int bi = 0; bi < b; bi++) {
            for (int i = 0; i < tq; i++) {
                for (int j = 0; j < tv; j++) {
                    boolean off = (queryMask != null && queryMask.data()[bi * tq + i] <= 0.5f)
                            || (valueMask != null && valueMask.data()[bi * tv + j] <= 0.5f)
                            || (keyMask != null && keyMask.data()[bi * tv + j] <= 0.5f);
                    if (off) {
                        m[(bi * tq + i) * tv + j] = 0f;
                    }
                }
            }
        }
        return new Tensor(m, b, tq, tv);
    }

    @Override
    public List<Tensor> callAll(List<Tensor> inputs, boolean training) {
        Tensor q = inputs.get(0);
        Tensor v = inputs.size() > 1 ? inputs.get(1) : q;
        Tensor k = inputs.size() > 2 ? inputs.get(2) : null;
        Tensor mask = inputs.size() > 3 ? inputs.get(3) : null;
        return call(q, v, k, mask, useCausalMask, returnAttentionScores, training);
    }

    @Override
    public List<int[]> computeOutputShapes(List<int[]> shapes) {
        int[] q = shapes.get(0);
        int[] v = shapes.size() > 1 ? shapes.get(1) : q;
        int out = outputShape > 0 ? outputShape : q[2];
        List<int[]> r = new ArrayList<>();
        r.add(new int[] {q[0], q[1], out});
        if (returnAttentionScores) {
            r.add(new int[] {q[0], numHeads, q[1], v[1]});
        }
        return r;
    }

    @Override
    public int[] computeOutputShape(int[] inputShape) {
        return computeOutputShapes(List.of(inputShape)).get(0);
    }

    /** Projections, scores and weighted sums for one sample. */
    @Override
    public long flops(List<int[]> shapes) {
        int[] q = shapes.get(0);
        int[] v = shapes.size() > 1 ? shapes.get(1) : q;
        int[] k = shapes.size() > 2 ? shapes.get(2) : v;
        long tq = Math.max(1, q[1]);
        long tv = Math.max(1, v[1]);
        long out = outputShape > 0 ? outputShape : q[2];
        long proj = 2L * numHeads * (tq * q[2] * keyDim + tv * k[2] * keyDim + tv * v[2] * valueDim)
                + 2L * tq * numHeads * valueDim * out;
        long attn = 2L * numHeads * tq * tv * (keyDim + valueDim) + 5L * numHeads * tq * tv;
        return proj + attn;
    }

    @Override
    public Map<String, Object> config() {
        Map<String, Object> c = super.config();
        c.put("num_heads", numHeads);
        c.put("key_dim", keyDim);
        c.put("value_dim", valueDim);
        c.put("dropout", (double) dropout);
        c.put("use_bias", useBias);
        if (outputShape > 0) {
            c.put("output_shape", outputShape);
        }
        c.put("use_causal_mask", useCausalMask);
        c.put("return_attention_scores", returnAttentionScores);
        c.put("rotary_embedding", rotary);
        Object ki = ObjectConfigs.initializer(kernelInitializer);
        if (ki != null) {
            c.put("kernel_initializer", ki);
        }
        Object bi = ObjectConfigs.initializer(biasInitializer);
        if (bi != null) {
            c.put("bias_initializer", bi);
        }
        return c;
    }

    /** Re-creates the layer from {@link #config()}. */
    public static MultiHeadAttention fromConfig(Map<String, Object> c) {
        MultiHeadAttention l = new MultiHeadAttention(Configs.integer(c, "num_heads"), Configs.integer(c, "key_dim"));
        l.applyBaseConfig(c);
        l.valueDim(Configs.integer(c, "value_dim", l.keyDim));
        l.dropout(Configs.number(c, "dropout", 0f));
        l.useBias(Configs.bool(c, "use_bias", true));
        l.outputShape(Configs.integer(c, "output_shape", 0));
        l.useCausalMask(Configs.bool(c, "use_causal_mask", false));
        l.returnAttentionScores(Configs.bool(c, "return_attention_scores", false));
        l.rotaryEmbedding(Configs.bool(c, "rotary_embedding", false));
        l.kernelInitializer(ObjectConfigs.initializer(c.get("kernel_initializer"), l.kernelInitializer));
        l.biasInitializer(ObjectConfigs.initializer(c.get("bias_initializer"), l.biasInitializer));
        return l;
    }
}
