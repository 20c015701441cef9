package io.cambium.ml.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cambium.ml.Close;
import io.cambium.ml.MlFixture;
import io.cambium.ml.metrics.ClassificationMetrics.KappaWeights;
import io.cambium.ml.metrics.ConfusionMatrix.Normalize;
import org.junit.jupiter.api.Test;

// Written against the round-1 API: its call forms, now deprecated, must keep working.
@SuppressWarnings("deprecation")
class MetricsFixtureTest {
    private static final double TOL = 1e-12;

    private static void checkPrf(MlFixture f, String prefix, int[] yt, int[] yp, Average[] avgs) {
        for (Average a : avgs) {
            for (int zd : new int[] {0, 1}) {
                String key = (a == Average.NONE ? "None" : a.name().toLowerCase()) + "_" + zd;
                ClassScores s = PrecisionRecall.scores(yt, yp, 1.0, a, 1, null, zd);
                ClassScores s2 = PrecisionRecall.scores(yt, yp, 2.0, a, 1, null, zd);
                Close.check(prefix + "precision " + key, f.vec(prefix + "p_" + key), s.precision(), TOL, TOL);
                Close.check(prefix + "recall " + key, f.vec(prefix + "r_" + key), s.recall(), TOL, TOL);
                Close.check(prefix + "f1 " + key, f.vec(prefix + "f1_" + key), s.fScore(), TOL, TOL);
                Close.check(prefix + "f2 " + key, f.vec(prefix + "f2_" + key), s2.fScore(), TOL, TOL);
            }
        }
    }

    @Test
    void binaryMetricsMatchScikitLearn() {
        MlFixture f = MlFixture.get("metrics_binary");
        int[] yt = f.ints("y_true");
        int[] yp = f.ints("y_pred");
        double[] sc = f.vec("y_score");
        Close.check("accuracy", f.d("accuracy"), ClassificationMetrics.accuracy(yt, yp), TOL, TOL);
        Close.check("balanced", f.d("balanced_accuracy"), ClassificationMetrics.balancedAccuracy(yt, yp), TOL, TOL);
        Close.check("confusion", f.mat("confusion"), Close.toDouble(ConfusionMatrix.of(yt, yp)), 0, 0);
        Close.check("cm true", f.mat("confusion_true"), ConfusionMatrix.normalized(yt, yp, Normalize.TRUE), TOL, TOL);
        Close.check("cm pred", f.mat("confusion_pred"), ConfusionMatrix.normalized(yt, yp, Normalize.PRED), TOL, TOL);
        Close.check("cm all", f.mat("confusion_all"), ConfusionMatrix.normalized(yt, yp, Normalize.ALL), TOL, TOL);
        assertThat(ClassificationReport.of(yt, yp).toString()).isEqualTo(f.str("report"));
        assertThat(ClassificationReport.of(yt, yp, null, 4, 0).toString()).isEqualTo(f.str("report4"));
        RocCurve roc = RocCurve.of(yt, sc);
        Close.check("roc fpr", f.vec("roc_fpr"), roc.fpr(), TOL, TOL);
        Close.check("roc tpr", f.vec("roc_tpr"), roc.tpr(), TOL, TOL);
        Close.check("roc thr", f.vec("roc_thr"), roc.thresholds(), TOL, TOL);
        RocCurve all = RocCurve.of(yt, sc, 1, false);
        Close.check("roc fpr all", f.vec("roc_fpr_all"), all.fpr(), TOL, TOL);
        Close.check("roc tpr all", f.vec("roc_tpr_all"), all.tpr(), TOL, TOL);
        Close.check("roc thr all", f.vec("roc_thr_all"), all.thresholds(), TOL, TOL);
        assertThat(all.fpr().length).isGreaterThan(roc.fpr().length);
        Close.check("roc auc", f.d("roc_auc"), RankingMetrics.rocAuc(yt, sc), TOL, TOL);
        Close.check("auc without dropping", f.d("roc_auc"), all.auc(), TOL, TOL);
        PrecisionRecallCurve pr = PrecisionRecallCurve.of(yt, sc);
        Close.check("pr precision", f.vec("pr_precision"), pr.precision(), TOL, TOL);
        Close.check("pr recall", f.vec("pr_recall"), pr.recall(), TOL, TOL);
        Close.check("pr thr", f.vec("pr_thr"), pr.thresholds(), TOL, TOL);
        Close.check("AP", f.d("average_precision"), RankingMetrics.averagePrecision(yt, sc), TOL, TOL);
        Close.check("log loss", f.d("log_loss"), ClassificationMetrics.logLoss(yt, sc), 1e-10, TOL);
        Close.check("mcc", f.d("mcc"), ClassificationMetrics.matthews(yt, yp), TOL, TOL);
        Close.check("kappa", f.d("kappa"), ClassificationMetrics.cohenKappa(yt, yp), TOL, TOL);
        Close.check("kappa lin", f.d("kappa_linear"), ClassificationMetrics.cohenKappa(yt, yp, KappaWeights.LINEAR), TOL, TOL);
        Close.check("kappa quad", f.d("kappa_quadratic"),
                ClassificationMetrics.cohenKappa(yt, yp, KappaWeights.QUADRATIC), TOL, TOL);
        checkPrf(f, "", yt, yp, Average.values());
        Close.check("f1 shortcut", f.d("f1_binary_0"), PrecisionRecall.f1(yt, yp, Average.BINARY, 0), TOL, TOL);
    }

