package io.cambium.ml.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cambium.ml.Close;
import io.cambium.ml.MlFixture;
import io.cambium.ml.metrics.ClassificationMetrics.KappaWeights;
import io.cambium.ml.metrics.ConfusionMatrix.Normalize;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Issue 14, classical ML metrics: sample weights on every metric, adjusted balanced accuracy,
 * per-class precision returning all classes, and the classification report as a data structure,
 * against scikit-learn 1.2.1 (tools/fixtures/gen_ml.py).
 */
class WeightedMetricsFixtureTest {
    private static final double TOL = 1e-12;

    @Test
    void binaryMetricsAcceptSampleWeights() {
        MlFixture f = MlFixture.get("weighted_binary");
        int[] yt = f.ints("y_true");
        int[] yp = f.ints("y_pred");
        double[] sc = f.vec("y_score");
        double[] sw = f.vec("sample_weight");
        Close.check("accuracy", f.d("accuracy"), ClassificationMetrics.accuracy(yt, yp, sw), TOL, TOL);
        Close.check("balanced", f.d("balanced_accuracy"), ClassificationMetrics.balancedAccuracy(yt, yp, sw, false),
                TOL, TOL);
        Close.check("balanced adjusted", f.d("balanced_accuracy_adjusted"),
                ClassificationMetrics.balancedAccuracy(yt, yp, true), TOL, TOL);
        Close.check("balanced adjusted weighted", f.d("balanced_accuracy_adjusted_w"),
                ClassificationMetrics.balancedAccuracy(yt, yp, sw, true), TOL, TOL);
        Close.check("mcc", f.d("mcc"), ClassificationMetrics.matthews(yt, yp, sw), TOL, TOL);
        Close.check("kappa", f.d("kappa"), ClassificationMetrics.cohenKappa(yt, yp, null, KappaWeights.NONE, sw),
                TOL, TOL);
        Close.check("kappa linear", f.d("kappa_linear"),
                ClassificationMetrics.cohenKappa(yt, yp, null, KappaWeights.LINEAR, sw), TOL, TOL);
        Close.check("confusion", f.mat("confusion"), ConfusionMatrix.weighted(yt, yp, null, sw), TOL, TOL);
        Close.check("confusion true", f.mat("confusion_true"),
                ConfusionMatrix.normalized(yt, yp, null, sw, Normalize.TRUE), TOL, TOL);
        Close.check("log loss", f.d("log_loss"), ClassificationMetrics.logLoss(yt, sc, sw), 1e-10, TOL);
        RocCurve roc = RocCurve.of(yt, sc, sw);
        Close.check("roc fpr", f.vec("roc_fpr"), roc.fpr(), TOL, TOL);
        Close.check("roc tpr", f.vec("roc_tpr"), roc.tpr(), TOL, TOL);
        Close.check("roc thr", f.vec("roc_thr"), roc.thresholds(), TOL, TOL);
        Close.check("roc auc", f.d("roc_auc"), RankingMetrics.rocAuc(yt, sc, sw), TOL, TOL);
        Close.check("roc auc max_fpr", f.d("roc_auc_max_fpr"), RankingMetrics.rocAuc(yt, sc, null, 0.3), TOL, TOL);
        Close.check("roc auc max_fpr weighted", f.d("roc_auc_max_fpr_w"), RankingMetrics.rocAuc(yt, sc, sw, 0.3),
                TOL, TOL);
        PrecisionRecallCurve pr = PrecisionRecallCurve.of(yt, sc, 1, sw);
        Close.check("pr precision", f.vec("pr_precision"), pr.precision(), TOL, TOL);
        Close.check("pr recall", f.vec("pr_recall"), pr.recall(), TOL, TOL);
        Close.check("pr thr", f.vec("pr_thr"), pr.thresholds(), TOL, TOL);
        Close.check("AP", f.d("average_precision"), RankingMetrics.averagePrecision(yt, sc, sw), TOL, TOL);
        int[] flipped = new int[yt.length];
        double[] flippedScore = new double[sc.length];
        for (int i = 0; i < yt.length; i++) {
            flipped[i] = 1 - yt[i];
            flippedScore[i] = 1 - sc[i];
        }
        Close.check("AP pos_label 0", f.d("average_precision_pos0"),
                RankingMetrics.averagePrecision(flipped, flippedScore, 0, sw), TOL, TOL);
        for (Average a : Average.values()) {
            String key = a == Average.NONE ? "None" : a.name().toLowerCase();
            ClassScores s = new PrecisionRecall().average(a).scores(yt, yp, sw);
            Close.check("precision " + key, f.vec("p_" + key), s.precision(), TOL, TOL);
            Close.check("recall " + key, f.vec("r_" + key), s.recall(), TOL, TOL);
            Close.check("f1 " + key, f.vec("f1_" + key), s.fScore(), TOL, TOL);
            if (a != Average.NONE) {
                Close.check("precision() " + key, f.vec("p_" + key)[0],
                        new PrecisionRecall().average(a).precision(yt, yp, sw), TOL, TOL);
            }
        }
        Close.check("weighted support", f.vec("support_None"), new PrecisionRecall().average(Average.NONE)
                .scores(yt, yp, sw).support(), TOL, TOL);
        ClassificationReport report = ClassificationReport.of(yt, yp, sw);
        assertThat(report.toString()).isEqualTo(f.str("report"));
        assertSameMap(parse(f.str("report_dict")), report.toMap(), "report");
    }

