package io.cambium.ml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cambium.ml.metrics.RankingMetrics;
import io.cambium.tensor.Tensor;
import org.junit.jupiter.api.Test;

class DataTest {

    @Test
    void tensorsConvertToArraysForTheMetrics() {
        Tensor y = Tensor.of(new float[] {0, 1, 1, 0}, 4);
        Tensor proba = Tensor.of(new float[][] {{0.9f, 0.1f}, {0.2f, 0.8f}, {0.6f, 0.4f}, {0.7f, 0.3f}});
        assertThat(Data.labels(y)).containsExactly(0, 1, 1, 0);
        assertThat(Data.argmax(proba)).containsExactly(0, 1, 0, 0);
        double[][] p = Data.matrix(proba);
        double[] pos = {p[0][1], p[1][1], p[2][1], p[3][1]};
        assertThat(RankingMetrics.rocAuc(Data.labels(y), pos)).isEqualTo(1.0);
        assertThat(Data.tensor(p).shape()).containsExactly(4, 2);
        assertThatThrownBy(() -> Data.labels(Tensor.of(new float[] {0.5f}, 1))).hasMessageContaining("integers");
        assertThatThrownBy(() -> Data.matrix(y)).hasMessageContaining("(4,)");
        assertThatThrownBy(() -> Data.check("X", new double[][] {{1, 2}, {3}}, 2)).hasMessageContaining("row 1");
    }
}
