package io.cambium.ml.imbalance;

import io.cambium.Cambium;
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
    private int k = 5;
    private Long seed;

    /** imbalanced-learn's defaults: 5 neighbours; the random state is drawn from {@code Cambium.rng()} unless set. */
    public Smote() {
    }

    /**
     * @deprecated use {@code new Smote().randomState(seed)}
     */
    @Deprecated
    public Smote(long seed) {
        randomState(seed);
    }

    /**
     * @deprecated use {@code new Smote().kNeighbors(k).randomState(seed)}
     */
    @Deprecated
    public Smote(int k, long seed) {
        kNeighbors(k).randomState(seed);
    }

    /** Same-class neighbours a synthetic point may be drawn towards (default 5). */
    public Smote kNeighbors(int value) {
        if (value < 1) {
            throw new IllegalArgumentException("SMOTE: k_neighbors must be >= 1, got " + value);
        }
        this.k = value;
        return this;
    }

    /** Seed of the sampling, for reproducible results. */
    public Smote randomState(long value) {
        this.seed = value;
        return this;
    }

    /**
     * @deprecated pass {@code int[]} labels
     */
    @Deprecated
    public Resampled fitResample(double[][] X, double[] y) {
        return fitResample(X, Data.labels(y));
    }

    /** The resampled data set. */
    public Resampled fitResample(double[][] X, int[] y) {
        int d = Data.check("SMOTE", X, y.length);
        ClassCounts cc = ClassCounts.of(y);
        Rng rng = new Rng(seed != null ? seed : Cambium.rng().nextLong());
        int target = cc.max();
        List<double[]> newX = new ArrayList<>();
        List<Integer> newY = new ArrayList<>();
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
                newY.add(cc.classes()[c]);
            }
        }
        int n = X.length;
        double[][] xo = new double[n + newX.size()][];
        int[] yo = new int[n + newX.size()];
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
