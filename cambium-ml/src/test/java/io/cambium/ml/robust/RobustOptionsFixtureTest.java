package io.cambium.ml.robust;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cambium.ml.Close;
import io.cambium.ml.MlFixture;
import io.cambium.ml.linear.LinearRegression;
import io.cambium.ml.linear.Ridge;
import io.cambium.ml.neighbors.KNeighborsRegressor;
import org.junit.jupiter.api.Test;

/**
 * Issue 14: RANSAC and Theil-Sen configured by named options (round 1: six positional arguments
 * with -1 and NaN meaning "default"), RANSAC's coefficients without a cast, and their fitted
 * statistics, against scikit-learn (tools/fixtures/gen_ml.py).
 */
class RobustOptionsFixtureTest {
    private static final double REL = 1e-3;

    @Test
    void ransacOptionsMatchScikitLearn() {
        MlFixture rb = MlFixture.get("robust");
        MlFixture f = MlFixture.get("estimator_options");
        double[][] X = rb.mat("X");
        double[] y = rb.vec("y");
        RansacRegressor r = new RansacRegressor().residualThreshold(1.0).randomState(42).fit(X, y);
        double[] coef = r.coef();
        Close.check("coef without a cast", rb.vec("ransac_coef"), coef, REL, 0);
        Close.check("intercept", rb.d("ransac_intercept"), r.intercept(), REL, 0);
        RansacRegressor squared = new RansacRegressor().loss(RansacRegressor.Loss.SQUARED_ERROR).residualThreshold(0.25)
                .randomState(42).fit(X, y);
        Close.check("squared loss coef", f.vec("ransac_sq_coef"), squared.coef(), REL, 0);
        Close.check("squared loss intercept", f.d("ransac_sq_intercept"), squared.intercept(), REL, 0);
        int[] inl = f.ints("ransac_sq_inliers");
        for (int i = 0; i < y.length; i++) {
            assertThat(squared.inlierMask()[i]).as("inlier " + i).isEqualTo(inl[i] == 1);
        }
        RansacRegressor fraction = new RansacRegressor().minSamples(0.5).residualThreshold(1.0).randomState(42)
                .fit(X, y);
        Close.check("fractional min_samples coef", f.vec("ransac_frac_coef"), fraction.coef(), REL, 0);
        Close.check("fractional min_samples intercept", f.d("ransac_frac_intercept"), fraction.intercept(), REL, 0);
        // The deprecated positional form still works and means the same.
        @SuppressWarnings("deprecation")
        RansacRegressor old = new RansacRegressor(LinearRegression::new, -1, 1.0, 100, 0.99, 42).fit(X, y);
        assertThat(old.coef()).containsExactly(r.coef());
        // Stop criteria: a consensus set of 10 inliers ends the search at once.
        RansacRegressor early = new RansacRegressor().residualThreshold(1.0).stopNInliers(10).randomState(42).fit(X, y);
        assertThat(early.trials()).isLessThanOrEqualTo(r.trials());
        assertThat(new RansacRegressor().randomState(3).fit(X, y).residualThresholdUsed())
                .isEqualTo(RansacRegressor.medianAbsoluteDeviation(y));
    }

    @Test
    void ransacWithANonLinearBaseNeedsMinSamplesAndHasNoCoefficients() {
        MlFixture rb = MlFixture.get("robust");
        double[][] X = rb.mat("X");
        double[] y = rb.vec("y");
        assertThatThrownBy(() -> new RansacRegressor().estimator(() -> new KNeighborsRegressor(2)).fit(X, y))
                .hasMessageContaining("min_samples");
        RansacRegressor knn = new RansacRegressor().estimator(() -> new KNeighborsRegressor(2)).minSamples(6)
                .residualThreshold(2.0).randomState(1).fit(X, y);
        assertThat(knn.estimator()).isInstanceOf(KNeighborsRegressor.class);
        assertThatThrownBy(knn::coef).hasMessageContaining("linear base");
        RansacRegressor ridge = new RansacRegressor().estimator(() -> new Ridge().alpha(0.1)).minSamples(2)
                .residualThreshold(1.0).randomState(1).fit(X, y);
        assertThat(ridge.coef()[0]).isBetween(2.9, 3.1);
    }

    @Test
    void theilSenExposesItsFittedStatistics() {
        MlFixture rb = MlFixture.get("robust");
        MlFixture f = MlFixture.get("estimator_options");
        TheilSenRegressor ts = new TheilSenRegressor().randomState(0).fit(rb.mat("X2"), rb.vec("y2"));
        Close.check("theil-sen2 coef", rb.vec("theilsen2_coef"), ts.coef(), REL, 0);
        Close.check("breakdown", f.d("ts2_breakdown"), ts.breakdown(), 1e-12, 0);
        assertThat(ts.nIter()).isEqualTo((int) f.d("ts2_n_iter"));
        assertThat(ts.subpopulation()).isEqualTo(2300);
        assertThatThrownBy(() -> new TheilSenRegressor().nSubsamples(1).fit(rb.mat("X2"), rb.vec("y2")))
                .hasMessageContaining("n_subsamples must be between 3");
    }
}
