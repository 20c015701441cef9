package io.cambium.compress.quantization;

import io.cambium.nn.Configs;
import io.cambium.tensor.Tensor;
import io.cambium.tensor.quant.ActivationQuant;
import io.cambium.tensor.quant.QuantizedOps;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The int8 form of a Conv2D layer (one group, channels-last, {@code same} or {@code valid}
 * padding): the input is quantized to uint8 with its calibrated range, unfolded, multiplied with the
 * int8 per-channel kernel in int32, and dequantized with the bias and activation.
 */
public class QuantizedConv2D extends QuantizedLayer<QuantizedConv2D> {
    private final int kh;
    private final int kw;
    private final int[] strides;
    private final int[] dilation;
    private final boolean same;

    /** A layer with {@code filters} outputs and a {@code kh x kw} window. */
    public QuantizedConv2D(int filters, int kh, int kw, int[] strides, int[] dilation, String padding,
                           ActivationQuant inputQuant, String activation, boolean useBias) {
        super(filters, inputQuant, activation, useBias);
        if (kh <= 0 || kw <= 0 || strides.length != 2 || dilation.length != 2) {
            throw new IllegalArgumentException("QuantizedConv2D: invalid window " + kh + "x" + kw);
        }
        for (int i = 0; i < 2; i++) {
            if (strides[i] <= 0 || dilation[i] <= 0) {
                throw new IllegalArgumentException("QuantizedConv2D: strides and dilation must be positive");
            }
        }
        String p = padding.toLowerCase(Locale.ROOT);
        if (!p.equals("same") && !p.equals("valid")) {
            throw new IllegalArgumentException("QuantizedConv2D: padding must be same or valid, got " + padding);
        }
        this.kh = kh;
        this.kw = kw;
        this.strides = strides.clone();
        this.dilation = dilation.clone();
        this.same = p.equals("same");
    }

    @Override
    protected int reduction(int[] inputShape) {
        return kh * kw * inputShape[inputShape.length - 1];
    }

    @Override
    protected void checkInputs(List<int[]> inputShapes) {
        int[] s = inputShapes.get(0);
        expectRank(s, 4);
        if (values != null && s[3] * kh * kw != values.shape()[1]) {
            throw new IllegalArgumentException(describe() + ": expected input with " + values.shape()[1] / (kh * kw)
                    + " channels, got " + shapeStr(s));
        }
    }

    @Override
    public Tensor call(Tensor x, boolean training) {
        buildIfNeeded(x);
        return finish(QuantizedOps.conv2d(x, inputQuant, quantizedWeights(), kh, kw, strides, dilation, same,
                biasValue(), relu));
    }

    private int outLength(int in, int k, int stride, int dil) {
        if (in < 0) {
            return -1;
        }
        int span = (k - 1) * dil + 1;
        return same ? (in + stride - 1) / stride : Math.max(0, (in - span) / stride + 1);
    }

    @Override
    public int[] computeOutputShape(int[] s) {
        return new int[] {s[0], outLength(s[1], kh, strides[0], dilation[0]), outLength(s[2], kw, strides[1], dilation[1]),
            outputs};
    }

    @Override
    public long flops(List<int[]> inputShapes) {
        int[] out = computeOutputShape(inputShapes.get(0));
        long window = (long) kh * kw * inputShapes.get(0)[3];
        return (long) Math.max(1, out[1]) * Math.max(1, out[2]) * outputs * (2 * window + (useBias ? 1 : 0));
    }

    @Override
    public Map<String, Object> config() {
        Map<String, Object> c = super.config();
        c.put("filters", outputs);
        c.put("kernel_size", Configs.list(new int[] {kh, kw}));
        c.put("strides", Configs.list(strides));
        c.put("dilation_rate", Configs.list(dilation));
        c.put("padding", same ? "same" : "valid");
        return c;
    }

    /** Re-creates the layer from {@link #config()}. */
    public static QuantizedConv2D fromConfig(Map<String, Object> c) {
        int[] k = Configs.ints(c, "kernel_size");
        if (k.length != 2) {
            throw new IllegalArgumentException("QuantizedConv2D: kernel_size needs 2 values, got " + k.length);
        }
        QuantizedConv2D l = new QuantizedConv2D(Configs.integer(c, "filters"), k[0], k[1], Configs.ints(c, "strides"),
                Configs.ints(c, "dilation_rate"), Configs.string(c, "padding", "valid"), inputQuant(c),
                Configs.string(c, "activation", "linear"), Configs.bool(c, "use_bias", true));
        l.applyBaseConfig(c);
        return l;
    }
}
