package io.cambium.ml.nn;

import io.cambium.ml.Classifier;
import io.cambium.ml.Data;
import io.cambium.ml.SampleWeighted;
import io.cambium.nn.Model;
import io.cambium.nn.losses.Loss;
import io.cambium.nn.training.FitConfig;
import io.cambium.nn.training.History;
import io.cambium.tensor.Shape;
import io.cambium.tensor.Tensor;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * A Cambium neural network as a scikit-learn-style classifier (like scikeras'
 * {@code KerasClassifier}), so that cross-validation, hyperparameter search, ensembles and the
 * metrics work on it. Every {@code fit} builds a fresh compiled model from the factory and trains
 * it with a fresh {@link FitConfig}. Labels are encoded as class indices 0..k-1 and handed to the
 * loss in the form it expects ({@link TargetEncoding#AUTO}): one-hot rows [n, k] for the
 * categorical losses (categorical cross-entropy, categorical focal cross-entropy, categorical
 * hinge) and for binary losses on a k-unit output, indices [n] otherwise (sparse categorical
 * losses, one sigmoid unit). The model outputs either probabilities (softmax, or one sigmoid
 * unit for two classes) or, with {@link #logits(boolean)}, logits that {@link #predictProba}
 * turns into probabilities.
 */
public final class NeuralClassifier implements Classifier, SampleWeighted<int[]> {
    /** How class labels are given to the network's loss. */
    public enum TargetEncoding {
        /** One-hot for categorical losses (and binary losses on several units), indices otherwise. */
        AUTO,
        /** Class indices, shape [n] (sparse categorical losses, one sigmoid unit). */
        INDICES,
        /** One-hot rows, shape [n, classes]. */
        ONE_HOT
    }

    private final Supplier<? extends Model> build;
    private final Supplier<FitConfig> config;
    private boolean logits;
    private boolean balanced;
    private TargetEncoding targetEncoding = TargetEncoding.AUTO;
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

    /** How labels reach the loss (default {@link TargetEncoding#AUTO}: the form the loss expects). */
    public NeuralClassifier targetEncoding(TargetEncoding value) {
        this.targetEncoding = Objects.requireNonNull(value, "targetEncoding");
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
    public NeuralClassifier fit(double[][] X, int[] y) {
        return fit(X, y, null);
    }

    @Override
    public NeuralClassifier fit(Tensor X, Tensor y) {
        return fit(Data.matrix(X), Data.labels(y));
    }

    /**
     * @deprecated pass {@code int[]} labels
     */
    @Deprecated
    @Override
    public NeuralClassifier fit(double[][] X, double[] y) {
        return fit(X, Data.labels(y), null);
    }

    /**
     * @deprecated pass {@code int[]} labels
     */
    @Deprecated
    public NeuralClassifier fit(double[][] X, double[] y, double[] sampleWeight) {
        return fit(X, Data.labels(y), sampleWeight);
    }

    @Override
    public NeuralClassifier fit(double[][] X, int[] labels, double[] sampleWeight) {
        features = Data.check("NeuralClassifier", X, labels.length);
        Data.checkWeights("NeuralClassifier", sampleWeight, labels.length);
        classes = Data.unique(labels);
        int[] enc = Data.encode(labels, classes);
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
            float[] w = new float[sampleWeight.length];
            for (int i = 0; i < w.length; i++) {
                w[i] = (float) sampleWeight[i];
            }
            cfg.sampleWeight(new Tensor(w, w.length));
        }
        history = m.fit(xin, targets(enc, m), cfg);
        model = m;
        return this;
    }

    /** The encoded labels in the form the model's loss expects. */
    private Tensor targets(int[] enc, Model m) {
        int n = enc.length;
        int k = classes.length;
        if (encoding(m) == TargetEncoding.INDICES) {
            float[] t = new float[n];
            for (int i = 0; i < n; i++) {
                t[i] = enc[i];
            }
            return new Tensor(t, n);
        }
        float[] t = new float[n * k];
        for (int i = 0; i < n; i++) {
            t[i * k + enc[i]] = 1f;
        }
        return new Tensor(t, n, k);
    }

    private TargetEncoding encoding(Model m) {
        if (targetEncoding != TargetEncoding.AUTO) {
            return targetEncoding;
        }
        java.util.List<Loss> losses = m.trainer().losses();
        String loss = losses.isEmpty() ? "" : losses.get(0).name();
        if (loss.startsWith("categorical_")) {
            return TargetEncoding.ONE_HOT;
        }
        if (loss.startsWith("binary_")) {
            int[] out = m.computeOutputShape(batchShape());
            return out[out.length - 1] == 1 ? TargetEncoding.INDICES : TargetEncoding.ONE_HOT;
        }
        return TargetEncoding.INDICES;
    }

    private int[] batchShape() {
        int[] per = inputShape == null ? new int[] {features} : inputShape;
        int[] s = new int[per.length + 1];
        s[0] = -1;
        System.arraycopy(per, 0, s, 1, per.length);
        return s;
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
}
