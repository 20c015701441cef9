package io.cambium.compress.quantization;

import io.cambium.tensor.Tensor;
import io.cambium.tensor.quant.ActivationQuant;

/**
 * The range from the smallest and largest value observed (PyTorch's {@code MinMaxObserver}; the
 * range is widened to contain 0). NaN values are ignored.
 */
public final class MinMaxObserver implements Observer {
    private float min = Float.POSITIVE_INFINITY;
    private float max = Float.NEGATIVE_INFINITY;

    @Override
    public void observe(Tensor values) {
        for (float v : values.data()) {
            if (v < min) {
                min = v;
            }
            if (v > max) {
                max = v;
            }
        }
    }

    @Override
    public ActivationQuant quantParams() {
        if (min > max) {
            throw new IllegalStateException("MinMaxObserver: nothing observed");
        }
        return ActivationQuant.ofRange(min, max);
    }
}
