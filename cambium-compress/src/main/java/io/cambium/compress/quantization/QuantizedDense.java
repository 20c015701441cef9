package io.cambium.compress.quantization;

import io.cambium.nn.Configs;
import io.cambium.tensor.Tensor;
import io.cambium.tensor.quant.ActivationQuant;
import io.cambium.tensor.quant.QuantizedOps;
import java.util.List;
import java.util.Map;

/**
 * The int8 form of a Dense layer (static quantization: uint8 inputs with a calibrated range, int8
 * per-channel weights, int32 accumulation, float32 output), made by {@link PostTrainingQuantization}
 * or {@link QuantizationAwareTraining#convert}. Any input rank ≥ 2, as Dense.
 */
public class QuantizedDense extends QuantizedLayer<QuantizedDense> {
    /** A layer with {@code units} outputs whose input is quantized with {@code inputQuant}. */
    public QuantizedDense(int units, ActivationQuant inputQuant, String activation, boolean useBias) {
        super(units, inputQuant, activation, useBias);
    }

    @Override
    protected int reduction(int[] inputShape) {
        return inputShape[inputShape.length - 1];
    }

    @Override
    protected void checkInputs(List<int[]> inputShapes) {
        int[] s = inputShapes.get(0);
        expectMinRank(s, 2);
        if (values != null) {
            expectLastAxis(s, values.shape()[1]);
        }
    }

    @Override
    public Tensor call(Tensor x, boolean training) {
        buildIfNeeded(x);
        int[] s = x.shape();
        Tensor y;
        if (s.length == 2) {
            y = QuantizedOps.linear(x, inputQuant, quantizedWeights(), biasValue(), relu);
        } else {
            int[] out = s.clone();
            out[s.length - 1] = outputs;
            y = QuantizedOps.linear(x.reshape(-1, s[s.length - 1]), inputQuant, quantizedWeights(), biasValue(), relu)
                    .reshape(out);
        }
        return finish(y);
    }

    @Override
    public int[] computeOutputShape(int[] inputShape) {
        int[] out = inputShape.clone();
        out[out.length - 1] = outputs;
        return out;
    }

    @Override
    public long flops(List<int[]> inputShapes) {
        int[] s = inputShapes.get(0);
        long positions = 1;
        for (int i = 1; i < s.length - 1; i++) {
            positions *= Math.max(1, s[i]);
        }
        return positions * (2L * s[s.length - 1] * outputs + (useBias ? outputs : 0));
    }

    @Override
    public Map<String, Object> config() {
        Map<String, Object> c = super.config();
        c.put("units", outputs);
        return c;
    }

    /** Re-creates the layer from {@link #config()}. */
    public static QuantizedDense fromConfig(Map<String, Object> c) {
        QuantizedDense d = new QuantizedDense(Configs.integer(c, "units"), inputQuant(c),
                Configs.string(c, "activation", "linear"), Configs.bool(c, "use_bias", true));
        d.applyBaseConfig(c);
        return d;
    }
}
