package io.cambium.cli.llm;

import io.cambium.cli.UserError;
import io.cambium.llm.model.GptConfig;
import picocli.CommandLine.Option;

/** The model shape options of {@code cambium pretrain}: a preset and overrides. */
public final class ModelOptions {
    @Option(names = "--preset", defaultValue = "mini",
            description = "Model preset: tiny, mini, small, gpt2, llama-tiny, llama-small (default ${DEFAULT-VALUE}).")
    String preset;

    @Option(names = "--positions", description = "Position encoding: learned or rotary (default: the preset's).")
    String positions;

    @Option(names = "--context", description = "Context length (tokens).")
    Integer context;

    @Option(names = "--layers", description = "Transformer blocks.")
    Integer layers;

    @Option(names = "--heads", description = "Attention heads.")
    Integer heads;

    @Option(names = "--kv-heads", description = "Key/value heads (grouped-query attention; a divisor of --heads).")
    Integer kvHeads;

    @Option(names = "--d-model", description = "Width of the residual stream.")
    Integer dModel;

    @Option(names = "--mlp-hidden", description = "Hidden width of the MLPs.")
    Integer mlpHidden;

    @Option(names = "--dropout", description = "Embedding and residual dropout while training.")
    Double dropout;

    @Option(names = "--attention-dropout", description = "Dropout on attention probabilities (slower: unfused attention).")
    Double attentionDropout;

    /**
     * The configuration for a vocabulary of {@code vocab} ids.
     *
     * @throws IllegalArgumentException for an unknown preset or inconsistent options
     */
    public GptConfig config(int vocab) {
        GptConfig c = GptConfig.preset(preset).vocabSize(vocab);
        if (positions != null) {
            c.positions(switch (positions.toLowerCase(java.util.Locale.ROOT)) {
                case "learned" -> GptConfig.Positions.LEARNED;
                case "rotary" -> GptConfig.Positions.ROTARY;
                default -> throw new UserError("--positions must be learned or rotary, got '" + positions + "'");
            });
        }
        if (context != null) {
            c.contextLength(context);
        }
        if (dModel != null) {
            c.dModel(dModel);
        }
        if (layers != null) {
            c.layers(layers);
        }
        if (heads != null) {
            // A preset with grouped-query attention keeps its key/value heads when they still divide.
            int kv = c.kvHeads() == c.heads() ? heads : Math.max(1, c.kvHeads());
            c.heads(heads);
            if (kv != heads && heads % kv == 0) {
                c.kvHeads(kv);
            }
        }
        if (kvHeads != null) {
            c.kvHeads(kvHeads);
        }
        if (mlpHidden != null) {
            c.mlpHidden(mlpHidden);
        }
        if (dropout != null) {
            c.dropout(dropout);
        }
        if (attentionDropout != null) {
            c.attentionDropout(attentionDropout);
        }
        return c.validate();
    }

    /** Checks the preset name early (before any data is read). */
    public void checkPreset() {
        GptConfig.preset(preset);
        if (context != null && context <= 0) {
            throw new UserError("--context must be positive, got " + context);
        }
    }
}
