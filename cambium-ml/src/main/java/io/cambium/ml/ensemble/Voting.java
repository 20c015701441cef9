package io.cambium.ml.ensemble;

/** How a {@link VotingClassifier} combines its members. */
public enum Voting {
    /** Majority of predicted labels (weighted counts; ties go to the smaller label). */
    HARD,
    /** Argmax of the weighted mean of predicted probabilities. */
    SOFT
}
