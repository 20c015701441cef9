package io.cambium.nn.layers.recurrent;

import io.cambium.nn.Configs;
import io.cambium.tensor.Tensor;
import io.cambium.tensor.ops.recurrent.GateActivation;
import io.cambium.tensor.ops.recurrent.GruOp;
import java.util.Map;

/**
 * Gated recurrent unit (Keras's GRU): kernel {@code [features, 3*units]}, recurrent kernel
 * {@code [units, 3*units]}, gates z, r, h. With {@link #resetAfter} (default true, as in Keras and
 * PyTorch) the bias is {@code [2, 3*units]} (input and recurrent biases); without it {@code [3*units]}.
 * To load PyTorch weights reorder its gate blocks r, z, n into z, r, h and transpose.
 */
public class GRU extends GatedRecurrent<GRU> {
    private boolean resetAfter = true;

    /** A GRU with {@code units} units. */
    public GRU(int units) {
        super(units);
    }

    /** Whether the reset gate applies after the recurrent projection (default true). */
    public GRU resetAfter(boolean v) {
        this.resetAfter = v;
        return this;
    }

    @Override
    protected int stateCount() {
        return 1;
    }

    @Override
    public void build(int[] inputShape) {
        buildWeights(inputShape[2], 3, resetAfter ? new int[] {2, 3 * units} : new int[] {3 * units}, biasInitializer);
    }

    @Override
    protected Tensor[] run(Tensor x, Tensor[] init, Tensor mask, Tensor recurrentMask) {
        return GruOp.forward(x, kernel.value(), recurrentKernel.value(), biasValue(), init[0],
                mask, recurrentMask, GateActivation.of(activation), gateActivation(), resetAfter, goBackwards);
    }

    @Override
    protected GRU reversedCopy() {
        GRU copy = copyOptionsInto(new GRU(units));
        copy.resetAfter = resetAfter;
        copy.goBackwards = !goBackwards;
        return copy;
    }

    @Override
    public Map<String, Object> config() {
        Map<String, Object> c = super.config();
        c.put("reset_after", resetAfter);
        return c;
    }

    /** Re-creates a GRU from {@link #config()}. */
    public static GRU fromConfig(Map<String, Object> c) {
        GRU l = new GRU(Configs.integer(c, "units"));
        l.applyRecurrentConfig(c);
        l.resetAfter(Configs.bool(c, "reset_after", true));
        return l;
    }
}
