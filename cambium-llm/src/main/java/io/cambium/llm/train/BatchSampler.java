package io.cambium.llm.train;

import io.cambium.llm.data.TokenBatch;
import io.cambium.llm.data.TokenDataset;
import io.cambium.tensor.random.Rng;

/**
 * Where a {@link Pretrainer} takes its training batches from, with a state that checkpoints keep
 * so that a resumed run draws the same batches. The default draws random windows
 * ({@link #randomWindows}); a fixed sequence replays given batches (for parity with a reference).
 */
public interface BatchSampler {
    /** The next batch of {@code batchSize} windows of {@code context} tokens and their next tokens. */
    TokenBatch next(int batchSize, int context);

    /** The state from which {@link #setState} continues the same sequence. */
    long[] state();

    /** Restores a state from {@link #state()}. */
    void setState(long[] state);

    /** Windows at uniform random starts of {@code data}, as nanoGPT's {@code get_batch}, from a seeded generator. */
    static BatchSampler randomWindows(TokenDataset data, long seed) {
        Rng rng = new Rng(seed);
        return new BatchSampler() {
            @Override
            public TokenBatch next(int batchSize, int context) {
                return data.randomBatch(batchSize, context, rng);
            }

            @Override
            public long[] state() {
                return rng.state();
            }

            @Override
            public void setState(long[] state) {
                rng.setState(state);
            }
        };
    }
}
