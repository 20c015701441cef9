package io.cambium.ml.search;

/** The outcome of evaluating one point: a score and, under cross-validation, the fold scores. */
public record Evaluation(double score, double[] foldScores) {

    /** A single value without folds. */
    public static Evaluation of(double score) {
        return new Evaluation(score, new double[0]);
    }

    /** The mean of fold scores. */
    public static Evaluation ofFolds(double[] folds) {
        double s = 0;
        for (double v : folds) {
            s += v;
        }
        return new Evaluation(s / folds.length, folds.clone());
    }

    /** Population standard deviation of the fold scores (0 without folds). */
    public double std() {
        if (foldScores.length == 0) {
            return 0;
        }
        double m = 0;
        for (double v : foldScores) {
            m += v;
        }
        m /= foldScores.length;
        double s = 0;
        for (double v : foldScores) {
            s += (v - m) * (v - m);
        }
        return Math.sqrt(s / foldScores.length);
    }
}
