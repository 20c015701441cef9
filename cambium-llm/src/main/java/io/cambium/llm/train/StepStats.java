package io.cambium.llm.train;

/**
 * One optimizer step of a pretraining run: its number (1-based), the run's length, the mean
 * training loss of its micro-batches, the learning rate it used, the global gradient norm before
 * clipping, the throughput over the last progress interval and the estimated time left.
 */
public record StepStats(long step, long maxSteps, double loss, double learningRate, double gradNorm,
                        double tokensPerSecond, double etaSeconds) {
}
