package io.cambium.ml;

import static org.assertj.core.api.Assertions.assertThat;

import io.cambium.ml.ensemble.Voting;
import io.cambium.ml.ensemble.VotingClassifier;
import io.cambium.ml.ensemble.VotingRegressor;
import io.cambium.ml.linear.Lasso;
import io.cambium.ml.linear.LinearRegression;
import io.cambium.ml.linear.LogisticRegression;
import io.cambium.ml.linear.Ridge;
import io.cambium.ml.metrics.ClassificationMetrics;
import io.cambium.ml.neighbors.KNeighborsClassifier;
import io.cambium.ml.neighbors.KNeighborsRegressor;
import io.cambium.ml.neighbors.Weights;
import io.cambium.ml.robust.HuberRegressor;
import io.cambium.ml.robust.RansacRegressor;
import io.cambium.ml.robust.TheilSenRegressor;
import io.cambium.tensor.Tensor;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * Issue 14: estimators as a scikit-learn user writes them. Each statement here failed to compile
 * in round 1 ({@code fit(X, int[])} returned {@code Estimator}, {@code predict} returned
 * {@code double[]}, options were positional constructor arguments).
 */
class EstimatorApiTest {

    @Test
    void fitWithIntegerLabelsReturnsTheConcreteClassifierAndPredictsIntegerLabels() {
        MlFixture f = MlFixture.get("logistic");
        double[][] X = f.mat("X3");
        int[] y = f.ints("y3");
        LogisticRegression lr = new LogisticRegression().C(0.5).maxIter(500).tol(1e-8).fit(X, y);
        double[][] coef = lr.coef();
        int[] pred = lr.predict(X);
        assertThat(coef).hasNumberOfRows(3);
        assertThat(pred).hasSize(y.length);
        assertThat(lr.classes()).containsExactly(0, 1, 2);
        assertThat(lr.score(X, y)).isEqualTo(ClassificationMetrics.accuracy(y, pred));
        KNeighborsClassifier knn = new KNeighborsClassifier().nNeighbors(7).weights(Weights.DISTANCE).fit(X, y);
        int[] knnPred = knn.predict(X);
        // Distance weighting with every query in the training set: each point votes for itself.
        assertThat(knnPred).containsExactly(y);
        VotingClassifier vote = new VotingClassifier(List.of(LogisticRegression::new, KNeighborsClassifier::new))
                .voting(Voting.SOFT).weights(2, 1).fit(X, y);
        assertThat(vote.predict(X)).hasSize(y.length);
        // Tensors in, the concrete type out.
        Tensor tx = Data.tensor(X);
        Tensor ty = new Tensor(toFloat(y), y.length);
        LogisticRegression fromTensors = new LogisticRegression().fit(tx, ty);
        assertThat(fromTensors.predict(tx)).hasSize(y.length);
    }

    @Test
    void regressorsTakeNamedOptionsWithScikitLearnsDefaultsAndReturnTheirType() {
        MlFixture f = MlFixture.get("linear");
        double[][] X = f.mat("X");
        double[] y = f.vec("y");
        Ridge ridge = new Ridge().alpha(2.0).fitIntercept(true).fit(X, y);
        Lasso lasso = new Lasso().alpha(0.2).maxIter(100_000).tol(1e-12).fit(X, y);
        LinearRegression ols = new LinearRegression().fitIntercept(false).fit(X, y);
        HuberRegressor huber = new HuberRegressor().epsilon(1.5).alpha(0.01).fit(X, y);
        TheilSenRegressor ts = new TheilSenRegressor().randomState(3).maxSubpopulation(500).fit(X, y);
        RansacRegressor ransac = new RansacRegressor().randomState(1).fit(X, y);
        Close.check("ridge", f.vec("ridge_coef"), ridge.coef(), 1e-10, 1e-12);
        Close.check("lasso", f.vec("lasso_coef"), lasso.coef(), 1e-7, 1e-9);
        assertThat(ols.intercept()).isZero();
        for (double[] c : new double[][] {huber.coef(), ts.coef(), ransac.coef()}) {
            // y = X·[1.5, 0, -2, 0.3] + 0.7 + noise: every fit is near the true slope of feature 0.
            assertThat(c[0]).isBetween(1.2, 1.8);
        }
        // sklearn's defaults when nothing is set.
        Lasso defaults = new Lasso();
        Lasso alphaOne = new Lasso().alpha(1.0).maxIter(1000).tol(1e-4);
        assertThat(defaults.fit(X, y).coef()).containsExactly(alphaOne.fit(X, y).coef());
        assertThat(new Ridge().fit(X, y).coef()).containsExactly(new Ridge(1.0).fit(X, y).coef());
        VotingRegressor avg = new VotingRegressor(List.<Supplier<? extends Regressor>>of(Ridge::new,
                KNeighborsRegressor::new)).weights(1, 3).fit(X, y);
        assertThat(avg.members()).hasSize(2);
    }

    @Test
    void scoresAcceptSampleWeights() {
        MlFixture f = MlFixture.get("weighted_binary");
        double[] s = f.vec("y_score");
        double[] sw = f.vec("sample_weight");
        int[] y = f.ints("y_true");
        double[][] X = new double[s.length][1];
        double[] yd = new double[s.length];
        for (int i = 0; i < s.length; i++) {
            X[i][0] = s[i];
            yd[i] = y[i];
        }
        LinearRegression ols = new LinearRegression().fit(X, yd);
        Close.check("weighted R2 score", f.d("r2_weighted_ols"), ols.score(X, yd, sw), 1e-10, 1e-12);
        LogisticRegression lr = new LogisticRegression().fit(X, y);
        assertThat(lr.score(X, y, sw)).isEqualTo(ClassificationMetrics.accuracy(y, lr.predict(X), sw));
    }

    private static float[] toFloat(int[] y) {
        float[] out = new float[y.length];
        for (int i = 0; i < y.length; i++) {
            out[i] = y[i];
        }
        return out;
    }
}
