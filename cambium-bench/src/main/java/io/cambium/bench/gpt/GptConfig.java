package io.cambium.bench.gpt;

/**
 * The shape of a decoder-only transformer: vocabulary, context length, model width, layers,
 * heads and MLP width.
 */
public record GptConfig(int vocab, int context, int dModel, int layers, int heads, int mlpHidden) {
    /** The W5/W6 model: vocab 256, context 128, d_model 128, 4 layers, 4 heads, MLP 512. */
    public static final GptConfig W5 = new GptConfig(256, 128, 128, 4, 4, 512);

    public GptConfig {
        if (heads <= 0 || dModel % heads != 0) {
            throw new IllegalArgumentException("GptConfig: d_model " + dModel + " is not divisible by heads " + heads);
        }
    }

    /** The width of one attention head. */
    public int headDim() {
        return dModel / heads;
    }

    /** The parameter count of the model this configuration describes. */
    public long parameterCount() {
        long d = dModel;
        long block = 2 * (2 * d) + (d * 3 * d + 3 * d) + (d * d + d) + (d * mlpHidden + mlpHidden) + ((long) mlpHidden * d + d);
        return (long) vocab * d + (long) context * d + layers * block + 2 * d + d * vocab;
    }
}
