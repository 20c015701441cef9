package io.cambium.compress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.cambium.Cambium;
import io.cambium.compress.lab.CompressionExperiment;
import io.cambium.compress.pruning.ChannelPruning;
import io.cambium.compress.pruning.PruneLowMagnitude;
import io.cambium.compress.pruning.Pruning;
import io.cambium.compress.pruning.PruningSchedule;
import io.cambium.compress.pruning.UpdatePruningStep;
import io.cambium.data.loaders.FashionMnist;
import io.cambium.nn.Model;
import io.cambium.nn.Sequential;
import io.cambium.nn.layers.conv.Conv2D;
import io.cambium.nn.layers.core.Dense;
import io.cambium.nn.losses.Losses;
import io.cambium.nn.metrics.Metrics;
import io.cambium.nn.optimizers.Adam;
import io.cambium.nn.training.FitConfig;
import io.cambium.tensor.Tensor;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Magnitude pruning (schedules, global and layer-wise masks, training) and structured channel pruning. */
class PruningTest {
    @Test
    void polynomialDecayFollowsTfMot() {
        PruningSchedule s = PruningSchedule.polynomialDecay(0.2, 0.8, 100, 1100, 3, 100);
        assertThat(s.sparsity(100)).isCloseTo(0.2, within(1e-12));
        // target + (initial - target)·(1 - p)^3 at p = 0.5
        assertThat(s.sparsity(600)).isCloseTo(0.8 - 0.6 * 0.125, within(1e-12));
        assertThat(s.sparsity(1100)).isCloseTo(0.8, within(1e-12));
        assertThat(s.sparsity(5000)).isCloseTo(0.8, within(1e-12));
        assertThat(s.shouldPrune(99)).isFalse();
        assertThat(s.shouldPrune(100)).isTrue();
        assertThat(s.shouldPrune(150)).isFalse();
        assertThat(s.shouldPrune(1100)).isTrue();
        assertThat(s.shouldPrune(1200)).isFalse();
        PruningSchedule c = PruningSchedule.constantSparsity(0.5, 10, 5);
        assertThat(c.sparsity(9)).isZero();
        assertThat(c.sparsity(1000)).isEqualTo(0.5);
        assertThat(c.shouldPrune(1000)).isTrue();
        assertThatThrownBy(() -> PruningSchedule.polynomialDecay(0, 1.0, 0, 10)).hasMessageContaining("[0, 1)");
    }

    private static Sequential mlp() {
        Sequential m = new Sequential();
        m.input(28, 28, 1);
        m.add(new io.cambium.nn.layers.core.Flatten());
        m.add(new Dense(64).activation("relu"));
        m.add(new Dense(10));
        return m;
    }

    @Test
    void globalAndLayerWiseMasksPruneTheSmallestWeights() {
        Cambium.seed(1);
        Sequential m = mlp();
        // make every weight of the second layer larger than any of the first (Glorot's limit there
        // is 0.084), so that global pruning takes the first layer first whatever the draw
        float[] second = ((Dense) m.layers().get(2)).kernel().value().data();
        for (int i = 0; i < second.length; i++) {
            second[i] = Math.copySign(1f + Math.abs(second[i]), second[i]);
        }
        List<PruneLowMagnitude> layerWise = Pruning.wrappers(Pruning.wrap(Models.mapLayers(m, Models::copy)));
        Pruning.pruneToSparsity(layerWise, 0.5, false);
        assertThat(layerWise.get(0).sparsity()).isCloseTo(0.5, within(1e-6));
        assertThat(layerWise.get(1).sparsity()).isCloseTo(0.5, within(1e-6));
        Sequential p = Pruning.wrap(m);
        List<PruneLowMagnitude> ws = Pruning.wrappers(p);
        Pruning.pruneToSparsity(ws, 0.5, true);
        assertThat(ws.get(1).sparsity()).isZero();
        long total = 784 * 64 + 64 * 10;
        assertThat(ws.get(0).sparsity() * 784 * 64).isCloseTo(Math.round(0.5 * total), within(0.5));
        // the kept weights are all larger in magnitude than the pruned ones
        float[] w = ws.get(0).kernel().value().data();
        float[] mask = ws.get(0).mask();
        float keptMin = Float.MAX_VALUE;
        for (int i = 0; i < w.length; i++) {
            if (mask[i] == 1f) {
                keptMin = Math.min(keptMin, Math.abs(w[i]));
            } else {
                assertThat(w[i]).isZero();
            }
        }
        assertThat(keptMin).isGreaterThan(0f);
        assertThat(Pruning.sparsity(m)).isCloseTo(0.5, within(1e-4));
    }

