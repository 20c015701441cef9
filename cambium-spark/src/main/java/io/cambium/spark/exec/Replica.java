package io.cambium.spark.exec;

import io.cambium.nn.Model;
import io.cambium.nn.losses.Loss;

/** A model rebuilt on an executor from a {@link ModelSpec}, with its loss. */
record Replica(Model model, Loss loss) {
    /** Sets the trainable then the non-trainable variables from one flat array. */
    void assign(float[] params) {
        int off = Flat.assign(model.trainableVariables(), params, 0);
        Flat.assign(model.nonTrainableVariables(), params, off);
    }

    /** The trainable then the non-trainable variables as one flat array. */
    float[] params() {
        int t = Flat.count(model.trainableVariables());
        float[] out = new float[t + Flat.count(model.nonTrainableVariables())];
        int off = Flat.values(model.trainableVariables(), out, 0);
        Flat.values(model.nonTrainableVariables(), out, off);
        return out;
    }
}
