package io.cambium.nn.layers.core;

import io.cambium.nn.Configs;
import io.cambium.nn.FluentLayer;
import io.cambium.nn.Masks;
import io.cambium.tensor.Tensor;
import java.util.List;
import java.util.Map;

/**
 * Marks the time steps of a {@code (batch, timesteps, features)} input whose features all equal
 * {@code maskValue} as padding (Keras's Masking): those steps are zeroed and the mask is passed to
 * the recurrent layers that read this output, which then skip them.
 */
public class Masking extends FluentLayer<Masking> {
    private final float maskValue;

    /** Masks steps equal to {@code maskValue} everywhere (Keras default 0). */
    public Masking(double maskValue) {
        this.maskValue = (float) maskValue;
    }

    /** Masks all-zero steps. */
    public Masking() {
        this(0f);
    }

    @Override
    protected void checkInputs(List<int[]> inputShapes) {
        expectMinRank(inputShapes.get(0), 3);
    }

    @Override
    public Tensor call(Tensor x, boolean training) {
        int b = x.dim(0);
        int t = x.dim(1);
        int inner = b * t == 0 ? 0 : x.numel() / (b * t);
        float[] d = x.data();
        float[] m = new float[b * t];
        for (int i = 0; i < b * t; i++) {
            for (int j = 0; j < inner; j++) {
                if (d[i * inner + j] != maskValue) {
                    m[i] = 1f;
                    break;
                }
            }
        }
        int[] bshape = x.shape();
        for (int i = 2; i < bshape.length; i++) {
            bshape[i] = 1;
        }
        Tensor mask = new Tensor(m, b, t);
        return Masks.attach(x.mul(mask.reshape(bshape)), mask);
    }

    @Override
    public Map<String, Object> config() {
        Map<String, Object> c = super.config();
        c.put("mask_value", (double) maskValue);
        return c;
    }

    /** Re-creates the layer from {@link #config()}. */
    public static Masking fromConfig(Map<String, Object> c) {
        Masking m = new Masking(Configs.number(c, "mask_value", 0f));
        m.applyBaseConfig(c);
        return m;
    }
}
