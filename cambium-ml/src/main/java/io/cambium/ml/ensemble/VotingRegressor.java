package io.cambium.ml.ensemble;

import io.cambium.ml.Data;
import io.cambium.ml.Regressor;
import io.cambium.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/** Averaging ensemble: the weighted mean of its members' predictions (scikit-learn's VotingRegressor). */
public final class VotingRegressor implements Regressor {
    private final List<Supplier<? extends Regressor>> factories;
    private double[] weights;
    private List<Regressor> members;

    /** Equal weights. */
    public VotingRegressor(List<Supplier<? extends Regressor>> members) {
        if (members.isEmpty()) {
            throw new IllegalArgumentException("VotingRegressor needs at least one member");
        }
        this.factories = List.copyOf(members);
    }

    /**
     * @param weights one per member, or null for equal weights
     * @deprecated use {@code new VotingRegressor(members).weights(w...)}
     */
    @Deprecated
    public VotingRegressor(List<Supplier<? extends Regressor>> members, double[] weights) {
        this(members);
        if (weights != null) {
            weights(weights);
        }
    }

    /** One weight per member (default: equal weights). */
    public VotingRegressor weights(double... value) {
        if (value.length != factories.size()) {
            throw new IllegalArgumentException("VotingRegressor: " + value.length + " weights for " + factories.size()
                    + " members");
        }
        this.weights = value.clone();
        return this;
    }

    @Override
    public VotingRegressor fit(double[][] X, double[] y) {
        members = new ArrayList<>();
        for (Supplier<? extends Regressor> f : factories) {
            Regressor e = f.get();
            e.fit(X, y);
            members.add(e);
        }
        return this;
    }

    @Override
    public VotingRegressor fit(Tensor X, Tensor y) {
        return fit(Data.matrix(X), Data.vector(y));
    }

    /** The fitted members. */
    public List<Regressor> members() {
        if (members == null) {
            throw new IllegalStateException("VotingRegressor is not fitted yet; call fit first");
        }
        return List.copyOf(members);
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
