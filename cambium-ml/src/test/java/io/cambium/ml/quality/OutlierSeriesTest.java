package io.cambium.ml.quality;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cambium.ml.Close;
import io.cambium.ml.MlFixture;
import org.junit.jupiter.api.Test;

/**
 * Issue 14: the outlier rules work on a 1-D series and keep their fitted statistics, which then
 * apply to new data (NumPy's mean, std and percentiles in tools/fixtures/gen_ml.py).
 */
class OutlierSeriesTest {

    @Test
    void zScoreRuleOnASeriesExposesMeanAndStd() {
        MlFixture f = MlFixture.get("outlier_series");
        double[] s = f.vec("series");
        ZScoreOutliers z = new ZScoreOutliers().threshold(3).fit(s);
        Close.check("mean", f.d("mean"), z.mean()[0], 1e-12, 1e-12);
        Close.check("std", f.d("std"), z.std()[0], 1e-12, 1e-12);
        Close.check("z", f.vec("z"), z.scores(s), 1e-12, 1e-12);
        boolean[] spikes = z.mask(s);
        assertThat(spikes[7]).isTrue();
        assertThat(spikes[29]).isTrue();
        assertThat(count(spikes)).isEqualTo(2);
        assertThat(Outliers.zScoreMask(s, 3)).containsExactly(spikes);
        // The fitted statistics judge new points.
        double mean = z.mean()[0];
        double std = z.std()[0];
        assertThat(z.mask(new double[] {mean, mean + 3.5 * std, mean - 2.5 * std})).containsExactly(false, true, false);
        assertThat(z.clip(new double[] {mean + 10 * std})[0]).isEqualTo(z.upper()[0]);
        assertThatThrownBy(() -> new ZScoreOutliers().mask(s)).hasMessageContaining("not fitted");
    }

    @Test
    void iqrRuleOnASeriesExposesItsQuartiles() {
        MlFixture f = MlFixture.get("outlier_series");
        double[] s = f.vec("series");
        IqrOutliers iqr = new IqrOutliers().fit(s);
        double q1 = f.d("q1");
        double q3 = f.d("q3");
        Close.check("q1", q1, iqr.q1()[0], 1e-12, 1e-12);
        Close.check("q3", q3, iqr.q3()[0], 1e-12, 1e-12);
        Close.check("iqr", q3 - q1, iqr.iqr()[0], 1e-12, 1e-12);
        Close.check("lower fence", q1 - 1.5 * (q3 - q1), iqr.lower()[0], 1e-12, 1e-12);
        Close.check("upper fence", q3 + 1.5 * (q3 - q1), iqr.upper()[0], 1e-12, 1e-12);
        boolean[] out = iqr.mask(s);
        assertThat(out[7]).isTrue();
        assertThat(out[29]).isTrue();
        assertThat(Outliers.iqrMask(s, 1.5)).containsExactly(out);
        assertThat(new IqrOutliers().factor(3).fit(s).upper()[0]).isGreaterThan(iqr.upper()[0]);
        // A rule fitted on a matrix rejects a series of a different width.
        assertThatThrownBy(() -> new IqrOutliers().fit(new double[][] {{1, 2}, {3, 4}}).mask(s))
                .hasMessageContaining("2");
    }

    private static int count(boolean[] m) {
        int c = 0;
        for (boolean b : m) {
            c += b ? 1 : 0;
        }
        return c;
    }
}
