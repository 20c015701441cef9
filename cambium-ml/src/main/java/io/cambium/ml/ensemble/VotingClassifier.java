package io.cambium.ml.ensemble;

import io.cambium.ml.Classifier;
import io.cambium.ml.Data;
import io.cambium.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;

/**
 * An ensemble of classifiers combined by hard or soft voting, as scikit-learn's
 * {@code VotingClassifier}; members are made fresh by their factories on every {@code fit}.
 */
public final class VotingClassifier implements Classifier {
    private final List<Supplier<? extends Classifier>> factories;
    private Voting voting = Voting.HARD;
    private double[] weights;
    private List<Classifier> members;
    private int[] classes;

    /** Hard voting (scikit-learn's default) with equal weights. */
    public VotingClassifier(List<Supplier<? extends Classifier>> members) {
        if (members.isEmpty()) {
            throw new IllegalArgumentException("VotingClassifier needs at least one member");
        }
        this.factories = List.copyOf(members);
    }

    /** Equal weights. */
    public VotingClassifier(List<Supplier<? extends Classifier>> members, Voting voting) {
        this(members);
        voting(voting);
    }

    /**
     * @param weights one per member, or null for equal weights
     * @deprecated use {@code new VotingClassifier(members).voting(v).weights(w...)}
     */
    @Deprecated
    public VotingClassifier(List<Supplier<? extends Classifier>> members, Voting voting, double[] weights) {
        this(members, voting);
        if (weights != null) {
            weights(weights);
        }
    }

    /** Hard (majority of labels, the default) or soft (mean probabilities) voting. */
    public VotingClassifier voting(Voting value) {
        this.voting = java.util.Objects.requireNonNull(value, "voting");
        return this;
    }

    /** One weight per member (default: equal weights). */
    public VotingClassifier weights(double... value) {
        if (value.length != factories.size()) {
            throw new IllegalArgumentException("VotingClassifier: " + value.length + " weights for " + factories.size()
                    + " members");
        }
        this.weights = value.clone();
        return this;
    }

    @Override
    public VotingClassifier fit(double[][] X, int[] y) {
        classes = Data.unique(y);
        members = new ArrayList<>();
        for (Supplier<? extends Classifier> f : factories) {
            Classifier c = f.get();
            c.fit(X, y);
            members.add(c);
        }
        return this;
    }

    @Override
    public VotingClassifier fit(Tensor X, Tensor y) {
        return fit(Data.matrix(X), Data.labels(y));
    }

    /**
     * @deprecated pass {@code int[]} labels
     */
    @Deprecated
    @Override
    public VotingClassifier fit(double[][] X, double[] y) {
        return fit(X, Data.labels(y));
    }

    /** The fitted members. */
    public List<Classifier> members() {
        requireFitted();
        return List.copyOf(members);
    }

    @Override
    public int[] classes() {
        requireFitted();
        return classes.clone();
    }

    private void requireFitted() {
        if (members == null) {
            throw new IllegalStateException("VotingClassifier is not fitted yet; call fit first");
        }
    }

    private double weight(int m) {
        return weights == null ? 1 : weights[m];
    }

    @Override
    public double[][] predictProba(double[][] X) {
        requireFitted();
        if (voting == Voting.HARD) {
            throw new UnsupportedOperationException("predict_proba is not available when voting is HARD");
        }
        double[][] out = new double[X.length][classes.length];
        double ws = 0;
        for (int m = 0; m < members.size(); m++) {
            Classifier c = members.get(m);
            double[][] p = c.predictProba(X);
            int[] cc = c.classes();
            double w = weight(m);
            ws += w;
            for (int i = 0; i < X.length; i++) {
                for (int j = 0; j < cc.length; j++) {
                    out[i][Arrays.binarySearch(classes, cc[j])] += w * p[i][j];
                }
            }
        }
        for (double[] row : out) {
            for (int j = 0; j < row.length; j++) {
                row[j] /= ws;
            }
        }
        return out;
    }

    @Override
    public int[] predict(double[][] X) {
        requireFitted();
        double[][] votes;
        if (voting == Voting.SOFT) {
            votes = predictProba(X);
        } else {
            votes = new double[X.length][classes.length];
            for (int m = 0; m < members.size(); m++) {
                int[] p = members.get(m).predict(X);
                for (int i = 0; i < X.length; i++) {
                    votes[i][Arrays.binarySearch(classes, p[i])] += weight(m);
                }
            }
        }
        int[] best = Data.argmax(votes);
        int[] out = new int[X.length];
        for (int i = 0; i < X.length; i++) {
            out[i] = classes[best[i]];
        }
        return out;
    }
}
