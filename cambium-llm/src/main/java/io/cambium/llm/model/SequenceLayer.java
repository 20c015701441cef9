package io.cambium.llm.model;

import io.cambium.tensor.Tensor;
import java.util.List;

/**
 * A composite over a sequence of {@code d_model}-wide positions that can read and extend a
 * {@link KvCache}: blocks and their attention. Works on {@code [batch·time, d_model]} rows
 * internally; {@link #call} takes {@code [batch, time, d_model]} at positions 0..time-1.
 */
abstract class SequenceLayer extends CompositeLayer {
    protected final int dModel;

    SequenceLayer(String path, int dModel) {
        super(path);
        this.dModel = dModel;
    }

    @Override
    protected void checkInputs(List<int[]> inputShapes) {
        int[] s = inputShapes.get(0);
        expectRank(s, 3);
        expectLastAxis(s, dModel);
    }

    /** {@code x [batch, time, d_model]} at positions 0..time-1, without a cache. */
    @Override
    public Tensor call(Tensor x, boolean training) {
        int b = x.dim(0);
        int t = x.dim(1);
        return forward(x.reshape(b * t, dModel), b, t, null, training).reshape(b, t, dModel);
    }

    /**
     * {@code x [batch·time, d_model]}: rows are positions {@code start..start+time-1} of each
     * sequence, where {@code start} is the cache's length (0 without a cache); with a cache the
     * new keys and values are appended to it.
     */
    abstract Tensor forward(Tensor x, int b, int t, KvCache cache, boolean training);
}
