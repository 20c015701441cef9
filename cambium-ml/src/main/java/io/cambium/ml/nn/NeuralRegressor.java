package io.cambium.ml.nn;

import io.cambium.ml.Data;
import io.cambium.ml.Regressor;
import io.cambium.ml.SampleWeighted;
import io.cambium.nn.Model;
import io.cambium.nn.training.FitConfig;
import io.cambium.tensor.Tensor;
import java.util.function.Supplier;

/**
 * A Cambium neural network with one output unit as a scikit-learn-style regressor (like
 * scikeras' {@code KerasRegressor}); every {@code fit} trains a fresh compiled model on targets of
 * shape [n, 1].
 */
public final class NeuralRegressor implements Regressor, SampleWeighted<double[]> {
    private final Supplier<? extends Model> build;
    private final Supplier<FitConfig> config;
    private Model model;
    private int features;

    public NeuralRegressor(Supplier<? extends Model> build, Supplier<FitConfig> config) {
        this.build = build;
        this.config = config;
    }

    /** The trained network. */
    public Model model() {
        if (model == null) {
            throw new IllegalStateException("NeuralRegressor is not fitted yet; call fit first");
        }
        return model;
    }

    @Override
    public NeuralRegressor fit(double[][] X, double[] y) {
        return fit(X, y, null);
    }

    /** Fits with {@code sampleWeight[i]} multiplying sample i's loss (null: all ones). */
    @Override
    public NeuralRegressor fit(double[][] X, double[] y, double[] sampleWeight) {
        features = Data.check("NeuralRegressor", X, y.length);
        Data.checkWeights("NeuralRegressor", sampleWeight, y.length);
        Model m = build.get();
        if (m == null || !m.isCompiled()) {
            throw new IllegalStateException("NeuralRegressor: the model factory must return a compiled model");
        }
        float[] t = new float[y.length];
        for (int i = 0; i < y.length; i++) {
            t[i] = (float) y[i];
        }
        FitConfig cfg = config.get();
        if (sampleWeight != null) {
            float[] w = new float[sampleWeight.length];
            for (int i = 0; i < w.length; i++) {
                w[i] = (float) sampleWeight[i];
            }
            cfg.sampleWeight(new Tensor(w, w.length));
        }
        m.fit(Data.tensor(X), new Tensor(t, t.length, 1), cfg);
        model = m;
        return this;
    }

    @Override
    public NeuralRegressor fit(Tensor X, Tensor y) {
        return fit(Data.matrix(X), Data.vector(y));
    }

    @Override
    public double[] predict(double[][] X) {
        Data.checkFeatures("NeuralRegressor", X, features);
        Tensor out = model().predict(Data.tensor(X));
        if (out.numel() != X.length) {
            throw new IllegalStateException("NeuralRegressor: the model outputs " + out.numel() / Math.max(1, X.length)
                    + " values per sample; expected 1");
        }
        double[] p = new double[X.length];
        for (int i = 0; i < p.length; i++) {
            p[i] = out.data()[i];
        }
        return p;
    }
}
