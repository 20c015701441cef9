package io.cambium.ml.selection;

/** Samples split into a training part and a test part. */
public record TrainTest(double[][] XTrain, double[][] XTest, double[] yTrain, double[] yTest) {
}
