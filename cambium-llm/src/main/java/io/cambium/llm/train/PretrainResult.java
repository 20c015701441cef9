package io.cambium.llm.train;

/**
 * The outcome of {@link Pretrainer#run}: steps completed, the last and best validation losses
 * (nats), the tokens trained on in the whole run, and the seconds this call took.
 */
public record PretrainResult(long steps, double lastTrainLoss, double lastValLoss, double bestValLoss,
                             long tokens, double seconds) {
}
