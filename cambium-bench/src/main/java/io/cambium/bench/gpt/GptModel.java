package io.cambium.bench.gpt;

import io.cambium.nn.Variable;
import io.cambium.tensor.Tensor;
import io.cambium.tensor.autograd.NoGrad;
import io.cambium.tensor.ops.Activations;
import io.cambium.tensor.ops.Affine;
import io.cambium.tensor.ops.attention.PackedAttention;
import io.cambium.tensor.random.Rng;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A compact decoder-only transformer (GPT): token and learned positional embeddings, pre-LayerNorm
 * blocks of causal multi-head self-attention and an exact-GELU MLP, a final LayerNorm and an untied
 * output projection without bias. Parameters are initialised as PyTorch does (Linear: U(±1/√in),
 * Embedding: N(0,1), LayerNorm: ones/zeros).
 */
public final class GptModel {
    private static final float LN_EPS = 1e-5f;

    private final GptConfig cfg;
    private final List<Variable> variables = new ArrayList<>();
    private final Tensor tok;
    private final Tensor pos;
    private final Block[] blocks;
    private final Tensor lnFGamma;
    private final Tensor lnFBeta;
    private final Tensor head;

    private final class Block {
        final Tensor ln1g;
        final Tensor ln1b;
        final Tensor wQkv;
        final Tensor bQkv;
        final Tensor wProj;
        final Tensor bProj;
        final Tensor ln2g;
        final Tensor ln2b;
        final Tensor w1;
        final Tensor b1;
        final Tensor w2;
        final Tensor b2;

        Block(int i, Rng rng) {
            int d = cfg.dModel();
            int h = cfg.mlpHidden();
            String p = "block_" + i + "/";
            ln1g = param(p + "ln1/gamma", Tensor.ones(d));
            ln1b = param(p + "ln1/beta", Tensor.zeros(d));
            wQkv = linear(p + "qkv/kernel", rng, d, d, 3 * d);
            bQkv = linear(p + "qkv/bias", rng, d, 3 * d);
            wProj = linear(p + "proj/kernel", rng, d, d, d);
            bProj = linear(p + "proj/bias", rng, d, d);
            ln2g = param(p + "ln2/gamma", Tensor.ones(d));
            ln2b = param(p + "ln2/beta", Tensor.zeros(d));
            w1 = linear(p + "fc1/kernel", rng, d, d, h);
            b1 = linear(p + "fc1/bias", rng, d, h);
            w2 = linear(p + "fc2/kernel", rng, h, h, d);
            b2 = linear(p + "fc2/bias", rng, h, d);
        }

        /** x: [b*t, d] → [b*t, d]. */
        Tensor forward(int layer, Tensor x, int b, int t, int start, KvCache cache) {
            int d = cfg.dModel();
            float scale = (float) (1.0 / Math.sqrt(cfg.headDim()));
            // Heads are read from the packed q|k|v projection in place (no split or permute copies).
            // The projections add their biases in place (Affine: one output array instead of two).
            Tensor qkv = Affine.apply(x.layerNorm(ln1g, ln1b, LN_EPS), wQkv, bQkv, false).reshape(b, t, 3 * d);
            Tensor y = cache == null ? PackedAttention.apply(qkv, cfg.heads(), true, scale)
                    : cache.attend(layer, qkv, start, scale);
            x = x.add(Affine.apply(y.reshape(b * t, d), wProj, bProj, false));
            Tensor h = Activations.biasGelu(x.layerNorm(ln2g, ln2b, LN_EPS).matmul(w1), b1);
            return x.add(Affine.apply(h, w2, b2, false));
        }
    }

    /** A model of shape {@code cfg} with parameters drawn from {@code rng}. */
    public GptModel(GptConfig cfg, Rng rng) {
        this.cfg = cfg;
        int d = cfg.dModel();
        tok = param("tok_embedding", Tensor.normal(rng, 0f, 1f, cfg.vocab(), d));
        pos = param("pos_embedding", Tensor.normal(rng, 0f, 1f, cfg.context(), d));
        blocks = new Block[cfg.layers()];
        for (int i = 0; i < blocks.length; i++) {
            blocks[i] = new Block(i, rng);
        }
        lnFGamma = param("ln_f/gamma", Tensor.ones(d));
        lnFBeta = param("ln_f/beta", Tensor.zeros(d));
        head = linear("head/kernel", rng, d, d, cfg.vocab());
    }

    private Tensor param(String name, Tensor value) {
        variables.add(new Variable(name, value, true));
        return value;
    }

