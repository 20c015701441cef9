package io.cambium.llm.train;

import java.nio.file.Path;

/** Observes a pretraining run; every method does nothing by default. */
public interface PretrainListener {
    /** Before the first step of this call to {@link Pretrainer#run} ({@code fromStep} steps are done). */
    default void onStart(Pretrainer trainer, long fromStep) {
    }

    /** After every optimizer step. */
    default void onStep(StepStats stats) {
    }

    /** After every {@code logInterval}-th step (and the last): the progress line. */
    default void onProgress(StepStats stats) {
    }

    /** After a validation. */
    default void onEval(EvalStats stats) {
    }

    /** After a checkpoint was written. */
    default void onCheckpoint(long step, Path file) {
    }

    /** After the last step. */
    default void onEnd(PretrainResult result) {
    }
}
