package io.cambium.ml.metrics;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cambium.ml.Close;
import io.cambium.ml.MlFixture;
import org.junit.jupiter.api.Test;

/**
 * Issue 14: regression metrics with sample weights and multi-output targets, combined as
 * scikit-learn's {@code multioutput} raw_values, uniform_average, variance_weighted and explicit
 * output weights (tools/fixtures/gen_ml.py).
 */
class MultiOutputRegressionFixtureTest {
    private static final double TOL = 1e-12;

    private interface Metric {
        OutputScores of(double[][] t, double[][] p, double[] sw);
    }

    @Test
    void everyRegressionMetricMatchesScikitLearnPerOutputAndAveraged() {
        MlFixture f = MlFixture.get("regression_multioutput");
        double[][] t = f.mat("y_true");
        double[][] p = f.mat("y_pred");
        double[] sw = f.vec("sample_weight");
        double[] ow = f.vec("output_weights");
        Object[][] metrics = {
            {"mse", (Metric) RegressionMetrics::mse}, {"mae", (Metric) RegressionMetrics::mae},
            {"mape", (Metric) RegressionMetrics::mape}, {"r2", (Metric) RegressionMetrics::r2},
            {"evs", (Metric) RegressionMetrics::explainedVariance}};
        for (Object[] m : metrics) {
            String name = (String) m[0];
            Metric metric = (Metric) m[1];
            for (String w : new String[] {"", "_w"}) {
                OutputScores s = metric.of(t, p, w.isEmpty() ? null : sw);
                String key = name + w;
                Close.check(key + " raw", f.vec(key + "_raw_values"), s.rawValues(), 1e-11, TOL);
                Close.check(key + " uniform", f.d(key + "_uniform_average"), s.uniformAverage(), 1e-11, TOL);
                Close.check(key + " weights", f.d(key + "_weights"), s.average(ow), 1e-11, TOL);
                if (name.equals("r2") || name.equals("evs")) {
                    Close.check(key + " variance weighted", f.d(key + "_variance_weighted"), s.varianceWeighted(),
                            1e-11, TOL);
                } else {
                    assertThatThrownBy(s::varianceWeighted).hasMessageContaining("variance_weighted");
                }
            }
        }
        Close.check("rmse raw", f.vec("rmse_raw_values"), RegressionMetrics.rmse(t, p).rawValues(), 1e-11, TOL);
        Close.check("rmse weighted", f.d("rmse_w_uniform_average"), RegressionMetrics.rmse(t, p, sw).uniformAverage(),
                1e-11, TOL);
        Close.check("r2 all constant", f.d("r2_const_variance_weighted"),
                RegressionMetrics.r2(f.mat("y_const"), f.mat("p_const")).varianceWeighted(), TOL, TOL);
    }

    @Test
    void singleOutputMetricsAcceptSampleWeights() {
        MlFixture f = MlFixture.get("regression_multioutput");
        double[][] T = f.mat("y_true");
        double[][] P = f.mat("y_pred");
        double[] t = new double[T.length];
        double[] p = new double[T.length];
        for (int i = 0; i < t.length; i++) {
            t[i] = T[i][0];
            p[i] = P[i][0];
        }
        double[] sw = f.vec("sample_weight");
        Close.check("mse", f.d("mse_1d_w"), RegressionMetrics.mse(t, p, sw), 1e-11, TOL);
        Close.check("rmse", f.d("rmse_1d_w"), RegressionMetrics.rmse(t, p, sw), 1e-11, TOL);
        Close.check("mae", f.d("mae_1d_w"), RegressionMetrics.mae(t, p, sw), 1e-11, TOL);
        Close.check("mape", f.d("mape_1d_w"), RegressionMetrics.mape(t, p, sw), 1e-11, TOL);
        Close.check("r2", f.d("r2_1d_w"), RegressionMetrics.r2(t, p, sw), 1e-11, TOL);
        Close.check("evs", f.d("evs_1d_w"), RegressionMetrics.explainedVariance(t, p, sw), 1e-11, TOL);
        assertThatThrownBy(() -> RegressionMetrics.mse(t, p, new double[3])).hasMessageContaining("3 entries");
    }
}
