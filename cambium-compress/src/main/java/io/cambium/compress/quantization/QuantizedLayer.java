package io.cambium.compress.quantization;

import io.cambium.nn.Activations;
import io.cambium.nn.Configs;
import io.cambium.nn.FluentLayer;
import io.cambium.nn.Variable;
import io.cambium.nn.initializers.Initializers;
import io.cambium.nn.io.WeightStorage;
import io.cambium.tensor.Tensor;
import io.cambium.tensor.quant.ActivationQuant;
import io.cambium.tensor.quant.Int8Matrix;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * What the int8 layers share: int8 weights quantized per output channel ({@code kernel_q [out, in]},
 * saved as I8, and {@code kernel_scale [out]}), a float32 bias, the input's calibrated uint8
 * quantization (scale and zero point, in the config) and the activation. The weights are frozen:
 * quantized layers are for inference.
 *
 * @param <T> the concrete layer type
 */
public abstract class QuantizedLayer<T extends QuantizedLayer<T>> extends FluentLayer<T> implements WeightStorage {
    protected final ActivationQuant inputQuant;
    protected final String activationName;
    protected final UnaryOperator<Tensor> activation;
    protected final boolean relu;
    protected final boolean useBias;
    protected final int outputs;
    protected Variable values;
    protected Variable scales;
    protected Variable bias;
    private volatile Int8Matrix matrix;

    protected QuantizedLayer(int outputs, ActivationQuant inputQuant, String activation, boolean useBias) {
        if (outputs <= 0) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ": outputs must be positive, got " + outputs);
        }
        this.outputs = outputs;
        this.inputQuant = inputQuant;
        this.activationName = activation;
        this.activation = Activations.get(activation);
        this.relu = Activations.isBuiltInRelu(this.activation);
        this.useBias = useBias;
    }

    /** The reduction size of the kernel for this input shape. */
    protected abstract int reduction(int[] inputShape);

    @Override
    public void build(int[] inputShape) {
        int in = reduction(inputShape);
        values = addWeight("kernel_q", new int[] {outputs, in}, Initializers.zeros(), null, null, false);
        scales = addWeight("kernel_scale", new int[] {outputs}, Initializers.ones(), null, null, false);
        if (useBias) {
            bias = addWeight("bias", new int[] {outputs}, Initializers.zeros(), null, null, false);
        }
    }

    /** Sets the weights from a quantized matrix and a float bias (or null). */
    public void setQuantized(Int8Matrix w, Tensor b) {
        if (w.outFeatures() != outputs || !isBuilt() || values.shape()[1] != w.inFeatures()) {
            throw new IllegalArgumentException(describe() + ": quantized weights [" + w.inFeatures() + ", "
                    + w.outFeatures() + "] do not fit " + (isBuilt() ? io.cambium.tensor.Shape.str(values.shape()) : "an unbuilt layer"));
        }
        values.assign(w.valuesTensor());
        scales.assign(Tensor.of(w.scales()));
        if (bias != null) {
            bias.assign(b);
        }
        matrix = w;
    }

    /** The int8 weights. */
    public Int8Matrix quantizedWeights() {
        Int8Matrix m = matrix;
        if (m == null) {
            try {
                m = Int8Matrix.fromTensors(values.value(), scales.value());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(describe() + ": " + e.getMessage(), e);
            }
            matrix = m;
        }
        return m;
    }

    /** The input's quantization. */
    public ActivationQuant inputQuant() {
        return inputQuant;
    }

    @Override
    public Map<String, String> weightDtypes() {
        return Map.of(values.name(), "I8");
    }

    @Override
    public void validateWeights() {
        matrix = null;
        quantizedWeights();
        if (bias != null) {
            for (float v : bias.value().data()) {
                if (!Float.isFinite(v)) {
                    throw new IllegalArgumentException(describe() + ": bias holds " + v);
                }
            }
        }
    }

    /** Bytes of the weights as stored: int8 values, float32 scales and bias. */
    public long storageBytes() {
        return quantizedWeights().storageBytes() + (bias == null ? 0 : 4L * outputs);
    }

    protected Tensor biasValue() {
        return bias == null ? null : bias.value();
    }

    protected Tensor finish(Tensor y) {
        return relu ? y : activation.apply(y);
    }

    @Override
    public Map<String, Object> config() {
        Map<String, Object> c = super.config();
        c.put("activation", activationName);
        c.put("use_bias", useBias);
        c.put("input_scale", (double) inputQuant.scale());
        c.put("input_zero_point", inputQuant.zeroPoint());
        return c;
    }

    /** The input quantization of a saved config. */
    protected static ActivationQuant inputQuant(Map<String, Object> c) {
        double s = Configs.number(c, "input_scale", Float.NaN);
        if (!(s > 0) || s > Float.MAX_VALUE) {
            throw new IllegalArgumentException("input_scale must be positive and finite, got " + s);
        }
        return new ActivationQuant((float) s, Configs.integer(c, "input_zero_point"));
    }
}
