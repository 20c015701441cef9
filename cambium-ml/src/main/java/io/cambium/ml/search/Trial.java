package io.cambium.ml.search;

import java.util.Map;

/** One evaluated point of a search, numbered from 1 in evaluation order. */
public record Trial(int number, Map<String, Object> params, Evaluation evaluation, double seconds) {

    /** The trial's score (mean over folds under cross-validation). */
    public double score() {
        return evaluation.score();
    }
}
