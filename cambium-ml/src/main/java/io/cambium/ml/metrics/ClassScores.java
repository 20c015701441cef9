package io.cambium.ml.metrics;

/**
 * Precision, recall, F-beta and support, one entry per label (average NONE) or a single entry for
 * an averaged result (then {@code support} is null, as in scikit-learn).
 *
 * @param labels the labels the entries belong to (for an average: the labels averaged over)
 * @param support the number of true samples of each label (with sample weights: their total
 *     weight)
 */
public record ClassScores(int[] labels, double[] precision, double[] recall, double[] fScore, double[] support) {
}
