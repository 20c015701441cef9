package io.cambium.compress.quantization;

import io.cambium.compress.LayerWrapper;
import io.cambium.nn.Layer;
import io.cambium.tensor.Tensor;
import io.cambium.tensor.quant.ActivationQuant;
import io.cambium.tensor.quant.FakeQuantize;

/**
 * Quantization-aware training of a Dense or Conv2D layer (PyTorch's QAT modules with
 * {@code FakeQuantize}): the input is fake-quantized to uint8 with a moving-average min/max range
 * (averaging constant 0.01, as PyTorch's {@code MovingAverageMinMaxObserver}; updated in training
 * only), the kernel to int8 per output channel with its current symmetric scales; gradients pass
 * straight through the rounding to the float32 weights. {@link QuantizationAwareTraining#convert}
 * turns it into the int8 layer with the learned range.
 */
public final class FakeQuantized extends LayerWrapper<FakeQuantized> {
    /** PyTorch's averaging constant. */
    public static final float AVERAGING = 0.01f;
    private float min = Float.NaN;
    private float max = Float.NaN;

    /** Wraps {@code layer} (Dense or Conv2D). */
    public FakeQuantized(Layer layer) {
        super(layer);
    }

    /** The input range learned so far, as quantization parameters. */
    public ActivationQuant inputQuant() {
        if (Float.isNaN(min)) {
            throw new IllegalStateException(describe() + ": no input range observed yet (train first)");
        }
        return ActivationQuant.ofRange(min, max);
    }

    private void observe(Tensor x) {
        float lo = Float.POSITIVE_INFINITY;
        float hi = Float.NEGATIVE_INFINITY;
        for (float v : x.data()) {
            if (v < lo) {
                lo = v;
            }
            if (v > hi) {
                hi = v;
            }
        }
        if (!Float.isFinite(lo) || !Float.isFinite(hi)) {
            return;
        }
        if (Float.isNaN(min)) {
            min = lo;
            max = hi;
        } else {
            min += AVERAGING * (lo - min);
            max += AVERAGING * (hi - max);
        }
    }

    @Override
    public Tensor call(Tensor x, boolean training) {
        buildIfNeeded(x);
        if (training || Float.isNaN(min)) {
            observe(x);
        }
        Tensor xq = FakeQuantize.perTensor(x, inputQuant());
        Tensor k = kernel().value();
        Tensor kq = FakeQuantize.perChannelSymmetric(k, FakeQuantize.symmetricScales(k));
        return math().forward(xq, kq, biasValue());
    }
}
