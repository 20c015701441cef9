package io.cambium.nn.layers.recurrent;

import io.cambium.nn.Configs;
import io.cambium.nn.initializers.Initializer;
import io.cambium.tensor.Tensor;
import io.cambium.tensor.ops.recurrent.GateActivation;
import io.cambium.tensor.ops.recurrent.LstmOp;
import java.util.Map;

/**
 * Long short-term memory (Keras's LSTM): kernel {@code [features, 4*units]}, recurrent kernel
 * {@code [units, 4*units]}, bias {@code [4*units]}, gates i, f, c, o. With {@link #unitForgetBias}
 * (default true) the forget-gate bias starts at 1. States: h and c. To load PyTorch weights:
 * kernel = weight_ih^T, recurrent kernel = weight_hh^T, bias = bias_ih + bias_hh.
 */
public class LSTM extends GatedRecurrent<LSTM> {
    private boolean unitForgetBias = true;

    /** An LSTM with {@code units} units. */
    public LSTM(int units) {
        super(units);
    }

    /** Whether the forget-gate bias starts at 1 (default true). */
    public LSTM unitForgetBias(boolean v) {
        this.unitForgetBias = v;
        return this;
    }

    @Override
    protected int stateCount() {
        return 2;
    }

    @Override
    public void build(int[] inputShape) {
        Initializer base = biasInitializer;
        Initializer biasInit = !unitForgetBias ? base : (shape, rng) -> {
            Tensor b = base.initialize(shape, rng);
            float[] d = b.data();
            for (int j = units; j < 2 * units; j++) {
                d[j] = 1f;
            }
            return b;
        };
        buildWeights(inputShape[2], 4, new int[] {4 * units}, biasInit);
    }

    @Override
    protected Tensor[] run(Tensor x, Tensor[] init, Tensor mask, Tensor recurrentMask) {
        return LstmOp.forward(x, kernel.value(), recurrentKernel.value(), biasValue(), init[0],
                init[1], mask, recurrentMask, GateActivation.of(activation), gateActivation(), goBackwards);
    }

    @Override
    protected LSTM reversedCopy() {
        LSTM copy = copyOptionsInto(new LSTM(units));
        copy.unitForgetBias = unitForgetBias;
        copy.goBackwards = !goBackwards;
        return copy;
    }

    @Override
    public Map<String, Object> config() {
        Map<String, Object> c = super.config();
        c.put("unit_forget_bias", unitForgetBias);
        return c;
    }

    /** Re-creates an LSTM from {@link #config()}. */
    public static LSTM fromConfig(Map<String, Object> c) {
        LSTM l = new LSTM(Configs.integer(c, "units"));
        l.applyRecurrentConfig(c);
        l.unitForgetBias(Configs.bool(c, "unit_forget_bias", true));
        return l;
    }
}
