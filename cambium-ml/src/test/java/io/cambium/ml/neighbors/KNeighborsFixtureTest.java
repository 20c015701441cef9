package io.cambium.ml.neighbors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cambium.ml.Close;
import io.cambium.ml.MlFixture;
import io.cambium.tensor.random.Rng;
import org.junit.jupiter.api.Test;

// Written against the round-1 API: its call forms, now deprecated, must keep working.
@SuppressWarnings("deprecation")
class KNeighborsFixtureTest {

    @Test
    void classifierAndRegressorMatchScikitLearnWithBothAlgorithms() {
        MlFixture f = MlFixture.get("knn");
        double[][] X = f.mat("X");
        double[] y = f.vec("y");
        double[] yr = f.vec("y_reg");
        double[][] q = f.mat("X_query");
        for (NeighborSearch.Algorithm alg : NeighborSearch.Algorithm.values()) {
            for (Weights w : Weights.values()) {
                for (int k : new int[] {1, 5}) {
                    String key = w.name().toLowerCase() + "_" + k;
                    KNeighborsClassifier c = new KNeighborsClassifier(k, w, alg).fit(X, y);
                    assertThat(c.predict(q)).as(alg + " pred " + key).containsExactly(f.ints("pred_" + key));
                    Close.check(alg + " proba " + key, f.mat("proba_" + key), c.predictProba(q), 1e-12, 1e-12);
                    KNeighborsRegressor r = new KNeighborsRegressor(k, w, alg).fit(X, yr);
                    Close.check(alg + " reg " + key, f.vec("reg_" + key), r.predict(q), 1e-10, 1e-10);
                }
            }
            Neighbors nb = new KNeighborsClassifier(5, Weights.UNIFORM, alg).fit(X, y).kneighbors(q);
            int[][] ind = f.intMat("kneighbors_ind");
            for (int i = 0; i < q.length; i++) {
                assertThat(nb.indices()[i]).as(alg + " neighbours of query " + i).containsExactly(ind[i]);
            }
            Close.check(alg + " distances", f.mat("kneighbors_dist"), nb.distances(), 1e-9, 1e-9);
        }
    }

    @Test
    void regressorGivesItsNeighboursLikeScikitLearn() {
        MlFixture f = MlFixture.get("knn");
        MlFixture o = MlFixture.get("estimator_options");
        KNeighborsRegressor r = new KNeighborsRegressor().fit(f.mat("X"), f.vec("y_reg"));
        Neighbors nb = r.kneighbors(f.mat("X_query"), 3);
        int[][] ind = o.intMat("reg_kneighbors_ind");
        for (int i = 0; i < ind.length; i++) {
            assertThat(nb.indices()[i]).as("neighbours of query " + i).containsExactly(ind[i]);
        }
        Close.check("distances", o.mat("reg_kneighbors_dist"), nb.distances(), 1e-9, 1e-9);
        // Without a count: the estimator's n_neighbors (default 5), as the classifier's.
        assertThat(r.kneighbors(f.mat("X_query")).indices()[0]).hasSize(5)
                .containsExactly(new KNeighborsClassifier().fit(f.mat("X"), f.ints("y"))
                        .kneighbors(f.mat("X_query")).indices()[0]);
        assertThatThrownBy(() -> r.kneighbors(f.mat("X_query"), 61)).hasMessageContaining("n_samples_fit = 60");
    }

    @Test
    void kdTreeEqualsBruteForceIncludingTies() {
        Rng rng = new Rng(3);
        double[][] X = new double[500][4];
        for (double[] row : X) {
            for (int j = 0; j < 4; j++) {
                // A coarse grid produces many equal distances.
                row[j] = rng.nextInt(5);
            }
        }
        double[][] q = new double[60][4];
        for (double[] row : q) {
            for (int j = 0; j < 4; j++) {
                row[j] = rng.nextInt(6) - 0.5 * rng.nextInt(2);
            }
        }
        Neighbors a = new BruteForce(X).query(q, 7);
        Neighbors b = new KdTree(X, 4).query(q, 7);
        for (int i = 0; i < q.length; i++) {
            assertThat(b.indices()[i]).as("query " + i).containsExactly(a.indices()[i]);
            assertThat(b.distances()[i]).containsExactly(a.distances()[i]);
        }
    }
}
