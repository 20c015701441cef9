package io.cambium.nn;

import io.cambium.tensor.Shape;
import io.cambium.tensor.Tensor;

/**
 * A named, mutable weight of a layer (Keras's Variable, PyTorch's Parameter). Its value is a leaf
 * tensor that requires a gradient while the variable is trainable. Optimizers update the value in
 * place; non-trainable variables (frozen weights, BatchNormalization's moving statistics) are saved
 * and loaded but never touched by an optimizer.
 */
public final class Variable {
    private final String name;
    private final Tensor value;
    private boolean trainable;

    /** A variable holding {@code initial} (taken over, not copied). */
    public Variable(String name, Tensor initial, boolean trainable) {
        if (initial.gradFn() != null) {
            throw new IllegalArgumentException("Variable '" + name + "': initial value must be a leaf tensor");
        }
        this.name = name;
        this.value = initial;
        setTrainable(trainable);
    }

    /** The unique path of the variable, such as {@code dense_1/kernel}. */
    public String name() {
        return name;
    }

    /** The live value (a leaf tensor). */
    public Tensor value() {
        return value;
    }

    /** The shape of the value. */
    public int[] shape() {
        return value.shape();
    }

    /** The gradient accumulated by the last backward passes, or {@code null}. */
    public Tensor grad() {
        return value.grad();
    }

    /** Whether optimizers update this variable. */
    public boolean trainable() {
        return trainable;
    }

    /** Freezes or unfreezes this variable. */
    public void setTrainable(boolean t) {
        trainable = t;
        value.requiresGrad(t);
        if (!t) {
            value.zeroGrad();
        }
    }

    /**
     * Copies {@code newValue} into the variable in place.
     *
     * @throws IllegalArgumentException naming the variable and both shapes when they differ
     */
    public void assign(Tensor newValue) {
        if (!Shape.same(newValue.shape(), value.shape())) {
            throw new IllegalArgumentException("Variable '" + name + "': cannot assign a value of shape "
                    + Shape.str(newValue.shape()) + ", expected " + Shape.str(value.shape()));
        }
        value.copyFromInPlace(newValue);
    }

    @Override
    public String toString() {
        return "Variable(" + name + ", " + Shape.str(value.shape()) + (trainable ? "" : ", frozen") + ")";
    }
}
