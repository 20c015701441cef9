package io.cambium.ml.selection;

import java.util.List;

/** A source of train/test splits (scikit-learn's CV splitters). */
public interface CrossValidator {

    /** The folds for class labels {@code y} (labels are used only by stratified splitters). */
    List<Fold> split(int[] y);

    /** The folds for targets {@code y}; a stratified splitter requires integral values. */
    List<Fold> split(double[] y);

    /** Number of folds. */
    int nSplits();
}