    @Test
    void multiclassMetricsWithUnpredictedAndUnseenClassesMatchScikitLearn() {
        MlFixture f = MlFixture.get("metrics_multiclass");
        int[] yt = f.ints("y_true");
        int[] yp = f.ints("y_pred");
        double[][] proba = f.mat("proba");
        Close.check("accuracy", f.d("accuracy"), ClassificationMetrics.accuracy(yt, yp), TOL, TOL);
        Close.check("balanced", f.d("balanced_accuracy"), ClassificationMetrics.balancedAccuracy(yt, yp), TOL, TOL);
        Close.check("confusion", f.mat("confusion"), Close.toDouble(ConfusionMatrix.of(yt, yp)), 0, 0);
        Close.check("cm true", f.mat("confusion_true"), ConfusionMatrix.normalized(yt, yp, Normalize.TRUE), TOL, TOL);
        Close.check("cm pred", f.mat("confusion_pred"), ConfusionMatrix.normalized(yt, yp, Normalize.PRED), TOL, TOL);
        assertThat(ClassificationReport.of(yt, yp).toString()).isEqualTo(f.str("report"));
        assertThat(ClassificationReport.of(yt, yp, null, 3, 1).toString()).isEqualTo(f.str("report_zd1"));
        Close.check("mcc", f.d("mcc"), ClassificationMetrics.matthews(yt, yp), TOL, TOL);
        Close.check("kappa", f.d("kappa"), ClassificationMetrics.cohenKappa(yt, yp), TOL, TOL);
        Close.check("kappa quad", f.d("kappa_quadratic"),
                ClassificationMetrics.cohenKappa(yt, yp, KappaWeights.QUADRATIC), TOL, TOL);
        for (int k = 1; k <= 3; k++) {
            Close.check("top" + k, f.d("top" + k), ClassificationMetrics.topKAccuracy(yt, proba, k), TOL, TOL);
        }
        Close.check("log loss", f.d("log_loss"), ClassificationMetrics.logLoss(yt, proba), 1e-10, TOL);
        Close.check("auc macro", f.d("auc_ovr_macro"), RankingMetrics.rocAucOvr(yt, proba, Average.MACRO), TOL, TOL);
        Close.check("auc weighted", f.d("auc_ovr_weighted"),
                RankingMetrics.rocAucOvr(yt, proba, Average.WEIGHTED), TOL, TOL);
        checkPrf(f, "", yt, yp, new Average[] {Average.MICRO, Average.MACRO, Average.WEIGHTED, Average.NONE});
        assertThatThrownBy(() -> PrecisionRecall.f1(yt, yp, Average.BINARY, 0))
                .hasMessageContaining("multiclass");
    }

