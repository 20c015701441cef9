package io.cambium.nn.losses;

import io.cambium.nn.Configs;
import io.cambium.nn.losses.Loss.Reduction;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** The built-in losses with Keras's names, defaults and reduction ({@code sum_over_batch_size}). */
public final class Losses {
    private Losses() {
    }

    /** Mean squared error. */
    public static Loss meanSquaredError() {
        return new MeanSquaredError();
    }

    /** Mean absolute error. */
    public static Loss meanAbsoluteError() {
        return new MeanAbsoluteError();
    }

    /** Mean absolute percentage error. */
    public static Loss meanAbsolutePercentageError() {
        return new MeanAbsolutePercentageError();
    }

    /** Mean squared logarithmic error. */
    public static Loss meanSquaredLogarithmicError() {
        return new MeanSquaredLogarithmicError();
    }

    /** Huber loss with the given delta. */
    public static Loss huber(double delta) {
        return new Huber(delta, Reduction.SUM_OVER_BATCH_SIZE);
    }

    /** Log-cosh loss. */
    public static Loss logCosh() {
        return new LogCosh();
    }

    /** Binary cross-entropy from probabilities. */
    public static Loss binaryCrossentropy() {
        return new BinaryCrossentropy();
    }

    /** Binary cross-entropy from logits or probabilities. */
    public static Loss binaryCrossentropy(boolean fromLogits) {
        return new BinaryCrossentropy(fromLogits);
    }

    /** Categorical cross-entropy from probabilities. */
    public static Loss categoricalCrossentropy() {
        return new CategoricalCrossentropy();
    }

    /** Categorical cross-entropy from logits or probabilities. */
    public static Loss categoricalCrossentropy(boolean fromLogits) {
        return new CategoricalCrossentropy(fromLogits);
    }

    /** Sparse categorical cross-entropy from probabilities. */
    public static Loss sparseCategoricalCrossentropy() {
        return new SparseCategoricalCrossentropy();
    }

    /** Sparse categorical cross-entropy from logits or probabilities. */
    public static Loss sparseCategoricalCrossentropy(boolean fromLogits) {
        return new SparseCategoricalCrossentropy(fromLogits);
    }

    /** Kullback-Leibler divergence. */
    public static Loss klDivergence() {
        return new KLDivergence();
    }

    /** Hinge loss. */
    public static Loss hinge() {
        return new Hinge();
    }

    /** Squared hinge loss. */
    public static Loss squaredHinge() {
        return new SquaredHinge();
    }

    /** Categorical hinge loss. */
    public static Loss categoricalHinge() {
        return new CategoricalHinge();
    }

    /** Cosine similarity loss. */
    public static Loss cosineSimilarity() {
        return new CosineSimilarity();
    }

    /** Poisson loss. */
    public static Loss poisson() {
        return new Poisson();
    }

    /** Binary focal cross-entropy with Keras's defaults. */
    public static Loss binaryFocalCrossentropy() {
        return new BinaryFocalCrossentropy();
    }

    /** Categorical focal cross-entropy with Keras's defaults. */
    public static Loss categoricalFocalCrossentropy() {
        return new CategoricalFocalCrossentropy();
    }

    /**
     * A loss by Keras name or alias ({@code mse}, {@code mae}, {@code mape}, {@code msle},
     * {@code binary_crossentropy}, {@code categorical_crossentropy},
     * {@code sparse_categorical_crossentropy}, {@code kld}, {@code huber}, ...) with its defaults.
     */
    public static Loss get(String name) {
        return fromConfig(Map.of("name", name));
    }

    /** {@code {"name": ..., "reduction": ..., hyperparameters}} for a built-in loss. */
    public static Map<String, Object> toConfig(RowLoss loss) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("name", loss.name());
        c.put("reduction", loss.reduction().name().toLowerCase(Locale.ROOT));
        c.putAll(loss.config());
        return c;
    }

    /**
     * Re-creates a built-in loss from {@link #toConfig(RowLoss)} (missing options take Keras's defaults).
     *
     * @throws IllegalArgumentException naming an unknown loss or reduction
     */
    public static Loss fromConfig(Map<String, Object> c) {
        String given = Configs.string(c, "name", null);
        if (given == null) {
            throw Configs.invalid(c, "name", "is required (the loss's Keras name)", null);
        }
        String name = given.toLowerCase(Locale.ROOT);
        String red = Configs.string(c, "reduction", null);
        Reduction r;
        try {
            r = red == null ? Reduction.SUM_OVER_BATCH_SIZE : Reduction.valueOf(red.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw Configs.invalid(c, "reduction", "must be sum_over_batch_size, sum or none", red);
        }
        return switch (name) {
            case "mean_squared_error", "mse" -> new MeanSquaredError(r);
            case "mean_absolute_error", "mae" -> new MeanAbsoluteError(r);
            case "mean_absolute_percentage_error", "mape" -> new MeanAbsolutePercentageError(r);
            case "mean_squared_logarithmic_error", "msle" -> new MeanSquaredLogarithmicError(r);
            case "huber", "huber_loss" -> new Huber(Configs.real(c, "delta", 1.0), r);
            case "log_cosh", "logcosh" -> new LogCosh(r);
            case "binary_crossentropy", "bce" -> new BinaryCrossentropy(logits(c), smoothing(c), r);
            case "categorical_crossentropy", "cce" -> new CategoricalCrossentropy(logits(c), smoothing(c), r);
            case "sparse_categorical_crossentropy" -> new SparseCategoricalCrossentropy(logits(c),
                    c.get("ignore_class") == null ? null : (Integer) Configs.integer(c, "ignore_class"), r);
            case "kl_divergence", "kld", "kullback_leibler_divergence" -> new KLDivergence(r);
            case "hinge" -> new Hinge(r);
            case "squared_hinge" -> new SquaredHinge(r);
            case "categorical_hinge" -> new CategoricalHinge(r);
            case "cosine_similarity" -> new CosineSimilarity(r);
            case "poisson" -> new Poisson(r);
            case "binary_focal_crossentropy" -> new BinaryFocalCrossentropy(
                    Configs.bool(c, "apply_class_balancing", false), Configs.real(c, "alpha", 0.25),
                    Configs.real(c, "gamma", 2.0), logits(c), smoothing(c), r);
            case "categorical_focal_crossentropy" -> new CategoricalFocalCrossentropy(Configs.real(c, "alpha", 0.25),
                    Configs.real(c, "gamma", 2.0), logits(c), smoothing(c), r);
            default -> throw Configs.unknown(c, "name", "loss", given);
        };
    }

    private static boolean logits(Map<String, Object> c) {
        return Configs.bool(c, "from_logits", false);
    }

    private static double smoothing(Map<String, Object> c) {
        return Configs.real(c, "label_smoothing", 0);
    }

    static double checkSmoothing(String loss, double s) {
        if (!(s >= 0 && s <= 1)) {
            throw new IllegalArgumentException(loss + ": label_smoothing must be in [0, 1], got " + s);
        }
        return s;
    }
}
