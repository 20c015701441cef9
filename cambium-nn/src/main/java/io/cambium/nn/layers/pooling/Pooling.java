package io.cambium.nn.layers.pooling;

import io.cambium.nn.Configs;
import io.cambium.nn.FluentLayer;
import io.cambium.nn.KeepsNoActivations;
import io.cambium.tensor.Tensor;
import io.cambium.tensor.ops.ConvPadding;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Keras's windowed pooling layers (max and average, 1-D and 2-D), channels-last. Strides default to
 * the pool size; padding VALID (default) or SAME (average pooling then counts only real cells).
 */
public abstract class Pooling<T extends Pooling<T>> extends FluentLayer<T> implements KeepsNoActivations {
    protected final int[] pool;
    protected int[] strides;
    protected ConvPadding padding = ConvPadding.VALID;

    protected Pooling(int[] pool) {
        for (int p : pool) {
            if (p <= 0) {
                throw new IllegalArgumentException(getClass().getSimpleName() + ": pool size must be positive, got "
                        + java.util.Arrays.toString(pool));
            }
        }
        this.pool = pool.clone();
        this.strides = pool.clone();
    }

    /** Strides (one value for all axes); default the pool size. */
    public T strides(int... s) {
        int[] v = s.length == 1 ? filled(pool.length, s[0]) : s.clone();
        if (v.length != pool.length) {
            throw new IllegalArgumentException(describe() + ": strides need 1 or " + pool.length + " values");
        }
        this.strides = v;
        return self();
    }

    /** VALID (default) or SAME. */
    public T padding(ConvPadding p) {
        if (p == ConvPadding.CAUSAL) {
            throw new IllegalArgumentException(describe() + ": pooling supports valid and same padding");
        }
        this.padding = p;
        return self();
    }

    /** Padding by Keras name. */
    public T padding(String p) {
        return padding(ConvPadding.valueOf(p.toUpperCase(Locale.ROOT)));
    }

    private static int[] filled(int n, int v) {
        int[] a = new int[n];
        java.util.Arrays.fill(a, v);
        return a;
    }

    /** The pooling op. */
    protected abstract Tensor pool(Tensor x);

    @Override
    protected void checkInputs(List<int[]> inputShapes) {
        expectRank(inputShapes.get(0), pool.length + 2);
    }

    @Override
    public Tensor call(Tensor x, boolean training) {
        return pool(x);
    }

    @Override
    public int[] computeOutputShape(int[] in) {
        int[] out = in.clone();
        for (int i = 0; i < pool.length; i++) {
            int n = in[1 + i];
            out[1 + i] = n < 0 ? -1 : padding == ConvPadding.SAME ? (int) ((n + (long) strides[i] - 1) / strides[i])
                    : Math.max(0, (n - pool[i]) / strides[i] + 1);
        }
        return out;
    }

    @Override
    public long flops(List<int[]> inputShapes) {
        int[] out = computeOutputShape(inputShapes.get(0));
        long n = 1;
        for (int i = 1; i < out.length; i++) {
            n *= Math.max(1, out[i]);
        }
        long window = 1;
        for (int p : pool) {
            window *= p;
        }
        return n * window;
    }

    @Override
    public Map<String, Object> config() {
        Map<String, Object> c = super.config();
        c.put("pool_size", Configs.list(pool));
        c.put("strides", Configs.list(strides));
        c.put("padding", padding.name().toLowerCase(Locale.ROOT));
        return c;
    }

    /** Restores the options of {@link #config()}. */
    protected void applyPoolingConfig(Map<String, Object> c) {
        applyBaseConfig(c);
        strides(Configs.ints(c, "strides"));
        padding(Configs.string(c, "padding", "valid"));
    }
}
