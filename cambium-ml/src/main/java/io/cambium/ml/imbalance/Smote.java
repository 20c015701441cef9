package io.cambium.ml.imbalance;

import io.cambium.ml.Data;
import io.cambium.ml.neighbors.BruteForce;
import io.cambium.ml.neighbors.Neighbors;
import io.cambium.tensor.random.Rng;
import java.util.ArrayList;
import java.util.List;

/**
 * Synthetic Minority Over-sampling TEchnique (Chawla et al. 2002; imbalanced-learn's
 * {@code SMOTE}, strategy "not majority"): each class is brought to the majority count with new
 * points {@code x + u (x_nn - x)}, u uniform in [0, 1), where x is a random member of the class
 * and x_nn one of its k nearest same-class neighbours. Originals come first.
 */
public final class Smote {
    private final int k;
    private final long seed;

    /** k = 5 neighbours. */
    public Smote(long seed) {
        this(5, seed);
    }

    public Smote(int k, long seed) {
        if (k < 1) {
            throw new IllegalArgumentException("SMOTE: k_neighbors must be >= 1, got " + k);
        }
        this.k = k;
        this.seed = seed;
    }

    /** The resampled data set. */
    public Resampled fitResample(double[][] X, double[] y) {
        int d = Data.check("SMOTE", X, y.length);
        ClassCounts cc = ClassCounts.of(y);
        Rng rng = new Rng(seed);
        int target = cc.max();
        List<double[]> newX = new ArrayList<>();
        List<Double> newY = new ArrayList<>();
        for (int c = 0; c < cc.classes().length; c++) {
            int[] m = cc.members()[c];
            int need = target - m.length;
            if (need == 0) {
                continue;
            }
            if (m.length < k + 1) {
                throw new IllegalArgumentException("SMOTE: class " + cc.classes()[c] + " has " + m.length
                        + " samples, but k_neighbors=" + k + " needs at least " + (k + 1));
            }
            double[][] members = Data.rows(X, m);
            // k + 1 neighbours: the first is the sample itself.
            Neighbors nb = new BruteForce(members).query(members, k + 1);
            for (int s = 0; s < need; s++) {
                int i = rng.nextInt(m.length);
                int[] row = nb.indices()[i];
                int j = row[1 + rng.nextInt(k)];
                if (j == i) {
                    j = row[0];
                }
                double u = rng.nextDouble();
                double[] x = new double[d];
                for (int f = 0; f < d; f++) {
                    x[f] = members[i][f] + u * (members[j][f] - members[i][f]);
                }
                newX.add(x);
                newY.add((double) cc.classes()[c]);
            }
        }
        int n = X.length;
        double[][] xo = new double[n + newX.size()][];
        double[] yo = new double[n + newX.size()];
        for (int i = 0; i < n; i++) {
            xo[i] = X[i].clone();
            yo[i] = y[i];
        }
        for (int s = 0; s < newX.size(); s++) {
            xo[n + s] = newX.get(s);
            yo[n + s] = newY.get(s);
        }
        return new Resampled(xo, yo);
    }
}
