package io.cambium.nn.layers.attention;

import io.cambium.nn.Configs;
import io.cambium.nn.FluentLayer;
import io.cambium.nn.ObjectConfigs;
import io.cambium.nn.Variable;
import io.cambium.nn.initializers.Initializer;
import io.cambium.nn.initializers.Initializers;
import io.cambium.tensor.Tensor;
import java.util.List;
import java.util.Map;

/**
 * A learned position embedding (keras_nlp's PositionEmbedding): a trainable table
 * {@code [sequence_length, D]} whose first {@code T} rows are returned, broadcast to the input
 * shape {@code (batch, T, D)}; add it to the token embeddings.
 */
public class PositionEmbedding extends FluentLayer<PositionEmbedding> {
    private final int sequenceLength;
    private Initializer initializer = Initializers.glorotUniform();
    private Variable embeddings;

    /** A table for sequences of up to {@code sequenceLength} steps. */
    public PositionEmbedding(int sequenceLength) {
        if (sequenceLength <= 0) {
            throw new IllegalArgumentException("PositionEmbedding: sequence_length must be positive, got " + sequenceLength);
        }
        this.sequenceLength = sequenceLength;
    }

    /** The table's initializer (default Glorot uniform). */
    public PositionEmbedding initializer(Initializer i) {
        this.initializer = i;
        return this;
    }

    /** The table {@code [sequence_length, D]} (after build). */
    public Variable embeddings() {
        return embeddings;
    }

    @Override
    protected void checkInputs(List<int[]> inputShapes) {
        int[] s = inputShapes.get(0);
        expectRank(s, 3);
        if (s[1] > sequenceLength) {
            throw new IllegalArgumentException(describe() + ": sequence of " + s[1] + " steps exceeds sequence_length "
                    + sequenceLength + ", input " + shapeStr(s));
        }
        if (embeddings != null) {
            expectLastAxis(s, embeddings.shape()[1]);
        }
    }

    @Override
    public void build(int[] inputShape) {
        embeddings = addWeight("embeddings", new int[] {sequenceLength, inputShape[2]}, initializer, null, null, true);
    }

    @Override
    public Tensor call(Tensor x, boolean training) {
        buildIfNeeded(x);
        Tensor table = embeddings.value().slice(0, 0, x.dim(1));
        return Tensor.zeros(x.shape()).add(table);
    }

    @Override
    public long flops(List<int[]> inputShapes) {
        return 0;
    }

    @Override
    public Map<String, Object> config() {
        Map<String, Object> c = super.config();
        c.put("sequence_length", sequenceLength);
        Object i = ObjectConfigs.initializer(initializer);
        if (i != null) {
            c.put("initializer", i);
        }
        return c;
    }

    /** Re-creates the layer from {@link #config()}. */
    public static PositionEmbedding fromConfig(Map<String, Object> c) {
        PositionEmbedding l = new PositionEmbedding(Configs.integer(c, "sequence_length"));
        l.applyBaseConfig(c);
        l.initializer(ObjectConfigs.initializer(c.get("initializer"), l.initializer));
        return l;
    }
}
