package io.cambium.ml.linear;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cambium.ml.Close;
import io.cambium.ml.MlFixture;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Issue 14: linear models with scikit-learn's defaults, class-weight maps and sample weights. */
class EstimatorOptionsFixtureTest {

    @Test
    void logisticRegressionDefaultsStopWhereScikitLearnsDo() {
        MlFixture data = MlFixture.get("logistic");
        MlFixture f = MlFixture.get("estimator_options");
        LogisticRegression lr = new LogisticRegression().fit(data.mat("X3"), data.ints("y3"));
        // Both stop at a gradient of 1e-4 on the same objective: close to each other, not identical.
        Close.check("default coef", f.mat("lr_default_coef"), lr.coef(), 1e-3, 1e-4);
        Close.check("default intercept", f.vec("lr_default_intercept"), lr.intercept(), 1e-3, 1e-4);
        assertThat(lr.converged()).isTrue();
        assertThat(lr.nIter()).isBetween(1, 100);
        LogisticRegression weighted = new LogisticRegression().tol(1e-10).maxIter(10_000)
                .classWeight(Map.of(0, 1.0, 1, 3.0, 2, 0.5)).fit(data.mat("X3"), data.ints("y3"));
        Close.check("class-weight dict coef", f.mat("lr_dict_coef"), weighted.coef(), 1e-5, 2e-5);
        Close.check("class-weight dict intercept", f.vec("lr_dict_intercept"), weighted.intercept(), 1e-5, 2e-5);
        assertThatThrownBy(() -> new LogisticRegression().classWeight("auto")).hasMessageContaining("balanced");
        assertThatThrownBy(() -> new LogisticRegression().C(0)).hasMessageContaining("C must be positive");
    }

    @Test
    void lassoAndRidgeAcceptSampleWeights() {
        MlFixture lin = MlFixture.get("linear");
        MlFixture f = MlFixture.get("estimator_options");
        double[] sw = f.vec("sample_weight_linear");
        Lasso lasso = new Lasso().alpha(0.2).tol(1e-12).maxIter(100_000).fit(lin.mat("X"), lin.vec("y"), sw);
        Close.check("weighted lasso coef", f.vec("lasso_w_coef"), lasso.coef(), 1e-7, 1e-9);
        Close.check("weighted lasso intercept", f.d("lasso_w_intercept"), lasso.intercept(), 1e-7, 1e-9);
        Ridge ridge = new Ridge().alpha(2.0).fit(lin.mat("X"), lin.vec("y"), sw);
        Close.check("weighted ridge coef", f.vec("ridge_w_coef"), ridge.coef(), 1e-10, 1e-12);
        Close.check("weighted ridge intercept", f.d("ridge_w_intercept"), ridge.intercept(), 1e-10, 1e-12);
    }
}
