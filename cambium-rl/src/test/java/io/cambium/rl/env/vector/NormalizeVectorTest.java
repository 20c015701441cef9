package io.cambium.rl.env.vector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.cambium.rl.envs.CartPole;
import io.cambium.rl.normalize.ObservationNormalizer;
import io.cambium.rl.normalize.RunningMeanStd;
import io.cambium.tensor.random.Rng;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class NormalizeVectorTest {
    @Test
    void runningStatisticsEqualTheStatisticsOfAllData() {
        Rng r = new Rng(1);
        RunningMeanStd s = new RunningMeanStd(2, 0);
        List<float[]> all = new ArrayList<>();
        for (int b = 0; b < 7; b++) {
            int rows = 1 + b * 3;
            float[] batch = new float[rows * 2];
            for (int i = 0; i < rows; i++) {
                batch[2 * i] = (float) (3 + 2 * r.nextGaussian());
                batch[2 * i + 1] = (float) (-1 + 0.5 * r.nextGaussian());
                all.add(new float[] {batch[2 * i], batch[2 * i + 1]});
            }
            s.update(batch, rows);
        }
        for (int j = 0; j < 2; j++) {
            double m = 0;
            for (float[] x : all) {
                m += x[j];
            }
            m /= all.size();
            double v = 0;
            for (float[] x : all) {
                v += (x[j] - m) * (x[j] - m);
            }
            v /= all.size();
            assertThat(s.mean()[j]).isCloseTo(m, within(1e-9));
            assertThat(s.var()[j]).isCloseTo(v, within(1e-9));
        }
        assertThat(s.count()).isEqualTo(all.size());
    }

    @Test
    void observationsAreStandardizedAndClippedAndRewardsScaledByTheReturnDeviation() {
        ObservationNormalizer n = new ObservationNormalizer(4);
        RunningMeanStd ret = new RunningMeanStd(1);
        SyncVectorEnv<float[], Integer> raw = new SyncVectorEnv<>(CartPole::new, 4, AutoresetMode.SAME_STEP);
        NormalizeVector<Integer> v = new NormalizeVector<>(raw, n, ret, 0.99);
        v.reset(0L);
        VectorStep<float[]> s = null;
        double[] returns = new double[4];
        RunningMeanStd expected = new RunningMeanStd(1);
        for (int t = 0; t < 60; t++) {
            s = v.step(List.of(t % 2, (t + 1) % 2, 1, 0));
            for (int i = 0; i < 4; i++) {
                returns[i] = returns[i] * 0.99 + 1.0;
            }
            expected.update(returns.clone());
            for (int i = 0; i < 4; i++) {
                assertThat(s.rewards()[i]).isCloseTo(Math.min(10, 1.0 / Math.sqrt(expected.var()[0] + 1e-8)), within(1e-9));
                if (s.done(i)) {
                    returns[i] = 0;
                }
            }
        }
        double[] m = n.stats().mean();
        double[] var = n.stats().var();
        float[] o = s.observations().get(0);
        for (float x : o) {
            assertThat(Math.abs(x)).isLessThanOrEqualTo(10f);
        }
        assertThat(m[0]).isNotEqualTo(0.0);
        assertThat(var[0]).isGreaterThan(0.0);
        assertThat(n.stats().count()).isCloseTo(4 * 61 + 1e-4, within(1e-9));
    }
}
