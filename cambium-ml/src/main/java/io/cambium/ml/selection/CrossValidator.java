package io.cambium.ml.selection;

import java.util.List;

/** A source of train/test splits (scikit-learn's CV splitters). */
public interface CrossValidator {

    /** The folds for {@code y} (labels are used only by stratified splitters). */
    List<Fold> split(double[] y);

    /** Number of folds. */
    int nSplits();
}
