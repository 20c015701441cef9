package io.cambium.nn.losses;

import io.cambium.tensor.Tensor;

/** Keras's rule for hinge targets: when every target is 0 or 1 they are mapped to -1 and 1. */
final class HingeLabels {
    private HingeLabels() {
    }

    static Tensor convert(Tensor yTrue) {
        float[] t = yTrue.data();
        for (float v : t) {
            if (v != 0f && v != 1f) {
                return yTrue;
            }
        }
        float[] c = new float[t.length];
        for (int i = 0; i < t.length; i++) {
            c[i] = 2 * t[i] - 1;
        }
        return new Tensor(c, yTrue.shape());
    }
}
