package io.cambium.ml.selection;

/** One train/test split of sample indices. */
public record Fold(int[] train, int[] test) {
}
