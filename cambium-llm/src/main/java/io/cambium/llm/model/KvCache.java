package io.cambium.llm.model;

import io.cambium.tensor.Tensor;
import io.cambium.tensor.ops.attention.PackedAttention;

/**
 * The keys and values of every layer for the positions a {@link Gpt} has already read, so that
 * each decoding step computes only the new tokens: per layer, values {@code [batch, context,
 * kvHeads·headDim]} (heads side by side, as the projection produces them) and keys transposed,
 * {@code [batch, kvHeads·headDim, context]}, the layout the query-key product reads in place (with
 * grouped-query attention only the key/value heads are stored). A forward pass with the cache reads {@link #length()}
 * positions from it and appends its own.
 */
public final class KvCache {
    private final int batch;
    private final int context;
    private final Tensor[] keys;
    private final Tensor[] values;
    private int length;

    /** An empty cache for {@code batch} sequences of a model of shape {@code cfg}. */
    public KvCache(GptConfig cfg, int batch) {
        if (batch <= 0) {
            throw new IllegalArgumentException("KvCache: batch must be positive, got " + batch);
        }
        this.batch = batch;
        this.context = cfg.contextLength();
        int width = cfg.kvHeads() * cfg.headDim();
        keys = new Tensor[cfg.layers()];
        values = new Tensor[cfg.layers()];
        for (int l = 0; l < keys.length; l++) {
            keys[l] = Tensor.zeros(batch, width, context);
            values[l] = Tensor.zeros(batch, context, width);
        }
    }

    /** The number of sequences. */
    public int batch() {
        return batch;
    }

    /** The number of positions held. */
    public int length() {
        return length;
    }

    /** The number of positions the cache can hold (the model's context). */
    public int capacity() {
        return context;
    }

    /** Forgets every position (the next pass starts at position 0). */
    public void reset() {
        length = 0;
    }

    /**
     * Keeps the first {@code n} positions only (to roll back speculative tokens).
     *
     * @throws IllegalArgumentException when {@code n} is outside {@code 0..length()}
     */
    public void truncate(int n) {
        if (n < 0 || n > length) {
            throw new IllegalArgumentException("KvCache: cannot keep " + n + " of " + length + " positions");
        }
        length = n;
    }

    /** Records that a pass appended {@code t} positions (after every layer attended). */
    void advance(int t) {
        length += t;
    }

    /**
     * Writes the keys and values of {@code qkv [batch, t, (heads + 2·kvHeads)·hd]} for layer
     * {@code layer} at positions {@code length()..length()+t-1} and returns the attention of its
     * queries over positions {@code 0..length()+t-1}.
     */
    Tensor attend(int layer, Tensor qkv, int heads, int kvHeads, float scale) {
        return PackedAttention.cached(qkv, heads, kvHeads, scale, keys[layer], values[layer], length);
    }
}
