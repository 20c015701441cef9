package io.cambium.bench.gpt;

import io.cambium.tensor.Tensor;

/**
 * Keys and values of every layer for positions 0..context-1 of a batch, stored as
 * {@code [batch, heads, context, headDim]}: a forward pass at position {@code start} writes its
 * new keys/values and attends over positions 0..start+t-1.
 */
public final class KvCache {
    private final int batch;
    private final int heads;
    private final int context;
    private final int headDim;
    private final float[][] keys;
    private final float[][] values;

    KvCache(GptConfig cfg, int batch) {
        this.batch = batch;
        this.heads = cfg.heads();
        this.context = cfg.context();
        this.headDim = cfg.headDim();
        keys = new float[cfg.layers()][batch * heads * context * headDim];
        values = new float[cfg.layers()][batch * heads * context * headDim];
    }

    /** Writes {@code k, v [batch, heads, t, headDim]} at positions start..start+t-1 of layer {@code layer}. */
    void write(int layer, Tensor k, Tensor v, int start) {
        int t = k.dim(2);
        if (start + t > context) {
            throw new IllegalArgumentException("KvCache: positions " + start + ".." + (start + t - 1)
                    + " exceed the context " + context);
        }
        copyIn(k.data(), keys[layer], t, start);
        copyIn(v.data(), values[layer], t, start);
    }

    private void copyIn(float[] src, float[] dst, int t, int start) {
        int rowLen = t * headDim;
        for (int bh = 0; bh < batch * heads; bh++) {
            System.arraycopy(src, bh * rowLen, dst, (bh * context + start) * headDim, rowLen);
        }
    }

    /** The keys of positions 0..length-1 of layer {@code layer}: {@code [batch, heads, length, headDim]}. */
    Tensor keys(int layer, int length) {
        return copyOut(keys[layer], length);
    }

    /** The values of positions 0..length-1 of layer {@code layer}. */
    Tensor values(int layer, int length) {
        return copyOut(values[layer], length);
    }

    private Tensor copyOut(float[] src, int length) {
        int rowLen = length * headDim;
        float[] out = new float[batch * heads * rowLen];
        for (int bh = 0; bh < batch * heads; bh++) {
            System.arraycopy(src, bh * context * headDim, out, bh * rowLen, rowLen);
        }
        return new Tensor(out, batch, heads, length, headDim);
    }
}