    @Test
    void multiclassMetricsAcceptSampleWeights() {
        MlFixture f = MlFixture.get("weighted_multiclass");
        int[] yt = f.ints("y_true");
        int[] yp = f.ints("y_pred");
        double[][] proba = f.mat("proba");
        double[] sw = f.vec("sample_weight");
        Close.check("accuracy", f.d("accuracy"), ClassificationMetrics.accuracy(yt, yp, sw), TOL, TOL);
        Close.check("balanced", f.d("balanced_accuracy"), ClassificationMetrics.balancedAccuracy(yt, yp, sw, false),
                TOL, TOL);
        Close.check("balanced adjusted", f.d("balanced_accuracy_adjusted"),
                ClassificationMetrics.balancedAccuracy(yt, yp, true), TOL, TOL);
        Close.check("mcc", f.d("mcc"), ClassificationMetrics.matthews(yt, yp, sw), TOL, TOL);
        Close.check("kappa with labels", f.d("kappa_labels"),
                ClassificationMetrics.cohenKappa(yt, yp, new int[] {0, 1, 2, 3}, KappaWeights.QUADRATIC, sw), TOL, TOL);
        Close.check("top2", f.d("top2"), ClassificationMetrics.topKAccuracy(yt, proba, 2, null, sw), TOL, TOL);
        Close.check("log loss", f.d("log_loss"), ClassificationMetrics.logLoss(yt, proba, sw), 1e-10, TOL);
        Close.check("log loss with labels", f.d("log_loss_labels"),
                ClassificationMetrics.logLoss(f.ints("y_true_missing"), proba, new int[] {0, 1, 2, 3}, sw), 1e-10, TOL);
        Close.check("auc ovr macro", f.d("auc_ovr_macro"), RankingMetrics.rocAucOvr(yt, proba, Average.MACRO, sw),
                TOL, TOL);
        Close.check("auc ovr weighted", f.d("auc_ovr_weighted"),
                RankingMetrics.rocAucOvr(yt, proba, Average.WEIGHTED, sw), TOL, TOL);
        for (Average a : new Average[] {Average.MICRO, Average.MACRO, Average.WEIGHTED, Average.NONE}) {
            String key = a == Average.NONE ? "None" : a.name().toLowerCase();
            ClassScores s = new PrecisionRecall().average(a).scores(yt, yp, sw);
            Close.check("precision " + key, f.vec("p_" + key), s.precision(), TOL, TOL);
            Close.check("recall " + key, f.vec("r_" + key), s.recall(), TOL, TOL);
            Close.check("f1 " + key, f.vec("f1_" + key), s.fScore(), TOL, TOL);
        }
        assertThat(ClassificationReport.of(yt, yp, sw).digits(3).toString()).isEqualTo(f.str("report"));
    }

