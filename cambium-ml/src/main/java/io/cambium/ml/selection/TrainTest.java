package io.cambium.ml.selection;

/**
 * Samples split into a training part and a test part.
 *
 * @param <Y> the target type: {@code int[]} labels or {@code double[]} values
 */
public record TrainTest<Y>(double[][] XTrain, double[][] XTest, Y yTrain, Y yTest) {
}
