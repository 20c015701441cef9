package io.cambium.nn;

import io.cambium.nn.regularizers.Regularizer;

/**
 * A {@link Layer} whose options are fluent setters returning the concrete layer type {@code T},
 * in any order: {@code new Dense(8).inputShape(4).kernelRegularizer(r)} is a {@code Dense} and
 * {@code var c = new Conv2D(4, 3).strides(2)} is typed {@code Conv2D}.
 *
 * <p>Every built-in layer extends it with itself as {@code T} ({@code Dense extends
 * FluentLayer<Dense>}); families of layers pass the parameter on ({@code Conv2D extends
 * BaseConv<Conv2D>}). {@link Layer} itself stays non-generic, so code that holds layers of any
 * kind keeps writing {@code Layer} and {@code List<Layer>}. A custom layer gets the same typing by
 * extending {@code FluentLayer<MyLayer>} instead of {@code Layer}. Why this idiom:
 * {@code docs/decisions/fluent-setters.md}.
 *
 * @param <T> the concrete layer class
 */
public abstract class FluentLayer<T extends FluentLayer<T>> extends Layer {
    /** A layer with a unique default name derived from its class. */
    protected FluentLayer() {
        super();
    }

    /** A layer with the given name. */
    protected FluentLayer(String name) {
        super(name);
    }

    /** This layer as its concrete type, for setters to return. */
    @SuppressWarnings("unchecked")
    protected final T self() {
        return (T) this;
    }

    @Override
    public T name(String newName) {
        super.name(newName);
        return self();
    }

    @Override
    public T inputShape(int... shapeWithoutBatch) {
        super.inputShape(shapeWithoutBatch);
        return self();
    }

    @Override
    public T trainable(boolean value) {
        super.trainable(value);
        return self();
    }

    @Override
    public T activityRegularizer(Regularizer r) {
        super.activityRegularizer(r);
        return self();
    }
}
