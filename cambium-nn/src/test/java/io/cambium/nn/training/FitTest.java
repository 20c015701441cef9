package io.cambium.nn.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import io.cambium.Cambium;
import io.cambium.nn.Layer;
import io.cambium.nn.Sequential;
import io.cambium.nn.callbacks.EarlyStopping;
import io.cambium.nn.layers.core.Dense;
import io.cambium.nn.metrics.Metrics;
import io.cambium.tensor.Tensor;
import io.cambium.tensor.random.Rng;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class FitTest {
    @BeforeEach
    void reset() {
        Layer.resetNames();
        Cambium.seed(42);
    }

    /** XOR of the signs of two coordinates: not linearly separable. */
    static Tensor[] xor(int n, long seed) {
        Rng rng = new Rng(seed);
        float[] x = new float[n * 2];
        float[] y = new float[n];
        for (int i = 0; i < n; i++) {
            float a = rng.nextFloat() * 2 - 1;
            float b = rng.nextFloat() * 2 - 1;
            x[2 * i] = a;
            x[2 * i + 1] = b;
            y[i] = a * b > 0 ? 1 : 0;
        }
        return new Tensor[] {new Tensor(x, n, 2), new Tensor(y, n)};
    }

    private static Sequential mlp() {
        return new Sequential(
                new Dense(32).activation("relu").inputShape(2),
                new Dense(32).activation("relu"),
                new Dense(2));
    }

    @Test
    void mlpLearnsXorWithMargin() {
        Tensor[] train = xor(512, 1);
        Tensor[] test = xor(256, 2);
        var model = mlp();
        model.compile(new io.cambium.nn.optimizers.SGD(0.1f), io.cambium.nn.losses.Losses.sparseCategoricalCrossentropy(true), Metrics.accuracy());
        double before = model.evaluate(test[0], test[1]).get("loss");
        History h = model.fit(train[0], train[1], FitConfig.epochs(40).batchSize(32).quiet());
        Map<String, Double> after = model.evaluate(test[0], test[1]);
        assertThat(h.get("loss")).hasSize(40);
        assertThat(h.history().keySet()).containsExactly("loss", "accuracy");
        assertThat(before).isGreaterThan(0.6);
        assertThat(after.get("loss")).isLessThan(0.25);
        assertThat(after.get("accuracy")).isGreaterThan(0.92);
        assertThat(h.last("loss")).isLessThan(h.get("loss").get(0) * 0.5);
    }

    @Test
    void sameSeedGivesIdenticalRuns() {
        Tensor[] train = xor(128, 3);
        List<Double> first = null;
        for (int run = 0; run < 2; run++) {
            Cambium.seed(5);
            var model = mlp();
            model.compile(new io.cambium.nn.optimizers.SGD(0.1f), io.cambium.nn.losses.Losses.sparseCategoricalCrossentropy(true));
            List<Double> losses = model.fit(train[0], train[1], FitConfig.epochs(3).batchSize(16).quiet()).get("loss");
            if (first == null) {
                first = losses;
            } else {
                assertThat(losses).isEqualTo(first);
            }
        }
    }

    @Test
    void frozenLayerIsUnchangedByFit() {
        Tensor[] train = xor(128, 4);
        var model = mlp();
        Layer frozen = model.layers().get(0);
        frozen.trainable(false);
        List<Tensor> before = frozen.getWeights();
        List<Tensor> headBefore = model.layers().get(2).getWeights();
        model.compile(new io.cambium.nn.optimizers.SGD(0.1f), io.cambium.nn.losses.Losses.sparseCategoricalCrossentropy(true));
        model.fit(train[0], train[1], FitConfig.epochs(2).quiet());
        List<Tensor> after = frozen.getWeights();
        for (int i = 0; i < before.size(); i++) {
            assertThat(after.get(i).data()).containsExactly(before.get(i).data());
        }
        assertThat(model.layers().get(2).getWeights().get(0).data()).isNotEqualTo(headBefore.get(0).data());
        assertThat(model.trainableVariables()).hasSize(4);
        assertThat(model.nonTrainableVariables()).hasSize(2);
    }

    @Test
    void validationSplitTakesTheLastSamplesBeforeShuffling() {
        // The last 25% of the samples have targets far from the rest: val_loss must see exactly them.
        int n = 40;
        float[] x = new float[n];
        float[] y = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = 0;
            y[i] = i < 30 ? 0 : 10;
        }
        Dense d = new Dense(1).useBias(false).inputShape(1);
        var model = new Sequential(d);
        model.compile(new io.cambium.nn.optimizers.SGD(0f), io.cambium.nn.losses.Losses.meanSquaredError());
        History h = model.fit(new Tensor(x, n, 1), new Tensor(y, n, 1),
                FitConfig.epochs(1).validationSplit(0.25).batchSize(7).quiet());
        assertThat(h.last("loss")).isEqualTo(0.0);
        assertThat(h.last("val_loss")).isCloseTo(100.0, offset(1e-4));
    }

    @Test
    void classWeightsScaleTheLossPerClass() {
        float[] x = {0, 0, 0, 0};
        float[] y = {0, 0, 0, 1};
        var model = new Sequential(new Dense(1).useBias(false).inputShape(1));
        model.compile(new io.cambium.nn.optimizers.SGD(0f), io.cambium.nn.losses.Losses.meanSquaredError());
        // prediction 0 everywhere: per-sample losses 0,0,0,1; with weight 3 on class 1 -> mean 0.75
        History h = model.fit(new Tensor(x, 4, 1), new Tensor(y, 4, 1),
                FitConfig.epochs(1).batchSize(4).classWeight(Map.of(0, 1.0, 1, 3.0)).quiet());
        assertThat(h.last("loss")).isCloseTo(0.75, offset(1e-6));
        // balanced: n / (2 * count) = 4/6 for class 0 and 2 for class 1 -> loss 2/4 = 0.5
        h = model.fit(new Tensor(x, 4, 1), new Tensor(y, 4, 1), FitConfig.epochs(1).batchSize(4).classWeightBalanced().quiet());
        assertThat(h.last("loss")).isCloseTo(0.5, offset(1e-6));
        // The validation split is not class-weighted: 2 of its 4 samples are class 1 -> val_loss 0.5.
        float[] x8 = new float[8];
        float[] y8 = {0, 0, 0, 1, 0, 1, 0, 1};
        h = model.fit(new Tensor(x8, 8, 1), new Tensor(y8, 8, 1), FitConfig.epochs(1).batchSize(4).validationSplit(0.5)
                .classWeight(Map.of(0, 1.0, 1, 3.0)).quiet());
        assertThat(h.last("loss")).isCloseTo(0.75, offset(1e-6));
        assertThat(h.last("val_loss")).isCloseTo(0.5, offset(1e-6));
        assertThatThrownBy(() -> model.fit(new Tensor(x, 4, 1), new Tensor(y, 4, 1),
                FitConfig.epochs(1).classWeight(Map.of(0, 1.0)).quiet())).hasMessageContaining("class 1");
    }

    @Test
    void earlyStoppingRestoresTheBestWeightsOfAnOverfittingRun() {
        // 12 training points with pure-noise targets and a wide network: the training loss keeps
        // falling while the loss on fresh noise rises once the network memorizes.
        Rng rng = new Rng(9);
        Tensor xTrain = Tensor.normal(rng, 0, 1, 12, 4);
        Tensor yTrain = Tensor.normal(rng, 0, 1, 12, 1);
        Tensor xVal = Tensor.normal(rng, 0, 1, 64, 4);
        Tensor yVal = Tensor.normal(rng, 0, 1, 64, 1);
        var model = new Sequential(new Dense(128).activation("relu").inputShape(4),
                new Dense(128).activation("relu"), new Dense(1));
        model.compile(new io.cambium.nn.optimizers.SGD(0.02f), io.cambium.nn.losses.Losses.meanSquaredError());
        var es = new EarlyStopping("val_loss").patience(5).restoreBestWeights(true);
        History h = model.fit(xTrain, yTrain, FitConfig.epochs(300).batchSize(12).validationData(xVal, yVal)
                .callbacks(es).quiet());
        List<Double> val = h.get("val_loss");
        assertThat(val.size()).isLessThan(300);
        assertThat(es.stoppedEpoch()).isEqualTo(val.size() - 1);
        double best = val.stream().mapToDouble(Double::doubleValue).min().orElseThrow();
        assertThat(val.get(val.size() - 1)).isGreaterThan(best);
        assertThat(es.bestEpoch()).isEqualTo(val.size() - 6);
        assertThat(model.evaluate(xVal, yVal).get("loss")).isCloseTo(best, offset(1e-5));
    }

    @Test
    void predictIsBatchedAndMatchesOneCall() {
        var model = mlp();
        Tensor x = Tensor.randn(70, 2);
        Tensor all = model.apply(x);
        Tensor batched = model.predict(x, 16);
        assertThat(batched.shape()).containsExactly(70, 2);
        for (int i = 0; i < all.numel(); i++) {
            assertThat(batched.data()[i]).isCloseTo(all.data()[i], offset(1e-6f));
        }
        assertThat(batched.requiresGrad()).isFalse();
    }

    @Test
    void trainOnBatchStepsOnceAndReportsTheBatchLoss() {
        var model = new Sequential(new Dense(1).useBias(false).inputShape(1));
        model.compile(new io.cambium.nn.optimizers.SGD(0.5f), io.cambium.nn.losses.Losses.meanSquaredError());
        model.layers().get(0).setWeights(List.of(Tensor.zeros(1, 1)));
        Map<String, Double> logs = model.trainOnBatch(Tensor.ones(2, 1), Tensor.full(2f, 2, 1));
        assertThat(logs.get("loss")).isCloseTo(4.0, offset(1e-6));
        // grad = 2 * (0 - 2) * 1 = -4 -> w = 0 + 0.5 * 4 = 2
        assertThat(model.layers().get(0).getWeights().get(0).item()).isCloseTo(2f, offset(1e-6f));
    }

    @Test
    void regularizationIsAddedToTheTrainingLoss() {
        var model = new Sequential(new Dense(1).useBias(false).kernelRegularizer(w -> w.mul(w).sum().mul(0.5f))
                .inputShape(1));
        model.layers().get(0).setWeights(List.of(Tensor.full(2f, 1, 1)));
        model.compile(new io.cambium.nn.optimizers.SGD(0f), io.cambium.nn.losses.Losses.meanSquaredError());
        Map<String, Double> logs = model.trainOnBatch(Tensor.zeros(3, 1), Tensor.zeros(3, 1));
        assertThat(logs.get("loss")).isCloseTo(2.0, offset(1e-6));
    }

    @Test
    void progressPrintsOneLinePerEpochInKerasFormat() {
        Tensor[] train = xor(64, 5);
        var model = mlp();
        model.compile(new io.cambium.nn.optimizers.SGD(0.1f), io.cambium.nn.losses.Losses.sparseCategoricalCrossentropy(true), Metrics.accuracy());
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        model.fit(train[0], train[1], FitConfig.epochs(2).batchSize(16).validationSplit(0.25)
                .verbose(FitConfig.ONE_LINE_PER_EPOCH).output(new PrintStream(buf, true, StandardCharsets.UTF_8)));
        String[] lines = buf.toString(StandardCharsets.UTF_8).split("\n");
        assertThat(lines).hasSize(4);
        assertThat(lines[0]).isEqualTo("Epoch 1/2");
        assertThat(lines[1]).matches("3/3 - \\d+m?s - \\d+[mu]?s/step - loss: \\d\\.\\d{4} - accuracy: \\d\\.\\d{4}"
                + " - val_loss: \\d\\.\\d{4} - val_accuracy: \\d\\.\\d{4}");
        assertThat(lines[2]).isEqualTo("Epoch 2/2");
    }

    @Test
    void batchSourceFeedsFitEvaluateAndPredict() {
        Tensor[] train = xor(256, 6);
        List<Batch> batches = new ArrayList<>();
        for (int i = 0; i < 256; i += 32) {
            float[] xs = java.util.Arrays.copyOfRange(train[0].data(), i * 2, (i + 32) * 2);
            float[] ys = java.util.Arrays.copyOfRange(train[1].data(), i, i + 32);
            batches.add(Batch.of(new Tensor(xs, 32, 2), new Tensor(ys, 32)));
        }
        var model = mlp();
        model.compile(new io.cambium.nn.optimizers.SGD(0.1f), io.cambium.nn.losses.Losses.sparseCategoricalCrossentropy(true), Metrics.accuracy());
        History h = model.fit(Batches.of(batches), FitConfig.epochs(30).validationData(Batches.of(batches)).quiet());
        assertThat(h.last("accuracy")).isGreaterThan(0.85);
        Map<String, Double> ev = model.evaluate(Batches.of(batches));
        assertThat(ev.get("loss")).isCloseTo(h.last("val_loss"), offset(1e-6));
        assertThat(model.predict(Batches.of(batches)).shape()).containsExactly(256, 2);
        assertThat(model.predictAll(Batches.of(batches)).get(0).shape()).containsExactly(256, 2);
        // A plain list of batches is a source too.
        assertThat(model.evaluate(batches).get("loss")).isCloseTo(ev.get("loss"), offset(1e-6));
    }

    @Test
    void initialEpochContinuesCounting() {
        Tensor[] train = xor(32, 7);
        var model = mlp();
        model.compile(new io.cambium.nn.optimizers.SGD(0.1f), io.cambium.nn.losses.Losses.sparseCategoricalCrossentropy(true));
        History h = model.fit(train[0], train[1], FitConfig.epochs(5).initialEpoch(3).quiet());
        assertThat(h.epochs()).containsExactly(3, 4);
        assertThat(model.completedEpochs()).isEqualTo(5);
    }

    @Test
    void mismatchedDataNamesTheProblem() {
        var model = mlp();
        model.compile(new io.cambium.nn.optimizers.SGD(0.1f), io.cambium.nn.losses.Losses.sparseCategoricalCrossentropy(true));
        assertThatThrownBy(() -> model.fit(Tensor.zeros(10, 2), Tensor.zeros(9), FitConfig.epochs(1).quiet()))
                .hasMessageContaining("(9,)").hasMessageContaining("10 samples");
        assertThatThrownBy(() -> mlp().fit(Tensor.zeros(10, 2), Tensor.zeros(10), FitConfig.epochs(1)))
                .hasMessageContaining("compile");
    }
}
