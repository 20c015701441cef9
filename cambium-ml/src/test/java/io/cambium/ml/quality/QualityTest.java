package io.cambium.ml.quality;

import static org.assertj.core.api.Assertions.assertThat;

import io.cambium.ml.Close;
import io.cambium.ml.MlFixture;
import io.cambium.ml.linear.LogisticRegression;
import io.cambium.ml.selection.StratifiedKFold;
import io.cambium.tensor.random.Rng;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

// Written against the round-1 API: its call forms, now deprecated, must keep working.
@SuppressWarnings("deprecation")
class QualityTest {

    @Test
    void zScoresAndIqrFencesMatchNumpy() {
        MlFixture f = MlFixture.get("imbalance_quality");
        double[][] X = f.mat("X");
        Close.check("z", f.mat("z"), Outliers.zScores(X), 1e-12, 1e-12);
        double[] q1 = f.vec("q1");
        double[] q3 = f.vec("q3");
        Outliers.Bounds b = Outliers.iqrBounds(X, 1.5);
        for (int j = 0; j < 3; j++) {
            Close.check("lower fence " + j, q1[j] - 1.5 * (q3[j] - q1[j]), b.lower()[j], 1e-12, 1e-12);
            Close.check("upper fence " + j, q3[j] + 1.5 * (q3[j] - q1[j]), b.upper()[j], 1e-12, 1e-12);
        }
        boolean[] z = Outliers.zScoreMask(X, 3);
        assertThat(z[5]).isTrue();
        assertThat(z[17]).isTrue();
        boolean[] iqr = Outliers.iqrMask(X, 1.5);
        assertThat(iqr[5]).isTrue();
        assertThat(iqr[17]).isTrue();
        int flagged = 0;
        for (boolean v : z) {
            flagged += v ? 1 : 0;
        }
        assertThat(Outliers.filter(X, z).length).isEqualTo(X.length - flagged);
        double[][] clipped = Outliers.clip(X, b);
        assertThat(clipped[5][1]).isEqualTo(b.upper()[1]);
        assertThat(clipped[17][0]).isEqualTo(b.lower()[0]);
        assertThat(Outliers.iqrMask(clipped, 1.5)).doesNotContain(true);
        assertThat(X[5][1]).isEqualTo(9.0);
    }

    /** Two well-separated classes with 10% of the labels flipped. */
    private static double[][] data(Rng rng, double[] clean) {
        double[][] X = new double[200][2];
        for (int i = 0; i < 200; i++) {
            clean[i] = i % 2;
            X[i][0] = rng.nextGaussian() * 0.7 + 2.5 * clean[i];
            X[i][1] = rng.nextGaussian() * 0.7 - 2.5 * clean[i];
        }
        return X;
    }

    @Test
    void flippedLabelsAreFoundByBothDetectors() {
        double[] clean = new double[200];
        double[][] X = data(new Rng(5), clean);
        NoiseInjection.Flipped noisy = NoiseInjection.flipLabels(clean, 0.1, 6);
        Set<Integer> flipped = new HashSet<>();
        for (int i = 0; i < 200; i++) {
            if (noisy.flipped()[i]) {
                flipped.add(i);
                assertThat(noisy.y()[i]).isNotEqualTo(clean[i]);
            } else {
                assertThat(noisy.y()[i]).isEqualTo(clean[i]);
            }
        }
        assertThat(flipped).hasSize(20);
        int[] knn = LabelNoise.knnSuspects(X, noisy.y(), 10, 0.5);
        double[][] oof = LabelNoise.outOfFoldProba(LogisticRegression::new, X, noisy.y(), new StratifiedKFold(5));
        int[] cl = LabelNoise.confidentLearningIssues(oof, noisy.y());
        for (int[] found : new int[][] {knn, cl}) {
            int hits = 0;
            for (int i : found) {
                hits += flipped.contains(i) ? 1 : 0;
            }
            // Precision and recall of the detection, both high on separable data.
            assertThat(hits).isGreaterThanOrEqualTo(17);
            assertThat(found.length).isLessThanOrEqualTo(hits + 4);
        }
        // Cleaning: dropping the confident-learning issues leaves mostly correct labels.
        boolean[] drop = LabelNoise.mask(200, cl);
        double[] kept = Outliers.filter(noisy.y(), drop);
        double[] keptClean = Outliers.filter(clean, drop);
        int wrong = 0;
        for (int i = 0; i < kept.length; i++) {
            wrong += kept[i] != keptClean[i] ? 1 : 0;
        }
        assertThat(wrong).isLessThanOrEqualTo(3);
        assertThat(Outliers.filter(X, drop).length).isEqualTo(kept.length);
        double[] sc = LabelNoise.selfConfidence(oof, noisy.y());
        double flippedMean = 0;
        double cleanMean = 0;
        for (int i = 0; i < 200; i++) {
            if (flipped.contains(i)) {
                flippedMean += sc[i] / 20;
            } else {
                cleanMean += sc[i] / 180;
            }
        }
        assertThat(flippedMean).isLessThan(0.3);
        assertThat(cleanMean).isGreaterThan(0.8);
    }

    @Test
    void gaussianNoiseHasTheRequestedScale() {
        double[][] X = new double[4000][2];
        double[][] noisy = NoiseInjection.gaussian(X, 0.5, 1);
        double s = 0;
        for (double[] row : noisy) {
            s += row[0] * row[0] + row[1] * row[1];
        }
        assertThat(Math.sqrt(s / 8000)).isBetween(0.48, 0.52);
        assertThat(X[0][0]).isZero();
        assertThat(NoiseInjection.gaussian(X, 0.5, 1)[7]).containsExactly(noisy[7]);
    }
}
