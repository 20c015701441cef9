package io.cambium.nn.optimizers;

import io.cambium.nn.Variable;
import io.cambium.tensor.Tensor;
import java.util.List;
import java.util.Map;

/**
 * Updates trainable variables from their gradients. {@link #step(List)} applies one update to
 * every trainable variable that has a gradient; the gradients are left in place (call
 * {@link #zeroGrad(List)} before the next backward pass, as in PyTorch).
 */
public abstract class Optimizer {
    /** Applies one update from the current gradients. */
    public abstract void step(List<Variable> variables);

    /** Clears the gradients of the variables. */
    public void zeroGrad(List<Variable> variables) {
        for (Variable v : variables) {
            v.value().zeroGrad();
        }
    }

    /** The learning rate that the next step will use. */
    public abstract float learningRate();

    /** Sets the base learning rate (used by callbacks such as ReduceLROnPlateau). */
    public abstract void setLearningRate(float lr);

    /** The number of steps applied so far. */
    public abstract long iterations();

    /** The optimizer's hyperparameters, for saving a model (JSON-compatible values). */
    public abstract Map<String, Object> config();

    /** The slot tensors (moments etc.) keyed by {@code variableName/slotName}, plus step counters. */
    public abstract Map<String, Tensor> state();

    /** Restores slots saved by {@link #state()}; variables must be those the state was taken from. */
    public abstract void loadState(Map<String, Tensor> state);
}
