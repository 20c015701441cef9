package io.cambium.nn.metrics;

/** Factories for the built-in metrics, by their Keras names. */
public final class Metrics {
    private Metrics() {
    }

    /** Keras's "accuracy": binary, categorical or sparse, picked from the loss and shapes. */
    public static Metric accuracy() {
        return new Accuracy();
    }

    /** Binary accuracy at threshold 0.5. */
    public static Metric binaryAccuracy() {
        return new BinaryAccuracy();
    }

    /** Accuracy of one-hot targets. */
    public static Metric categoricalAccuracy() {
        return new CategoricalAccuracy();
    }

    /** Accuracy of integer class targets. */
    public static Metric sparseCategoricalAccuracy() {
        return new SparseCategoricalAccuracy();
    }

    /** Top-k accuracy. */
    public static Metric topKCategoricalAccuracy(int k) {
        return new TopKCategoricalAccuracy(k);
    }

    /** Precision at threshold 0.5. */
    public static Metric precision() {
        return new Precision();
    }

    /** Recall at threshold 0.5. */
    public static Metric recall() {
        return new Recall();
    }

    /** ROC AUC from scores (200 thresholds). */
    public static Metric auc() {
        return new AUC();
    }

    /** Mean squared error. */
    public static Metric meanSquaredError() {
        return new MeanSquaredError();
    }

    /** Mean absolute error. */
    public static Metric meanAbsoluteError() {
        return new MeanAbsoluteError();
    }

    /** A metric by Keras name ({@code "accuracy"}, {@code "auc"}, {@code "mse"}, ...). */
    public static Metric get(String name) {
        return switch (name) {
            case "accuracy", "acc" -> accuracy();
            case "binary_accuracy" -> binaryAccuracy();
            case "categorical_accuracy" -> categoricalAccuracy();
            case "sparse_categorical_accuracy" -> sparseCategoricalAccuracy();
            case "top_k_categorical_accuracy" -> topKCategoricalAccuracy(5);
            case "precision" -> precision();
            case "recall" -> recall();
            case "auc" -> auc();
            case "mse", "mean_squared_error" -> meanSquaredError();
            case "mae", "mean_absolute_error" -> meanAbsoluteError();
            default -> throw new IllegalArgumentException("unknown metric '" + name + "'");
        };
    }
}
