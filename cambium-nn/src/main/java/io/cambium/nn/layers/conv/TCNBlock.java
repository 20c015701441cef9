package io.cambium.nn.layers.conv;

import io.cambium.Cambium;
import io.cambium.nn.Activations;
import io.cambium.nn.Configs;
import io.cambium.nn.FluentLayer;
import io.cambium.tensor.Tensor;
import io.cambium.tensor.random.Rng;
import java.util.List;
import java.util.Map;

/**
 * A residual block of a temporal convolutional network (Bai, Kolter and Koltun 2018; keras-tcn's
 * ResidualBlock): two causal dilated {@link Conv1D}s, each followed by the activation and dropout,
 * added to the input (through a 1×1 convolution when the channel counts differ) and passed through
 * the activation. Input {@code (batch, steps, channels)}, output {@code (batch, steps, filters)};
 * output step t depends only on input steps {@code t - receptiveField() + 1 .. t}.
 */
public class TCNBlock extends FluentLayer<TCNBlock> implements io.cambium.nn.TemporalReceptiveField {
    private final int filters;
    private final int kernelSize;
    private final int dilation;
    private float dropout;
    private String activation = "relu";
    private Conv1D conv1;
    private Conv1D conv2;
    private Conv1D projection;

    /** A block of {@code filters} channels, kernel width {@code kernelSize}, dilation {@code dilation}. */
    public TCNBlock(int filters, int kernelSize, int dilation) {
        if (filters <= 0 || kernelSize <= 0 || dilation <= 0) {
            throw new IllegalArgumentException("TCNBlock: filters, kernel size and dilation must be positive, got "
                    + filters + ", " + kernelSize + ", " + dilation);
        }
        this.filters = filters;
        this.kernelSize = kernelSize;
        this.dilation = dilation;
    }

    /** Dropout rate after each convolution (training only). */
    public TCNBlock dropout(double rate) {
        if (rate < 0 || rate >= 1) {
            throw new IllegalArgumentException(describe() + ": dropout must be in [0, 1), got " + rate);
        }
        this.dropout = (float) rate;
        return this;
    }

    /** The activation by Keras name (default relu). */
    public TCNBlock activation(String name) {
        Activations.get(name);
        this.activation = name;
        return this;
    }

    /** The steps one output sees: {@code 1 + 2·(k - 1)·dilation}. */
    @Override
    public int receptiveField() {
        return 1 + 2 * (kernelSize - 1) * dilation;
    }

    /** The 1×1 projection of the residual, or {@code null} when the channel counts match. */
    public Conv1D projection() {
        return projection;
    }

    @Override
    protected void checkInputs(List<int[]> inputShapes) {
        expectRank(inputShapes.get(0), 3);
        if (conv1 != null) {
            expectLastAxis(inputShapes.get(0), conv1.kernel().shape()[1]);
        }
    }

    @Override
    public void build(int[] s) {
        if (conv1 != null) {
            return; // built before: keep the sub-layers and their weights
        }
        conv1 = new Conv1D(filters, kernelSize).padding("causal").dilationRate(dilation).name(name() + "_conv1");
        conv2 = new Conv1D(filters, kernelSize).padding("causal").dilationRate(dilation).name(name() + "_conv2");
        conv1.ensureBuilt(List.of(s));
        int[] mid = {s[0], s[1], filters};
        conv2.ensureBuilt(List.of(mid));
        if (s[2] != filters) {
            projection = new Conv1D(filters, 1).name(name() + "_projection");
            projection.ensureBuilt(List.of(s));
        }
    }

    @Override
    public Tensor call(Tensor x, boolean training) {
        buildIfNeeded(x);
        var act = Activations.get(activation);
        Tensor h = drop(act.apply(conv1.apply(x, training)), training);
        h = drop(act.apply(conv2.apply(h, training)), training);
        Tensor res = projection == null ? x : projection.apply(x, training);
        return act.apply(h.add(res));
    }

    private Tensor drop(Tensor h, boolean training) {
        if (!training || dropout == 0f) {
            return h;
        }
        Rng rng = Cambium.rng();
        synchronized (rng) {
            return h.dropout(dropout, rng);
        }
    }

    @Override
    public int[] computeOutputShape(int[] s) {
        return new int[] {s[0], s[1], filters};
    }

    @Override
    public long flops(List<int[]> inputShapes) {
        int[] s = inputShapes.get(0);
        int[] mid = {s[0], s[1], filters};
        long f = conv1.flops(List.of(s)) + conv2.flops(List.of(mid));
        if (projection != null) {
            f += projection.flops(List.of(s));
        }
        return f;
    }

    @Override
    public Map<String, Object> config() {
        Map<String, Object> c = super.config();
        c.put("filters", filters);
        c.put("kernel_size", kernelSize);
        c.put("dilation_rate", dilation);
        c.put("dropout", (double) dropout);
        c.put("activation", activation);
        return c;
    }

    /** Re-creates the block from {@link #config()}. */
    public static TCNBlock fromConfig(Map<String, Object> c) {
        TCNBlock l = new TCNBlock(Configs.integer(c, "filters"), Configs.integer(c, "kernel_size"),
                Configs.integer(c, "dilation_rate"));
        l.applyBaseConfig(c);
        l.dropout(Configs.number(c, "dropout", 0f));
        l.activation(Configs.string(c, "activation", "relu"));
        return l;
    }
}
