package io.cambium.nn.optimizers;

/**
 * The per-variable state of an optimizer: the variable's own step count (as in PyTorch, a variable
 * that had no gradient in a step does not advance), its slot arrays (moments, accumulators) and
 * any double-precision scalars (such as Nadam's momentum product).
 */
public final class SlotState {
    int[] shape;
    /** Number of updates applied to this variable. */
    public long step;
    /** Slot arrays in the order of the optimizer's slot names, each as long as the variable. */
    public final float[][] slots;
    /** Scalars in the order of the optimizer's scalar names. */
    public final double[] scalars;

    SlotState(int[] shape, int numel, int slotCount, int scalarCount) {
        this.shape = shape == null ? null : shape.clone();
        this.slots = new float[slotCount][numel];
        this.scalars = new double[scalarCount];
    }
}
