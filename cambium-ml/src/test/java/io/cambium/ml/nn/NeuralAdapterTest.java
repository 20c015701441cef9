package io.cambium.ml.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cambium.Cambium;
import io.cambium.ml.selection.CrossValidation;
import io.cambium.ml.selection.KFold;
import io.cambium.ml.selection.Scoring;
import io.cambium.nn.Sequential;
import io.cambium.nn.layers.core.Dense;
import io.cambium.nn.layers.core.Flatten;
import io.cambium.nn.losses.Loss;
import io.cambium.nn.optimizers.Adam;
import io.cambium.nn.training.FitConfig;
import io.cambium.tensor.Tensor;
import io.cambium.tensor.random.Rng;
import org.junit.jupiter.api.Test;

// Written against the round-1 API: its call forms, now deprecated, must keep working.
@SuppressWarnings("deprecation")
class NeuralAdapterTest {

    private static Loss mse() {
        return new Loss(Loss.Reduction.SUM_OVER_BATCH_SIZE) {
            @Override
            public String name() {
                return "mean_squared_error";
            }

            @Override
            public Tensor perSample(Tensor yTrue, Tensor yPred) {
                Tensor d = yPred.sub(yTrue);
                return d.mul(d).mean(-1, false);
            }
        };
    }

    @Test
    void classifierMapsArbitraryLabelsAndGivesProbabilities() {
        Rng rng = new Rng(1);
        double[][] X = new double[200][2];
        double[] y = new double[200];
        for (int i = 0; i < 200; i++) {
            boolean b = i % 2 == 0;
            X[i][0] = rng.nextGaussian() + (b ? 2 : -2);
            X[i][1] = rng.nextGaussian();
            y[i] = b ? 7 : 3;
        }
        NeuralClassifier c = new NeuralClassifier(() -> {
            Cambium.seed(2);
            Sequential m = new Sequential(new Dense(2).inputShape(2));
            m.compile(new Adam(0.05f), TestNets.sparseCrossEntropyFromLogits());
            return m;
        }, () -> FitConfig.epochs(20).batchSize(20).quiet()).logits(true);
        c.fit(X, y);
        assertThat(c.classes()).containsExactly(3, 7);
        double[][] p = c.predictProba(X);
        for (double[] row : p) {
            assertThat(row[0] + row[1]).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-9));
        }
        assertThat(c.score(X, y)).isGreaterThan(0.95);
        assertThat(c.predict(new double[][] {{3, 0}, {-3, 0}})).containsExactly(7, 3);
        assertThat(c.history().get("loss").get(19)).isLessThan(c.history().get("loss").get(0));
        // Rows reshaped to a per-sample shape before the network (here [2, 1], flattened again).
        NeuralClassifier shaped = new NeuralClassifier(() -> {
            Cambium.seed(2);
            Sequential m = new Sequential(new Flatten().inputShape(2, 1), new Dense(2));
            m.compile(new Adam(0.05f), TestNets.sparseCrossEntropyFromLogits());
            return m;
        }, () -> FitConfig.epochs(20).batchSize(20).quiet()).logits(true).inputShape(2, 1);
        assertThat(shaped.fit(X, y).predictProba(X)[5]).containsExactly(p[5]);
        assertThatThrownBy(() -> new NeuralClassifier(() -> null, FitConfig::defaults).inputShape(3).fit(X, y))
                .hasMessageContaining("reshaped");
    }

    @Test
    void regressorLearnsALinearFunctionUnderCrossValidation() {
        Rng rng = new Rng(3);
        double[][] X = new double[120][2];
        double[] y = new double[120];
        for (int i = 0; i < 120; i++) {
            X[i][0] = rng.nextGaussian();
            X[i][1] = rng.nextGaussian();
            y[i] = 2 * X[i][0] - X[i][1] + 1 + 0.05 * rng.nextGaussian();
        }
        double[] r2 = CrossValidation.score(() -> new NeuralRegressor(() -> {
            Cambium.seed(4);
            Sequential m = new Sequential(new Dense(1).inputShape(2));
            m.compile(new Adam(0.1f), mse());
            return m;
        }, () -> FitConfig.epochs(40).batchSize(16).quiet()), X, y, new KFold(3), Scoring.of("r2"));
        for (double v : r2) {
            assertThat(v).isGreaterThan(0.98);
        }
    }

    @Test
    void anUncompiledModelIsRejected() {
        NeuralClassifier c = new NeuralClassifier(() -> new Sequential(new Dense(2).inputShape(2)),
                () -> FitConfig.epochs(1).quiet());
        assertThatThrownBy(() -> c.fit(new double[][] {{0, 0}, {1, 1}}, new double[] {0, 1}))
                .hasMessageContaining("compiled");
        assertThatThrownBy(() -> c.predict(new double[][] {{0, 0}})).hasMessageContaining("not fitted");
    }
}
