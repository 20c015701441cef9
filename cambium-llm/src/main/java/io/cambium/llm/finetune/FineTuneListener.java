package io.cambium.llm.finetune;

/** Progress of a {@link FineTuner} run. */
public interface FineTuneListener {
    /** After each optimizer step: its mean loss, learning rate, gradient norm before clipping and wall time. */
    default void onStep(int step, int steps, double loss, double learningRate, double gradNorm, double millis) {
    }

    /** After each evaluation (and once before training, at step 0). */
    default void onEvaluation(int step, double validationLoss) {
    }
}
