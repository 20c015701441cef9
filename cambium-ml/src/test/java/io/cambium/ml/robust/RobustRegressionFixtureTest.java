package io.cambium.ml.robust;

import static org.assertj.core.api.Assertions.assertThat;

import io.cambium.ml.Close;
import io.cambium.ml.MlFixture;
import io.cambium.ml.linear.LinearModel;
import io.cambium.ml.linear.LinearRegression;
import org.junit.jupiter.api.Test;

// Written against the round-1 API: its call forms, now deprecated, must keep working.
@SuppressWarnings("deprecation")
class RobustRegressionFixtureTest {
    private static final double REL = 1e-3;

    private static double distanceToTrueLine(double coef, double intercept) {
        return Math.hypot(coef - 3.0, intercept - 2.0);
    }

    @Test
    void robustRegressorsMatchScikitLearnAndBeatLeastSquaresOnOutliers() {
        MlFixture f = MlFixture.get("robust");
        double[][] X = f.mat("X");
        double[] y = f.vec("y");
        HuberRegressor huber = new HuberRegressor().fit(X, y);
        Close.check("huber coef", f.vec("huber_coef"), huber.coef(), REL, 0);
        Close.check("huber intercept", f.d("huber_intercept"), huber.intercept(), REL, 0);
        Close.check("huber scale", f.d("huber_scale"), huber.scale(), REL, 0);
        boolean[] out = huber.outliers();
        int[] expectedOut = f.ints("huber_outliers");
        for (int i = 0; i < y.length; i++) {
            assertThat(out[i]).as("huber outlier " + i).isEqualTo(expectedOut[i] == 1);
        }
        TheilSenRegressor ts = new TheilSenRegressor(0).fit(X, y);
        assertThat(ts.subpopulation()).isEqualTo(190);
        Close.check("theil-sen coef", f.vec("theilsen_coef"), ts.coef(), REL, 0);
        Close.check("theil-sen intercept", f.d("theilsen_intercept"), ts.intercept(), REL, 0);
        RansacRegressor ransac = new RansacRegressor(LinearRegression::new, -1, 1.0, 100, 0.99, 42).fit(X, y);
        LinearModel fitted = (LinearModel) ransac.estimator();
        Close.check("ransac coef", f.vec("ransac_coef"), fitted.coef(), REL, 0);
        Close.check("ransac intercept", f.d("ransac_intercept"), fitted.intercept(), REL, 0);
        int[] inl = f.ints("ransac_inliers");
        boolean[] mask = ransac.inlierMask();
        for (int i = 0; i < y.length; i++) {
            assertThat(mask[i]).as("ransac inlier " + i).isEqualTo(inl[i] == 1);
        }
        LinearRegression ols = new LinearRegression().fit(X, y);
        Close.check("ols coef", f.vec("ols_coef"), ols.coef(), 1e-10, 0);
        double olsGap = distanceToTrueLine(ols.coef()[0], ols.intercept());
        for (LinearModel m : new LinearModel[] {huber, ts, fitted}) {
            double gap = distanceToTrueLine(m.coef()[0], m.intercept());
            assertThat(gap).as(m.getClass().getSimpleName() + " distance to y = 3x + 2 (OLS: " + olsGap + ")")
                    .isLessThan(0.1).isLessThan(olsGap / 10);
        }
    }

    @Test
    void twoFeatureHuberAndTheilSenMatchScikitLearn() {
        MlFixture f = MlFixture.get("robust");
        double[][] X = f.mat("X2");
        double[] y = f.vec("y2");
        HuberRegressor huber = new HuberRegressor(1.5, 0.01).fit(X, y);
        Close.check("huber2 coef", f.vec("huber2_coef"), huber.coef(), REL, 0);
        Close.check("huber2 intercept", f.d("huber2_intercept"), huber.intercept(), REL, 0);
        Close.check("huber2 scale", f.d("huber2_scale"), huber.scale(), REL, 0);
        TheilSenRegressor ts = new TheilSenRegressor(0).fit(X, y);
        assertThat(ts.subpopulation()).isEqualTo(2300);
        Close.check("theil-sen2 coef", f.vec("theilsen2_coef"), ts.coef(), REL, 0);
        Close.check("theil-sen2 intercept", f.d("theilsen2_intercept"), ts.intercept(), REL, 0);
    }

    @Test
    void ransacIsReproducibleForASeed() {
        MlFixture f = MlFixture.get("robust");
        double[][] X = f.mat("X");
        double[] y = f.vec("y");
        RansacRegressor a = new RansacRegressor(7).fit(X, y);
        RansacRegressor b = new RansacRegressor(7).fit(X, y);
        assertThat(a.predict(X)).containsExactly(b.predict(X));
        assertThat(a.trials()).isEqualTo(b.trials());
    }
}
