package io.cambium.compress.quantization;

import io.cambium.tensor.Tensor;
import io.cambium.tensor.quant.ActivationQuant;

/** Watches the values a layer receives during calibration and chooses their quantization range. */
public interface Observer {
    /** Records the values of one batch. */
    void observe(Tensor values);

    /** The quantization parameters for what was observed. */
    ActivationQuant quantParams();
}
