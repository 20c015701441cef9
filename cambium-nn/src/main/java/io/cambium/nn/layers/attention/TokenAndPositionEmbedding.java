package io.cambium.nn.layers.attention;

import io.cambium.nn.Configs;
import io.cambium.nn.FluentLayer;
import io.cambium.nn.Masks;
import io.cambium.nn.layers.embedding.Embedding;
import io.cambium.tensor.Tensor;
import java.util.List;
import java.util.Map;

/**
 * Token embedding plus learned position embedding (keras_nlp's TokenAndPositionEmbedding): ids
 * {@code (batch, T)} to {@code (batch, T, D)}. With {@code maskZero} id 0 is padding and the output
 * carries the mask.
 */
public class TokenAndPositionEmbedding extends FluentLayer<TokenAndPositionEmbedding> {
    private final int vocabularySize;
    private final int sequenceLength;
    private final int embeddingDim;
    private boolean maskZero;
    private Embedding tokens;
    private PositionEmbedding positions;

    /** Ids below {@code vocabularySize}, sequences up to {@code sequenceLength}, width {@code embeddingDim}. */
    public TokenAndPositionEmbedding(int vocabularySize, int sequenceLength, int embeddingDim) {
        this.vocabularySize = vocabularySize;
        this.sequenceLength = sequenceLength;
        this.embeddingDim = embeddingDim;
    }

    /** Whether id 0 is padding (default false). */
    public TokenAndPositionEmbedding maskZero(boolean v) {
        this.maskZero = v;
        return this;
    }

    @Override
    protected void checkInputs(List<int[]> inputShapes) {
        expectRank(inputShapes.get(0), 2);
    }

    @Override
    public void build(int[] inputShape) {
        if (tokens != null) {
            return; // built before: keep the sub-layers and their weights
        }
        tokens = new Embedding(vocabularySize, embeddingDim).maskZero(maskZero).name(name() + "_token_embedding");
        positions = new PositionEmbedding(sequenceLength).name(name() + "_position_embedding");
        tokens.ensureBuilt(List.of(inputShape));
        positions.ensureBuilt(List.of(new int[] {inputShape[0], inputShape[1], embeddingDim}));
    }

    @Override
    public Tensor call(Tensor ids, boolean training) {
        buildIfNeeded(ids);
        Tensor e = tokens.apply(ids, training);
        return Masks.attach(e.add(positions.apply(e, training)), Masks.of(e));
    }

    @Override
    public int[] computeOutputShape(int[] inputShape) {
        return new int[] {inputShape[0], inputShape[1], embeddingDim};
    }

    @Override
    public Map<String, Object> config() {
        Map<String, Object> c = super.config();
        c.put("vocabulary_size", vocabularySize);
        c.put("sequence_length", sequenceLength);
        c.put("embedding_dim", embeddingDim);
        c.put("mask_zero", maskZero);
        return c;
    }

    /** Re-creates the layer from {@link #config()}. */
    public static TokenAndPositionEmbedding fromConfig(Map<String, Object> c) {
        TokenAndPositionEmbedding l = new TokenAndPositionEmbedding(Configs.integer(c, "vocabulary_size"),
                Configs.integer(c, "sequence_length"), Configs.integer(c, "embedding_dim"));
        l.applyBaseConfig(c);
        l.maskZero(Configs.bool(c, "mask_zero", false));
        return l;
    }
}
