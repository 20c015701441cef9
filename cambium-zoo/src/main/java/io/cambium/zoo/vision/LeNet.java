package io.cambium.zoo.vision;

import io.cambium.nn.SymbolicTensor;
import io.cambium.nn.layers.conv.Conv2D;
import io.cambium.nn.layers.core.Dense;
import io.cambium.nn.layers.core.Flatten;
import io.cambium.nn.layers.pooling.AveragePooling2D;

/**
 * LeNet-5 (LeCun, Bottou, Bengio and Haffner, "Gradient-Based Learning Applied to Document
 * Recognition", 1998) for 28x28 images: C1 six 5x5 convolutions (padded, as the paper's 32x32
 * input gives 28x28 maps), S2 2x2 average pooling, C3 sixteen 5x5 convolutions, S4 2x2 average
 * pooling, then the classifier C5 (120 units), F6 (84 units) and the output layer; tanh throughout
 * (the paper's scaled tanh and RBF output units are replaced by tanh and softmax, as is usual
 * today). 61,706 parameters for 10 classes.
 */
public final class LeNet extends ImageClassifier<LeNet> {
    /** LeNet-5 for 28x28x1 images and 10 classes. */
    public LeNet() {
        super(new int[] {28, 28, 1}, 10);
    }

    @Override
    public String architecture() {
        return "LeNet-5";
    }

    @Override
    protected String defaultName() {
        return "lenet5";
    }

    @Override
    protected SymbolicTensor body(SymbolicTensor input) {
        SymbolicTensor x = new Conv2D(6, 5).padding("same").activation("tanh").name("c1").apply(input);
        x = new AveragePooling2D(2).name("s2").apply(x);
        x = new Conv2D(16, 5).activation("tanh").name("c3").apply(x);
        return new AveragePooling2D(2).name("s4").apply(x);
    }

    /** C5, F6 and the output layer on the flattened maps of S4. */
    @Override
    protected SymbolicTensor top(SymbolicTensor features) {
        SymbolicTensor x = new Flatten().name("flatten").apply(features);
        x = new Dense(120).activation("tanh").name("c5").apply(x);
        x = new Dense(84).activation("tanh").name("f6").apply(x);
        return new Dense(classes()).activation(classifierActivation()).name("predictions").apply(x);
    }
}
