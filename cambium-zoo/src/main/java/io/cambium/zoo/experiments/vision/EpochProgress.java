package io.cambium.zoo.experiments.vision;

import io.cambium.nn.callbacks.Callback;

/**
 * Where an experiment reports its work, epoch by epoch, so that a front end can show a progress
 * bar and the time left (the lab adapts its own progress to it).
 */
public interface EpochProgress {
    /** No reporting. */
    EpochProgress NONE = new EpochProgress() {
        @Override
        public void total(int epochs) {
        }

        @Override
        public Callback epochs(String label) {
            return new Callback() {
            };
        }
    };

    /** The number of epochs the whole experiment will train. */
    void total(int epochs);

    /** A callback for one training run that reports each finished epoch under {@code label}. */
    Callback epochs(String label);
}