    @Test
    void perClassPrecisionReturnsEveryClassNotClassZerosValue() {
        MlFixture f = MlFixture.get("weighted_multiclass");
        int[] yt = f.ints("y_true");
        int[] yp = f.ints("y_pred");
        // Round 1 returned the precision of class 0 alone for average NONE.
        assertThatThrownBy(() -> PrecisionRecall.precision(yt, yp, Average.NONE, 0))
                .hasMessageContaining("one value per class");
        assertThatThrownBy(() -> new PrecisionRecall().average(Average.NONE).f1(yt, yp))
                .hasMessageContaining("one value per class");
        ClassScores all = new PrecisionRecall().average(Average.NONE).scores(yt, yp);
        assertThat(all.labels()).containsExactly(0, 1, 2, 3, 4);
        assertThat(all.precision()).hasSize(5);
        assertThat(PrecisionRecall.perClass(yt, yp, 0).recall()).hasSize(5);
        // Explicit labels select and order the classes.
        ClassScores picked = new PrecisionRecall().average(Average.NONE).labels(3, 0).scores(yt, yp);
        assertThat(picked.precision()).containsExactly(all.precision()[3], all.precision()[0]);
    }

    @Test
    void classificationReportIsADataStructureLikeOutputDict() {
        MlFixture f = MlFixture.get("weighted_multiclass");
        int[] yt = f.ints("y_true");
        int[] yp = f.ints("y_pred");
        ClassificationReport r = ClassificationReport.of(yt, yp);
        assertSameMap(parse(f.str("report_dict")), r.toMap(), "report");
        JsonNode expected = parse(f.str("report_dict"));
        Close.check("accuracy", expected.get("accuracy").asDouble(), r.accuracy(), TOL, TOL);
        Close.check("macro f1", expected.get("macro avg").get("f1-score").asDouble(), r.macroAvg().f1Score(), TOL, TOL);
        Close.check("class 2 recall", expected.get("2").get("recall").asDouble(), r.row(2).recall(), TOL, TOL);
        assertThat(r.classes()).extracting(ClassificationReport.Row::name).containsExactly("0", "1", "2", "3", "4");
        ClassificationReport named = r.targetNames("a", "b", "c", "d", "e");
        assertSameMap(parse(f.str("report_names_dict")), named.toMap(), "named report");
        assertThat(named.row("c").support()).isEqualTo(r.row(2).support());
        // Labels that leave out a present class: a micro average instead of accuracy.
        ClassificationReport subset = ClassificationReport.of(yt, yp, new int[] {0, 1, 3}, null, 0);
        assertThat(subset.toString()).isEqualTo(f.str("report_subset"));
        assertSameMap(parse(f.str("report_subset_dict")), subset.toMap(), "subset report");
        assertThatThrownBy(subset::accuracy).hasMessageContaining("micro");
    }

    private static JsonNode parse(String json) {
        try {
            return new ObjectMapper().readTree(json);
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    /** The report map has scikit-learn's keys in its order, numbers equal within 1e-12, supports exact. */
    private static void assertSameMap(JsonNode expected, Map<String, Object> actual, String what) {
        List<String> keys = new java.util.ArrayList<>();
        for (Iterator<String> it = expected.fieldNames(); it.hasNext(); ) {
            keys.add(it.next());
        }
        assertThat(actual.keySet()).as(what + " keys").containsExactlyElementsOf(keys);
        for (String k : keys) {
            JsonNode e = expected.get(k);
            Object a = actual.get(k);
            if (e.isNumber()) {
                Close.check(what + " " + k, e.asDouble(), (Double) a, TOL, TOL);
                continue;
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> row = (Map<String, Object>) a;
            assertThat(row.keySet()).containsExactly("precision", "recall", "f1-score", "support");
            for (String m : new String[] {"precision", "recall", "f1-score"}) {
                Close.check(what + " " + k + " " + m, e.get(m).asDouble(), (Double) row.get(m), TOL, TOL);
            }
            JsonNode s = e.get("support");
            if (s.isIntegralNumber()) {
                assertThat(row.get("support")).as(what + " " + k + " support").isEqualTo(s.asLong());
            } else {
                Close.check(what + " " + k + " support", s.asDouble(), (Double) row.get("support"), TOL, TOL);
            }
        }
    }
}
