package io.cambium.nn.layers.recurrent;

import io.cambium.nn.Configs;
import io.cambium.tensor.Tensor;
import io.cambium.tensor.ops.recurrent.GateActivation;
import io.cambium.tensor.ops.recurrent.SimpleRnnOp;
import java.util.Map;

/**
 * A fully connected recurrent layer (Keras's SimpleRNN): {@code h_t = act(x_t W + h_{t-1} R + b)},
 * kernel {@code [features, units]}, recurrent kernel {@code [units, units]}, bias {@code [units]}.
 */
public class SimpleRNN extends Recurrent<SimpleRNN> {
    /** A SimpleRNN with {@code units} units. */
    public SimpleRNN(int units) {
        super(units);
    }

    @Override
    protected int stateCount() {
        return 1;
    }

    @Override
    public void build(int[] inputShape) {
        buildWeights(inputShape[2], 1, new int[] {units}, biasInitializer);
    }

    @Override
    protected Tensor[] run(Tensor x, Tensor[] init, Tensor mask, Tensor recurrentMask) {
        return SimpleRnnOp.forward(x, kernel.value(), recurrentKernel.value(), biasValue(),
                init[0], mask, recurrentMask, GateActivation.of(activation), goBackwards);
    }

    @Override
    protected SimpleRNN reversedCopy() {
        SimpleRNN copy = copyOptionsInto(new SimpleRNN(units));
        copy.goBackwards = !goBackwards;
        return copy;
    }

    /** Re-creates a SimpleRNN from {@link #config()}. */
    public static SimpleRNN fromConfig(Map<String, Object> c) {
        SimpleRNN l = new SimpleRNN(Configs.integer(c, "units"));
        l.applyRecurrentConfig(c);
        return l;
    }
}
