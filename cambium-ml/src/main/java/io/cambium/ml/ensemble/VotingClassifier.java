package io.cambium.ml.ensemble;

import io.cambium.ml.Classifier;
import io.cambium.ml.Data;
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
    private final Voting voting;
    private final double[] weights;
    private List<Classifier> members;
    private int[] classes;

    /** Equal weights. */
    public VotingClassifier(List<Supplier<? extends Classifier>> members, Voting voting) {
        this(members, voting, null);
    }

    /** @param weights one per member, or null for equal weights */
    public VotingClassifier(List<Supplier<? extends Classifier>> members, Voting voting, double[] weights) {
        if (members.isEmpty()) {
            throw new IllegalArgumentException("VotingClassifier needs at least one member");
        }
        if (weights != null && weights.length != members.size()) {
            throw new IllegalArgumentException("VotingClassifier: " + weights.length + " weights for " + members.size()
                    + " members");
        }
        this.factories = List.copyOf(members);
        this.voting = voting;
        this.weights = weights == null ? null : weights.clone();
    }

    @Override
    public VotingClassifier fit(double[][] X, double[] y) {
        classes = Data.unique(Data.labels(y));
        members = new ArrayList<>();
        for (Supplier<? extends Classifier> f : factories) {
            Classifier c = f.get();
            c.fit(X, y);
            members.add(c);
        }
        return this;
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
    public double[] predict(double[][] X) {
        requireFitted();
        double[][] votes;
        if (voting == Voting.SOFT) {
            votes = predictProba(X);
        } else {
            votes = new double[X.length][classes.length];
            for (int m = 0; m < members.size(); m++) {
                double[] p = members.get(m).predict(X);
                for (int i = 0; i < X.length; i++) {
                    votes[i][Arrays.binarySearch(classes, (int) p[i])] += weight(m);
                }
            }
        }
        double[] out = new double[X.length];
        for (int i = 0; i < X.length; i++) {
            int best = 0;
            for (int c = 1; c < classes.length; c++) {
                if (votes[i][c] > votes[i][best]) {
                    best = c;
                }
            }
            out[i] = classes[best];
        }
        return out;
    }
}
