package io.cambium.llm.finetune;

import io.cambium.llm.data.TokenBatch;
import io.cambium.llm.data.TokenDataset;
import io.cambium.tensor.random.Rng;
import java.util.ArrayList;
import java.util.List;

/**
 * Where fine-tuning batches come from: training batches drawn with a generator, and a fixed list of
 * validation batches. Targets equal to {@link #IGNORE} (PyTorch's {@code ignore_index}, -100) add
 * nothing to the loss: prompt tokens of instruction data and padding.
 */
public interface FineTuneData {
    /** The target id that is left out of the loss. */
    int IGNORE = -100;

    /** A training batch of {@code batchSize} sequences of at most {@code context} tokens. */
    TokenBatch next(int batchSize, int context, Rng rng);

    /** The validation batches (the same at every evaluation). */
    List<TokenBatch> validation(int batchSize, int context, int maxBatches);

    /** One line: what the data is. */
    String description();

    /**
     * Plain text: random windows of the training tokens (as pretraining) and consecutive windows
     * of the validation tokens.
     */
    static FineTuneData text(TokenDataset train, TokenDataset validation) {
        return new FineTuneData() {
            @Override
            public TokenBatch next(int batchSize, int context, Rng rng) {
                return train.randomBatch(batchSize, context, rng);
            }

            @Override
            public List<TokenBatch> validation(int batchSize, int context, int maxBatches) {
                long n = validation.sequentialBatches(batchSize, context);
                if (n == 0) {
                    throw new IllegalArgumentException("the validation text has " + validation.length()
                            + " tokens: too few for one batch of " + batchSize + " x " + context);
                }
                List<TokenBatch> out = new ArrayList<>();
                for (long k = 0; k < n && (maxBatches <= 0 || k < maxBatches); k++) {
                    out.add(validation.sequentialBatch(k, batchSize, context));
                }
                return out;
            }

            @Override
            public String description() {
                return String.format(java.util.Locale.ROOT, "text: %,d training tokens, %,d validation tokens",
                        train.length(), validation.length());
            }
        };
    }
}
