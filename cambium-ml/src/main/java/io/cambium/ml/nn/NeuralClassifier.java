package io.cambium.ml.nn;

import io.cambium.ml.Classifier;
import io.cambium.ml.Data;
import io.cambium.ml.SampleWeighted;
import io.cambium.nn.Model;
import io.cambium.nn.training.FitConfig;
import io.cambium.nn.training.History;
import io.cambium.tensor.Shape;
import io.cambium.tensor.Tensor;
import java.util.function.Supplier;

/**
 * A Cambium neural network as a scikit-learn-style classifier (like scikeras'
 * {@code KerasClassifier}), so that cross-validation, hyperparameter search, ensembles and the
 * metrics work on it. Every {@code fit} builds a fresh compiled model from the factory and trains
 * it with a fresh {@link FitConfig}; labels are encoded as class indices 0..k-1 (sparse targets of
 * shape [n]). The model outputs either probabilities (softmax, or one sigmoid unit for two
 * classes) or, with {@link #logits(boolean)}, logits that {@link #predictProba} turns into
 * probabilities.
 */
public final class NeuralClassifier implements Classifier, SampleWeighted {
    private final Supplier<? extends Model> build;
    private final Supplier<FitConfig> config;
    private boolean logits;
    private boolean balanced;
    private int[] inputShape;
    private Model model;
    private History history;
    private int[] classes;
    private int features;

    /**
     * @param build makes a new compiled model (e.g. a {@code Sequential} whose hyperparameters come
     *     from a search trial)
     * @param config makes the training configuration (epochs, batch size, callbacks, verbosity)
     */
    public NeuralClassifier(Supplier<? extends Model> build, Supplier<FitConfig> config) {
        this.build = build;
        this.config = config;
    }

    /** Whether the model outputs logits rather than probabilities (default false). */
    public NeuralClassifier logits(boolean value) {
        this.logits = value;
        return this;
    }

    /** Trains with scikit-learn's "balanced" class weights. */
    public NeuralClassifier classWeightBalanced(boolean value) {
        this.balanced = value;
        return this;
    }

    /** Reshapes each row to this per-sample shape before it enters the model (e.g. 28, 28, 1). */
    public NeuralClassifier inputShape(int... shape) {
        this.inputShape = shape.clone();
        return this;
    }

    /** The trained network. */
    public Model model() {
        requireFitted();
        return model;
    }

    /** The training history of the last fit. */
    public History history() {
        requireFitted();
        return history;
    }

    @Override
    public int[] classes() {
        requireFitted();
        return classes.clone();
    }

    private void requireFitted() {
        if (model == null) {
            throw new IllegalStateException("NeuralClassifier is not fitted yet; call fit first");
        }
    }

    @Override
    public NeuralClassifier fit(double[][] X, double[] y) {
        return fit(X, y, null);
    }

    @Override
    public NeuralClassifier fit(double[][] X, double[] y, double[] sampleWeight) {
        features = Data.check("NeuralClassifier", X, y.length);
        int[] labels = Data.labels(y);
        classes = Data.unique(labels);
        int[] enc = Data.encode(labels, classes);
        float[] t = new float[enc.length];
        for (int i = 0; i < enc.length; i++) {
            t[i] = enc[i];
        }
        Tensor xin = input(X);
        Model m = build.get();
        if (m == null || !m.isCompiled()) {
            throw new IllegalStateException("NeuralClassifier: the model factory must return a compiled model");
        }
        FitConfig cfg = config.get();
        if (balanced) {
            cfg.classWeightBalanced();
        }
        if (sampleWeight != null) {
            if (sampleWeight.length != y.length) {
                throw new IllegalArgumentException("NeuralClassifier: " + sampleWeight.length + " sample weights for "
                        + y.length + " samples");
            }
            float[] w = new float[sampleWeight.length];
            for (int i = 0; i < w.length; i++) {
                w[i] = (float) sampleWeight[i];
            }
            cfg.sampleWeight(new Tensor(w, w.length));
        }
        history = m.fit(xin, new Tensor(t, t.length), cfg);
        model = m;
        return this;
    }

    private Tensor input(double[][] X) {
        Tensor x = Data.tensor(X);
        if (inputShape == null) {
            return x;
        }
        int[] shape = new int[inputShape.length + 1];
        shape[0] = X.length;
        System.arraycopy(inputShape, 0, shape, 1, inputShape.length);
        if (Shape.numel(shape) != x.numel()) {
            throw new IllegalArgumentException("NeuralClassifier: rows of " + features + " features cannot be reshaped"
                    + " to " + Shape.str(inputShape));
        }
        return x.reshape(shape);
    }

    @Override
    public double[][] predictProba(double[][] X) {
        requireFitted();
        Data.checkFeatures("NeuralClassifier", X, features);
        Tensor out = model.predict(input(X));
        int[] s = out.shape();
        int k = classes.length;
        float[] d = out.data();
        double[][] p = new double[X.length][k];
        if (s.length == 2 && s[1] == 1 && k == 2) {
            for (int i = 0; i < X.length; i++) {
                double p1 = logits ? 1 / (1 + Math.exp(-d[i])) : d[i];
                p[i][0] = 1 - p1;
                p[i][1] = p1;
            }
            return p;
        }
        if (s.length != 2 || s[1] != k) {
            throw new IllegalStateException("NeuralClassifier: the model outputs shape " + Shape.str(s) + " but there are "
                    + k + " classes; expected [n, " + k + "]" + (k == 2 ? " or [n, 1]" : ""));
        }
        for (int i = 0; i < X.length; i++) {
            if (logits) {
                double max = Double.NEGATIVE_INFINITY;
                for (int j = 0; j < k; j++) {
                    max = Math.max(max, d[i * k + j]);
                }
                double sum = 0;
                for (int j = 0; j < k; j++) {
                    p[i][j] = Math.exp(d[i * k + j] - max);
                    sum += p[i][j];
                }
                for (int j = 0; j < k; j++) {
                    p[i][j] /= sum;
                }
            } else {
                for (int j = 0; j < k; j++) {
                    p[i][j] = d[i * k + j];
                }
            }
        }
        return p;
    }

    @Override
    public double[] predict(double[][] X) {
        double[][] p = predictProba(X);
        double[] out = new double[X.length];
        for (int i = 0; i < X.length; i++) {
            int best = 0;
            for (int j = 1; j < p[i].length; j++) {
                if (p[i][j] > p[i][best]) {
                    best = j;
                }
            }
            out[i] = classes[best];
        }
        return out;
    }
}
