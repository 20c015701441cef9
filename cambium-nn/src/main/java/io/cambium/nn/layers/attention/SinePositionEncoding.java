package io.cambium.nn.layers.attention;

import io.cambium.nn.Configs;
import io.cambium.nn.FluentLayer;
import io.cambium.tensor.Tensor;
import java.util.List;
import java.util.Map;

/**
 * The fixed sinusoidal position encoding of "Attention Is All You Need" (keras_nlp's
 * SinePositionEncoding): for position p and feature i, {@code sin(p / w^(2⌊i/2⌋/D))} at even i and
 * {@code cos(...)} at odd i, returned with the input's shape {@code (batch, T, D)}; add it to the
 * token embeddings. No weights.
 */
public class SinePositionEncoding extends FluentLayer<SinePositionEncoding> {
    private final float maxWavelength;

    /** With the usual maximum wavelength 10000. */
    public SinePositionEncoding() {
        this(10000f);
    }

    /** With the given maximum wavelength. */
    public SinePositionEncoding(double maxWavelength) {
        this.maxWavelength = (float) maxWavelength;
    }

    @Override
    protected void checkInputs(List<int[]> inputShapes) {
        expectRank(inputShapes.get(0), 3);
    }

    @Override
    public Tensor call(Tensor x, boolean training) {
        return Tensor.zeros(x.shape()).add(encoding(x.dim(1), x.dim(2), maxWavelength));
    }

    /** The encoding table {@code [t, d]}. */
    public static Tensor encoding(int t, int d, float maxWavelength) {
        float[] e = new float[t * d];
        for (int p = 0; p < t; p++) {
            for (int i = 0; i < d; i++) {
                double angle = p / Math.pow(maxWavelength, 2.0 * (i / 2) / d);
                e[p * d + i] = (float) (i % 2 == 0 ? Math.sin(angle) : Math.cos(angle));
            }
        }
        return new Tensor(e, t, d);
    }

    @Override
    public Map<String, Object> config() {
        Map<String, Object> c = super.config();
        c.put("max_wavelength", (double) maxWavelength);
        return c;
    }

    /** Re-creates the layer from {@link #config()}. */
    public static SinePositionEncoding fromConfig(Map<String, Object> c) {
        SinePositionEncoding l = new SinePositionEncoding(Configs.number(c, "max_wavelength", 10000f));
        l.applyBaseConfig(c);
        return l;
    }
}
