package io.cambium.ml.imbalance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cambium.ml.Close;
import io.cambium.ml.Data;
import io.cambium.ml.MlFixture;
import io.cambium.ml.linear.LogisticRegression;
import io.cambium.ml.metrics.Average;
import io.cambium.ml.metrics.PrecisionRecall;
import io.cambium.tensor.random.Rng;
import java.util.Map;
import org.junit.jupiter.api.Test;

// Written against the round-1 API: its call forms, now deprecated, must keep working.
@SuppressWarnings("deprecation")
class ImbalanceTest {

    @Test
    void balancedClassWeightsMatchScikitLearn() {
        MlFixture f = MlFixture.get("imbalance_quality");
        int[] y = f.ints("y");
        Close.check("balanced", f.vec("balanced"), ClassWeights.balanced(y), 1e-15, 0);
        double[] sw = ClassWeights.balancedSampleWeights(y);
        // Every class carries the same total weight n / k.
        double[] perClass = new double[4];
        int[] enc = Data.encode(y, f.ints("classes"));
        for (int i = 0; i < y.length; i++) {
            perClass[enc[i]] += sw[i];
        }
        Close.check("total weight per class", new double[] {20, 20, 20, 20}, perClass, 1e-12, 0);
        assertThat(ClassWeights.compute(Map.of(5, 3.0), y)).containsExactly(1, 1, 1, 3);
        assertThatThrownBy(() -> ClassWeights.compute("auto", y)).hasMessageContaining("balanced");
    }

    @Test
    void classWeightsForExplicitClassesMatchScikitLearn() {
        MlFixture f = MlFixture.get("estimator_options");
        int[] y = f.ints("y_cw");
        int[] order = f.ints("classes_order");
        Close.check("balanced, classes 5, 0, 2, 1", f.vec("cw_balanced"), ClassWeights.balanced(order, y), 1e-15, 0);
        Close.check("map", f.vec("cw_dict"), ClassWeights.of(Map.of(2, 3.0, 5, 0.5), new int[] {0, 1, 2, 5}), 0, 0);
        assertThatThrownBy(() -> ClassWeights.balanced(new int[] {0, 1, 2}, y))
                .hasMessageContaining("should include all valid labels");
        assertThatThrownBy(() -> ClassWeights.balanced(new int[] {0, 1, 2, 5, 7}, y))
                .hasMessageContaining("class 7 does not occur");
        assertThatThrownBy(() -> ClassWeights.of(Map.of(9, 2.0), new int[] {0, 1}))
                .hasMessageContaining("not in class_weight");
        double[] sw = ClassWeights.sampleWeights(y, order, ClassWeights.balanced(order, y));
        assertThat(sw).containsExactly(ClassWeights.balancedSampleWeights(y));
    }

    private static double[][] blobs(Rng rng, int n0, int n1, double[] labels) {
        double[][] X = new double[n0 + n1][2];
        for (int i = 0; i < n0 + n1; i++) {
            boolean minority = i >= n0;
            X[i][0] = rng.nextGaussian() + (minority ? 1.5 : 0);
            X[i][1] = rng.nextGaussian() + (minority ? 1.5 : 0);
            labels[i] = minority ? 1 : 0;
        }
        return X;
    }

    @Test
    void samplersBalanceTheClasses() {
        Rng rng = new Rng(1);
        double[] y = new double[110];
        double[][] X = blobs(rng, 100, 10, y);
        Resampled over = new RandomOverSampler(3).fitResample(X, y);
        Resampled under = new RandomUnderSampler(3).fitResample(X, y);
        Resampled smote = new Smote(5, 3).fitResample(X, y);
        for (Resampled r : new Resampled[] {over, smote}) {
            assertThat(r.y()).hasSize(200);
            assertThat(count(r.y(), 1)).isEqualTo(100);
            // Originals first, unchanged.
            for (int i = 0; i < 110; i++) {
                assertThat(r.X()[i]).containsExactly(X[i]);
            }
        }
        assertThat(under.y()).hasSize(20);
        assertThat(count(under.y(), 0)).isEqualTo(10);
        // SMOTE points lie on segments between minority samples: inside the minority bounding box.
        double[] lo = {Double.MAX_VALUE, Double.MAX_VALUE};
        double[] hi = {-Double.MAX_VALUE, -Double.MAX_VALUE};
        for (int i = 100; i < 110; i++) {
            for (int j = 0; j < 2; j++) {
                lo[j] = Math.min(lo[j], X[i][j]);
                hi[j] = Math.max(hi[j], X[i][j]);
            }
        }
        int copies = 0;
        for (int i = 110; i < 200; i++) {
            for (int j = 0; j < 2; j++) {
                assertThat(smote.X()[i][j]).isBetween(lo[j], hi[j]);
            }
            for (int m = 100; m < 110; m++) {
                if (java.util.Arrays.equals(smote.X()[i], X[m])) {
                    copies++;
                }
            }
        }
        assertThat(copies).as("synthetic points are new, not copies").isLessThan(5);
        assertThat(new Smote(5, 3).fitResample(X, y).X()[150]).containsExactly(smote.X()[150]);
        assertThatThrownBy(() -> new Smote(5, 1).fitResample(java.util.Arrays.copyOf(X, 104),
                java.util.Arrays.copyOf(y, 104))).hasMessageContaining("needs at least 6");
    }

    private static int count(double[] y, double v) {
        int c = 0;
        for (double t : y) {
            c += t == v ? 1 : 0;
        }
        return c;
    }

    @Test
    void classWeightsAndResamplingRaiseMinorityRecall() {
        Rng rng = new Rng(2);
        double[] y = new double[330];
        double[][] X = blobs(rng, 300, 30, y);
        double[] yTest = new double[1100];
        double[][] XTest = blobs(rng, 1000, 100, yTest);
        int[] t = Data.labels(yTest);
        double plain = recall(new LogisticRegression().fit(X, y).predict(XTest), t);
        double weighted = recall(new LogisticRegression(1.0, true, 1000, 1e-6, true).fit(X, y).predict(XTest), t);
        Resampled s = new Smote(7).fitResample(X, y);
        double smote = recall(new LogisticRegression().fit(s.X(), s.y()).predict(XTest), t);
        Resampled o = new RandomOverSampler(7).fitResample(X, y);
        double over = recall(new LogisticRegression().fit(o.X(), o.y()).predict(XTest), t);
        double sampleWeighted = recall(new LogisticRegression().fit(X, y, ClassWeights.balancedSampleWeights(
                Data.labels(y))).predict(XTest), t);
        System.out.printf("minority recall: plain %.3f, balanced %.3f, sample weights %.3f, SMOTE %.3f, over %.3f%n",
                plain, weighted, sampleWeighted, smote, over);
        assertThat(weighted).isGreaterThan(plain + 0.15);
        assertThat(sampleWeighted).isEqualTo(weighted);
        assertThat(smote).isGreaterThan(plain + 0.15);
        assertThat(over).isGreaterThan(plain + 0.15);
    }

    private static double recall(int[] pred, int[] t) {
        return PrecisionRecall.recall(t, pred, Average.BINARY, 0);
    }
}
