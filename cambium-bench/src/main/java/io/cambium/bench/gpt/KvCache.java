package io.cambium.bench.gpt;

import io.cambium.tensor.Tensor;
import io.cambium.tensor.ops.attention.PackedAttention;

/**
 * Keys and values of every layer for positions 0..context-1 of a batch, stored as
 * {@code [batch, context, d_model]} (heads side by side, as the projection produces them): a
 * forward pass at position {@code start} appends its new keys/values in place and attends over
 * positions 0..start+t-1 without copying them out.
 */
public final class KvCache {
    private final int heads;
    private final Tensor[] keys;
    private final Tensor[] values;

    KvCache(GptConfig cfg, int batch) {
        this.heads = cfg.heads();
        keys = new Tensor[cfg.layers()];
        values = new Tensor[cfg.layers()];
        for (int l = 0; l < keys.length; l++) {
            keys[l] = Tensor.zeros(batch, cfg.context(), cfg.dModel());
            values[l] = Tensor.zeros(batch, cfg.context(), cfg.dModel());
        }
    }

    /**
     * Writes the keys and values of {@code qkv [batch, t, 3·d_model]} at positions
     * start..start+t-1 of layer {@code layer} and returns the causal attention of its queries
     * over positions 0..start+t-1: {@code [batch, t, d_model]}.
     */
    Tensor attend(int layer, Tensor qkv, int start, float scale) {
        return PackedAttention.cached(qkv, heads, scale, keys[layer], values[layer], start);
    }
}
