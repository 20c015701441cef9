package io.cambium.nn.constraints;

import io.cambium.tensor.Tensor;

/** Keras's NonNeg: negative weights are set to zero. */
public final class NonNeg implements Constraint {
    @Override
    public void apply(Tensor weight) {
        float[] d = weight.data();
        for (int i = 0; i < d.length; i++) {
            if (d[i] < 0) {
                d[i] = 0f;
            }
        }
    }
}
