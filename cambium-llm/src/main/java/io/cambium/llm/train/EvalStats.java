package io.cambium.llm.train;

/**
 * A validation during pretraining: the step after which it ran, the mean training loss of the
 * steps since the previous validation, the validation loss (mean next-token cross-entropy in
 * nats) and its perplexity {@code exp(valLoss)}.
 */
public record EvalStats(long step, double trainLoss, double valLoss) {
    /** {@code exp(valLoss)}. */
    public double valPerplexity() {
        return Math.exp(valLoss);
    }
}
