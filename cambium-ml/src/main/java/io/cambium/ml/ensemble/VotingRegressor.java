package io.cambium.ml.ensemble;

import io.cambium.ml.Estimator;
import io.cambium.ml.Regressor;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/** Averaging ensemble: the weighted mean of its members' predictions (scikit-learn's VotingRegressor). */
public final class VotingRegressor implements Regressor {
    private final List<Supplier<? extends Estimator>> factories;
    private final double[] weights;
    private List<Estimator> members;

    public VotingRegressor(List<Supplier<? extends Estimator>> members) {
        this(members, null);
    }

    /** @param weights one per member, or null for equal weights */
    public VotingRegressor(List<Supplier<? extends Estimator>> members, double[] weights) {
        if (members.isEmpty()) {
            throw new IllegalArgumentException("VotingRegressor needs at least one member");
        }
        if (weights != null && weights.length != members.size()) {
            throw new IllegalArgumentException("VotingRegressor: " + weights.length + " weights for " + members.size()
                    + " members");
        }
        this.factories = List.copyOf(members);
        this.weights = weights == null ? null : weights.clone();
    }

    @Override
    public VotingRegressor fit(double[][] X, double[] y) {
        members = new ArrayList<>();
        for (Supplier<? extends Estimator> f : factories) {
            Estimator e = f.get();
            e.fit(X, y);
            members.add(e);
        }
        return this;
    }

    @Override
    public double[] predict(double[][] X) {
        if (members == null) {
            throw new IllegalStateException("VotingRegressor is not fitted yet; call fit first");
        }
        double[] out = new double[X.length];
        double ws = 0;
        for (int m = 0; m < members.size(); m++) {
            double w = weights == null ? 1 : weights[m];
            ws += w;
            double[] p = members.get(m).predict(X);
            for (int i = 0; i < X.length; i++) {
                out[i] += w * p[i];
            }
        }
        for (int i = 0; i < X.length; i++) {
            out[i] /= ws;
        }
        return out;
    }
}