    private Tensor linear(String name, Rng rng, int fanIn, int... shape) {
        float bound = (float) (1.0 / Math.sqrt(fanIn));
        return param(name, Tensor.uniform(rng, -bound, bound, shape));
    }

    /** The configuration. */
    public GptConfig config() {
        return cfg;
    }

    /** Every parameter, in a fixed order. */
    public List<Variable> variables() {
        return Collections.unmodifiableList(variables);
    }

    /** The number of scalar parameters. */
    public long parameterCount() {
        long n = 0;
        for (Variable v : variables) {
            n += v.value().numel();
        }
        return n;
    }

    /** The logits {@code [b, t, vocab]} of token ids {@code [b, t]} at positions 0..t-1. */
    public Tensor forward(Tensor ids) {
        return forward(ids, 0, null, false);
    }

    /**
     * The logits of ids {@code [b, t]} at positions start..start+t-1: {@code [b, t, vocab]}, or
     * {@code [b, 1, vocab]} for the last position only. With a cache, keys and values of earlier
     * positions come from it and this pass's are written to it.
     */
    public Tensor forward(Tensor ids, int start, KvCache cache, boolean lastOnly) {
        int[] s = ids.shape();
        if (s.length != 2) {
            throw new IllegalArgumentException("GptModel: ids must be [batch, time], got " + io.cambium.tensor.Shape.str(s));
        }
        int b = s[0];
        int t = s[1];
        if (start + t > cfg.context()) {
            throw new IllegalArgumentException("GptModel: positions " + start + ".." + (start + t - 1)
                    + " exceed the context " + cfg.context());
        }
        float[] positions = new float[t];
        for (int i = 0; i < t; i++) {
            positions[i] = start + i;
        }
        int d = cfg.dModel();
        Tensor x = Tensor.embedding(tok, ids).add(Tensor.embedding(pos, Tensor.of(positions, t))).reshape(b * t, d);
        for (int l = 0; l < blocks.length; l++) {
            x = blocks[l].forward(l, x, b, t, start, cache);
        }
        if (lastOnly && t > 1) {
            x = x.reshape(b, t, d).narrow(1, t - 1, 1).reshape(b, d);
        }
        x = x.layerNorm(lnFGamma, lnFBeta, LN_EPS);
        return x.matmul(head).reshape(b, lastOnly ? 1 : t, cfg.vocab());
    }

    /** A fresh key/value cache for {@code batch} sequences. */
    public KvCache newCache(int batch) {
        return new KvCache(cfg, batch);
    }

    /**
     * Greedy decoding of {@code newTokens} tokens after {@code prompt} (batch 1). The window starts
     * at the prompt; when it would pass the context it restarts from the last {@code keep} tokens
     * (positions 0..keep-1). With {@code kvCache} each step feeds only the tokens not yet cached
     * (the whole window after a restart); without, it re-runs the whole window every token. Both
     * produce the same tokens.
     */
    public int[] generate(int[] prompt, int newTokens, boolean kvCache, int keep) {
        if (prompt.length == 0 || prompt.length > cfg.context()) {
            throw new IllegalArgumentException("GptModel.generate: prompt length " + prompt.length
                    + " must be in 1.." + cfg.context());
        }
        if (keep < 1 || keep > cfg.context()) {
            throw new IllegalArgumentException("GptModel.generate: keep " + keep + " must be in 1.." + cfg.context());
        }
        int[] seq = java.util.Arrays.copyOf(prompt, prompt.length + newTokens);
        int len = prompt.length;
        int w0 = 0;
        int cached = 0;
        KvCache cache = kvCache ? newCache(1) : null;
        try (NoGrad g = NoGrad.scope()) {
            for (int n = 0; n < newTokens; n++) {
                if (len - w0 > cfg.context()) {
                    w0 = len - keep;
                    cached = 0;
                }
                Tensor logits;
                if (kvCache) {
                    logits = forward(ids(seq, w0 + cached, len), cached, cache, true);
                    cached = len - w0;
                } else {
                    logits = forward(ids(seq, w0, len), 0, null, true);
                }
                seq[len++] = argmax(logits.data());
            }
        }
        return java.util.Arrays.copyOfRange(seq, prompt.length, len);
    }

    private static Tensor ids(int[] seq, int from, int to) {
        float[] v = new float[to - from];
        for (int i = from; i < to; i++) {
            v[i - from] = seq[i];
        }
        return Tensor.of(v, 1, to - from);
    }

    /** The first index of the largest value (as torch.argmax). */
    private static int argmax(float[] v) {
        int best = 0;
        for (int i = 1; i < v.length; i++) {
            if (v[i] > v[best]) {
                best = i;
            }
        }
        return best;
    }
}