    @Test
    void singleClassPresentMatchesScikitLearn() {
        MlFixture f = MlFixture.get("metrics_single_class");
        int[] yt = f.ints("y_true");
        int[] yp = f.ints("y_pred");
        double[] sc = f.vec("y_score");
        Close.check("accuracy", f.d("accuracy"), ClassificationMetrics.accuracy(yt, yp), TOL, TOL);
        Close.check("balanced", f.d("balanced_accuracy"), ClassificationMetrics.balancedAccuracy(yt, yp), TOL, TOL);
        Close.check("mcc", f.d("mcc"), ClassificationMetrics.matthews(yt, yp), TOL, TOL);
        Close.check("kappa", f.d("kappa"), ClassificationMetrics.cohenKappa(yt, yp), TOL, TOL);
        RocCurve roc = RocCurve.of(yt, sc);
        Close.check("roc fpr (NaN)", f.vec("roc_fpr"), roc.fpr(), TOL, TOL);
        Close.check("roc tpr", f.vec("roc_tpr"), roc.tpr(), TOL, TOL);
        Close.check("roc thr", f.vec("roc_thr"), roc.thresholds(), TOL, TOL);
        assertThatThrownBy(() -> RankingMetrics.rocAuc(yt, sc)).hasMessageContaining("Only one class present");
        assertThatThrownBy(() -> ClassificationMetrics.logLoss(yt, sc)).hasMessageContaining("only one label");
        assertThat(ClassificationReport.of(yt, yp).toString()).isEqualTo(f.str("report"));
        checkPrf(f, "", yt, yp, Average.values());
        int[] y0 = new int[6];
        checkPrf(f, "zero_", y0, y0, new Average[] {Average.MICRO, Average.MACRO, Average.WEIGHTED});
        Close.check("binary p zd1", f.d("zero_binary_p_1"), PrecisionRecall.precision(y0, y0, Average.BINARY, 1), 0, 0);
        Close.check("binary r zd0", f.d("zero_binary_r_0"), PrecisionRecall.recall(y0, y0, Average.BINARY, 0), 0, 0);
    }

    @Test
    void regressionMetricsMatchScikitLearn() {
        MlFixture f = MlFixture.get("metrics_regression");
        double[] t = f.vec("y_true");
        double[] p = f.vec("y_pred");
        Close.check("mse", f.d("mse"), RegressionMetrics.mse(t, p), TOL, TOL);
        Close.check("rmse", f.d("rmse"), RegressionMetrics.rmse(t, p), TOL, TOL);
        Close.check("mae", f.d("mae"), RegressionMetrics.mae(t, p), TOL, TOL);
        Close.check("mape", f.d("mape"), RegressionMetrics.mape(t, p), 1e-12, 0);
        Close.check("r2", f.d("r2"), RegressionMetrics.r2(t, p), TOL, TOL);
        Close.check("evs", f.d("evs"), RegressionMetrics.explainedVariance(t, p), TOL, TOL);
        double[] c = {2, 2, 2};
        Close.check("r2 const exact", f.d("r2_const_exact"), RegressionMetrics.r2(c, c), 0, 0);
        Close.check("r2 const wrong", f.d("r2_const_wrong"), RegressionMetrics.r2(c, new double[] {2, 1, 2}), 0, 0);
        Close.check("evs const wrong", f.d("evs_const_wrong"),
                RegressionMetrics.explainedVariance(c, new double[] {2, 1, 3}), 0, 0);
    }

    @Test
    void roundsLikePython() {
        assertThat(ClassificationReport.fixed(0.125, 2)).isEqualTo("0.12");
        assertThat(ClassificationReport.fixed(0.375, 2)).isEqualTo("0.38");
        assertThat(ClassificationReport.fixed(2.0 / 3, 2)).isEqualTo("0.67");
    }
}
