package io.cambium.ml.metrics;

/** How per-class precision, recall and F-scores are combined (scikit-learn's {@code average}). */
public enum Average {
    /** Only the positive class of a binary problem. */
    BINARY,
    /** Global counts of true positives, false negatives and false positives. */
    MICRO,
    /** Unweighted mean over classes. */
    MACRO,
    /** Mean over classes weighted by support (number of true instances). */
    WEIGHTED,
    /** No averaging: one value per class. */
    NONE
}