    @Test
    void pruningDuringTrainingReachesTheTargetAndKeepsAccuracy(@TempDir Path dir) throws Exception {
        FashionMnist.Data d = TestData.get();
        int[] y = d.yTrain().toIntArray();
        Cambium.seed(2);
        Sequential m = mlp();
        m.compile(new Adam(1e-3), Losses.sparseCategoricalCrossentropy(true), Metrics.accuracy());
        m.fit(d.xTrain(), y, FitConfig.epochs(3).batchSize(64).quiet());
        double dense = TestData.accuracy(m, d.xTest(), d.yTest().toIntArray());
        Sequential p = Pruning.wrap(m);
        p.compile(new Adam(5e-4), Losses.sparseCategoricalCrossentropy(true), Metrics.accuracy());
        UpdatePruningStep cb = new UpdatePruningStep(p, PruningSchedule.polynomialDecay(0, 0.8, 0, 60, 3, 10), true);
        p.fit(d.xTrain(), y, FitConfig.epochs(3).batchSize(64).quiet().callbacks(cb));
        assertThat(cb.step()).isEqualTo(3 * 32);
        Sequential sparse = Pruning.strip(p);
        assertThat(Pruning.sparsity(sparse)).isCloseTo(0.8, within(1e-4));
        double acc = TestData.accuracy(sparse, d.xTest(), d.yTest().toIntArray());
        assertThat(acc).as("80%% sparse vs dense %s", dense).isGreaterThan(dense - 0.03);
        // the stripped model is a plain model: it saves and loads with its zeros
        sparse.save(dir.resolve("sparse.cambium"));
        assertThat(Pruning.sparsity(Model.load(dir.resolve("sparse.cambium")))).isCloseTo(0.8, within(1e-4));
    }

    @Test
    void removingDeadChannelsChangesNothingAndShrinksTheModel() {
        Cambium.seed(5);
        Sequential m = CompressionExperiment.cnn(0.5);
        // kill half the filters of each conv and half the hidden units: zero weights and bias
        Conv2D c1 = (Conv2D) m.layers().get(0);
        Conv2D c2 = (Conv2D) m.layers().get(2);
        Dense h = (Dense) m.layers().get(5);
        zeroColumns(c1.kernel().value(), 16, 2);
        zeroColumns(c2.kernel().value(), 32, 2);
        zeroColumns(h.kernel().value(), 64, 2);
        Sequential small = ChannelPruning.prune(m, 0.5);
        assertThat(((Conv2D) small.layers().get(0)).kernel().shape()).containsExactly(3, 3, 1, 8);
        assertThat(((Conv2D) small.layers().get(2)).kernel().shape()).containsExactly(3, 3, 8, 16);
        assertThat(((Dense) small.layers().get(5)).kernel().shape()).containsExactly(7 * 7 * 16, 32);
        assertThat(((Dense) small.layers().get(6)).kernel().shape()).containsExactly(32, 10);
        assertThat(small.countParams()).isLessThan(m.countParams() / 3);
        assertThat(Models.flops(small)).isLessThan(Models.flops(m) / 2);
        Tensor x = TestData.get().xTest().narrow(0, 0, 20);
        assertThat(small.predict(x).data()).containsExactly(m.predict(x).data(), within(1e-5f));
        assertThatThrownBy(() -> ChannelPruning.prune(m, 1.0)).hasMessageContaining("[0, 1)");
    }

    /** Zeroes every {@code every}-th output column (odd ones) of a kernel whose last axis has {@code out} columns. */
    private static void zeroColumns(Tensor kernel, int out, int every) {
        float[] d = kernel.data();
        for (int i = 0; i < d.length; i++) {
            if ((i % out) % every == 1) {
                d[i] = 0f;
            }
        }
    }
}
