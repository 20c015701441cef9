package io.cambium.ml.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cambium.Cambium;
import io.cambium.nn.Sequential;
import io.cambium.nn.layers.core.Dense;
import io.cambium.nn.losses.CategoricalFocalCrossentropy;
import io.cambium.nn.losses.Loss;
import io.cambium.nn.losses.Losses;
import io.cambium.nn.optimizers.Adam;
import io.cambium.nn.training.FitConfig;
import io.cambium.tensor.random.Rng;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * Issue 14: a {@link NeuralClassifier} whose network is compiled with a categorical loss (here the
 * categorical focal cross-entropy, which has no sparse form in Keras) takes integer labels: the
 * adapter one-hot encodes them, as scikeras does. Round 1 failed on the target shape.
 */
class NeuralTargetsTest {

    /** Three Gaussian blobs in 2-D, labels 10, 20, 30. */
    private static double[][] blobs(int[] y) {
        Rng rng = new Rng(8);
        double[][] X = new double[y.length][2];
        double[][] centers = {{-2, 0}, {2, 0}, {0, 3}};
        for (int i = 0; i < y.length; i++) {
            int c = i % 3;
            y[i] = 10 * (c + 1);
            X[i][0] = centers[c][0] + 0.6 * rng.nextGaussian();
            X[i][1] = centers[c][1] + 0.6 * rng.nextGaussian();
        }
        return X;
    }

    private static Supplier<Sequential> net(Supplier<Loss> loss, boolean softmax) {
        return () -> {
            Cambium.seed(5);
            Sequential m = new Sequential(new Dense(3).activation(softmax ? "softmax" : "linear").inputShape(2));
            m.compile(new Adam(0.05f), loss.get());
            return m;
        };
    }

    @Test
    void categoricalFocalLossTrainsOnIntegerLabels() {
        int[] y = new int[240];
        double[][] X = blobs(y);
        Supplier<FitConfig> cfg = () -> FitConfig.epochs(15).batchSize(32).quiet();
        NeuralClassifier focal = new NeuralClassifier(net(CategoricalFocalCrossentropy::new, true), cfg).fit(X, y);
        assertThat(focal.classes()).containsExactly(10, 20, 30);
        assertThat(focal.score(X, y)).isGreaterThan(0.95);
        int[] pred = focal.predict(new double[][] {{-2, 0}, {2, 0}, {0, 3}});
        assertThat(pred).containsExactly(10, 20, 30);
        NeuralClassifier fromLogits = new NeuralClassifier(net(
                () -> new CategoricalFocalCrossentropy(0.25, 2.0, true, 0, Loss.Reduction.SUM_OVER_BATCH_SIZE), false),
                cfg).logits(true).classWeightBalanced(true).fit(X, y);
        assertThat(fromLogits.score(X, y)).isGreaterThan(0.95);
        NeuralClassifier categorical = new NeuralClassifier(net(Losses::categoricalCrossentropy, true), cfg).fit(X, y);
        assertThat(categorical.score(X, y)).isGreaterThan(0.95);
        // Sparse losses still get class indices.
        NeuralClassifier sparse = new NeuralClassifier(net(Losses::sparseCategoricalCrossentropy, true), cfg).fit(X, y);
        assertThat(sparse.score(X, y)).isGreaterThan(0.95);
        // Forcing indices onto the categorical loss reproduces the round-1 failure.
        assertThatThrownBy(() -> new NeuralClassifier(net(CategoricalFocalCrossentropy::new, true), cfg)
                .targetEncoding(NeuralClassifier.TargetEncoding.INDICES).fit(X, y))
                .hasMessageContaining("target shape");
    }

    @Test
    void binaryLossesGetIndicesForOneUnitAndOneHotRowsForTwo() {
        int[] y3 = new int[240];
        double[][] X3 = blobs(y3);
        // Two of the blobs: labels 10 and 20.
        int n = 160;
        double[][] X = new double[n][];
        int[] y = new int[n];
        for (int i = 0, k = 0; k < n; i++) {
            if (y3[i] != 30) {
                X[k] = X3[i];
                y[k++] = y3[i];
            }
        }
        Supplier<FitConfig> cfg = () -> FitConfig.epochs(10).batchSize(32).quiet();
        for (int units : new int[] {1, 2}) {
            NeuralClassifier c = new NeuralClassifier(() -> {
                Cambium.seed(6);
                Sequential m = new Sequential(new Dense(units).activation(units == 1 ? "sigmoid" : "softmax")
                        .inputShape(2));
                m.compile(new Adam(0.05f), Losses.binaryCrossentropy());
                return m;
            }, cfg).fit(X, y);
            assertThat(c.score(X, y)).as(units + " output unit(s)").isGreaterThan(0.95);
            assertThat(c.predictProba(X)[0]).hasSize(2);
        }
    }
}
