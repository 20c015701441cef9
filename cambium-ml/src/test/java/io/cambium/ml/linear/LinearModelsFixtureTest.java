package io.cambium.ml.linear;

import static org.assertj.core.api.Assertions.assertThat;

import io.cambium.ml.Close;
import io.cambium.ml.MlFixture;
import org.junit.jupiter.api.Test;

// Written against the round-1 API: its call forms, now deprecated, must keep working.
@SuppressWarnings("deprecation")
class LinearModelsFixtureTest {

    @Test
    void leastSquaresRidgeAndLassoMatchScikitLearn() {
        MlFixture f = MlFixture.get("linear");
        double[][] X = f.mat("X");
        double[] y = f.vec("y");
        LinearRegression ols = new LinearRegression().fit(X, y);
        Close.check("ols coef", f.vec("ols_coef"), ols.coef(), 1e-10, 1e-12);
        Close.check("ols intercept", f.d("ols_intercept"), ols.intercept(), 1e-10, 1e-12);
        Close.check("ols r2", f.d("ols_r2"), ols.score(X, y), 1e-10, 1e-12);
        Ridge ridge = new Ridge(2.0).fit(X, y);
        Close.check("ridge coef", f.vec("ridge_coef"), ridge.coef(), 1e-10, 1e-12);
        Close.check("ridge intercept", f.d("ridge_intercept"), ridge.intercept(), 1e-10, 1e-12);
        Lasso lasso = new Lasso(0.2, true, 100000, 1e-12).fit(X, y);
        Close.check("lasso coef", f.vec("lasso_coef"), lasso.coef(), 1e-7, 1e-9);
        Close.check("lasso intercept", f.d("lasso_intercept"), lasso.intercept(), 1e-7, 1e-9);
        // The L1 penalty shrinks: a smaller L1 norm than least squares.
        assertThat(l1(lasso.coef())).isLessThan(l1(ols.coef()) - 0.5);
        Lasso noIntercept = new Lasso(0.2, false, 100000, 1e-12).fit(X, y);
        Close.check("lasso no-intercept coef", f.vec("lasso_ni_coef"), noIntercept.coef(), 1e-7, 1e-9);
        Lasso defaults = new Lasso(0.2).fit(X, y);
        Close.check("lasso default tol", f.vec("lasso_coef"), defaults.coef(), 1e-3, 1e-4);
    }

    private static double l1(double[] w) {
        double s = 0;
        for (double v : w) {
            s += Math.abs(v);
        }
        return s;
    }

    @Test
    void logisticRegressionMatchesScikitLearn() {
        MlFixture f = MlFixture.get("logistic");
        LogisticRegression bin = new LogisticRegression(1.0, true, 10000, 1e-10, false).fit(f.mat("X"), f.vec("y"));
        Close.check("binary coef", f.mat("coef"), bin.coef(), 1e-5, 1e-7);
        Close.check("binary intercept", f.vec("intercept"), bin.intercept(), 1e-5, 1e-7);
        double[][] X = f.mat("X");
        Close.check("binary proba", f.mat("proba"), bin.predictProba(java.util.Arrays.copyOf(X, 10)), 1e-5, 1e-8);
        double[][] X3 = f.mat("X3");
        double[] y3 = f.vec("y3");
        LogisticRegression multi = new LogisticRegression(0.5, true, 10000, 1e-10, false).fit(X3, y3);
        // scikit-learn's lbfgs stops about 1e-5 short of the exact optimum (checked with scipy's BFGS
        // at gtol 1e-12, which agrees with this implementation to 1e-9), hence the absolute slack.
        Close.check("multinomial coef", f.mat("coef3"), multi.coef(), 1e-5, 2e-5);
        Close.check("multinomial intercept", f.vec("intercept3"), multi.intercept(), 1e-5, 2e-5);
        Close.check("multinomial proba", f.mat("proba3"), multi.predictProba(java.util.Arrays.copyOf(X3, 10)), 1e-4,
                1e-6);
        LogisticRegression bal = new LogisticRegression(1.0, true, 10000, 1e-10, true).fit(X3, y3);
        Close.check("balanced coef", f.mat("coef3_balanced"), bal.coef(), 1e-5, 2e-5);
        Close.check("balanced intercept", f.vec("intercept3_balanced"), bal.intercept(), 1e-5, 2e-5);
        assertThat(multi.score(X3, y3)).isGreaterThan(0.6);
    }
}
