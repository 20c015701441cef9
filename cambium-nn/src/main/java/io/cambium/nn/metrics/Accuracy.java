package io.cambium.nn.metrics;

import io.cambium.tensor.Tensor;

/**
 * Keras's {@code "accuracy"} string: picks binary, categorical or sparse categorical accuracy from
 * the compiled loss, or else from the shapes (one prediction per sample: binary; one target value
 * per sample with several predictions: sparse; otherwise categorical). Printed as {@code accuracy}.
 */
public class Accuracy extends Metric {
    private MeanMetric delegate;

    @Override
    public String name() {
        return "accuracy";
    }

    @Override
    public void configureFor(String lossName) {
        if (lossName == null) {
            return;
        }
        switch (lossName) {
            case "binary_crossentropy", "binary_focal_crossentropy", "hinge", "squared_hinge" ->
                    delegate = new BinaryAccuracy("accuracy", 0.5f);
            case "categorical_crossentropy", "categorical_focal_crossentropy" ->
                    delegate = new CategoricalAccuracy("accuracy");
            case "sparse_categorical_crossentropy" -> delegate = new SparseCategoricalAccuracy("accuracy");
            default -> {
            }
        }
    }

    @Override
    public void update(Tensor yTrue, Tensor yPred, Tensor sampleWeight) {
        if (delegate == null) {
            int[] p = yPred.shape();
            int[] t = yTrue.shape();
            int pLast = p.length == 0 ? 1 : p[p.length - 1];
            int tLast = t.length == 0 ? 1 : t[t.length - 1];
            if (p.length < 2 || pLast == 1) {
                delegate = new BinaryAccuracy("accuracy", 0.5f);
            } else if (t.length < p.length || tLast == 1) {
                delegate = new SparseCategoricalAccuracy("accuracy");
            } else {
                delegate = new CategoricalAccuracy("accuracy");
            }
        }
        delegate.update(yTrue, yPred, sampleWeight);
    }

    @Override
    public double result() {
        return delegate == null ? 0 : delegate.result();
    }

    @Override
    public void reset() {
        if (delegate != null) {
            delegate.reset();
        }
    }

    @Override
    public Metric newInstance() {
        Accuracy a = new Accuracy();
        if (delegate != null) {
            a.delegate = (MeanMetric) delegate.newInstance();
        }
        return a;
    }
}
