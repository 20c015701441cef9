package io.cambium.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cambium.Cambium;
import io.cambium.nn.io.InvalidFileException;
import io.cambium.nn.layers.conv.Conv2D;
import io.cambium.nn.layers.core.Dense;
import io.cambium.nn.layers.core.Flatten;
import io.cambium.nn.layers.normalization.BatchNormalization;
import io.cambium.nn.layers.pooling.GlobalAveragePooling2D;
import io.cambium.nn.losses.Losses;
import io.cambium.nn.optimizers.Adam;
import io.cambium.nn.training.FitConfig;
import io.cambium.tensor.Tensor;
import io.cambium.tensor.random.Rng;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The model API of transfer learning: a functional backbone inside a Sequential, BatchNorm in
 * inference mode while frozen, weights by layer name with skipMismatch, partial unfreezing, and a
 * model of a backbone's intermediate outputs.
 */
class TransferLearningApiTest {
    @TempDir
    Path dir;

    private final Rng data = new Rng(5);
    private final Tensor images = Tensor.normal(data, 0, 1, 12, 6, 6, 2);
    private final int[] labels = {0, 1, 2, 0, 1, 2, 0, 1, 2, 0, 1, 2};

    @BeforeEach
    void reset() {
        Layer.resetNames();
    }

    /** A small functional backbone: conv, batch norm, conv, with fixed layer names. */
    private static Model backbone() {
        var in = Input.shape(6, 6, 2);
        var x = new Conv2D(4, 3).padding("same").name("c1").apply(in);
        x = new BatchNormalization().name("bn1").apply(x);
        x = new Conv2D(8, 3).strides(2).activation("relu").name("c2").apply(x);
        return new Model(List.of(in), List.of(x), "backbone");
    }

    @Test
    void sequentialStartingWithAFunctionalModelBuildsSavesAndLoads() throws Exception {
        Cambium.seed(3);
        Model base = backbone();
        var model = new Sequential(base, new GlobalAveragePooling2D(), new Dense(3).activation("softmax"));
        // Built from the backbone's input, as Keras builds it: no explicit build, summary works.
        assertThat(model.builtInputShape()).containsExactly(-1, 6, 6, 2);
        assertThat(model.summaryString()).contains("backbone (Functional)").contains("Total params: 415");
        model.compile(new Adam(1e-2), Losses.sparseCategoricalCrossentropy());
        model.fit(images, labels, FitConfig.epochs(2).batchSize(4).quiet());

        Path file = dir.resolve("seq.cambium");
        model.save(file);
        Model loaded = Model.load(file);
        assertThat(loaded.predict(images).data()).containsExactly(model.predict(images).data());
        assertThat(loaded.summaryString()).isEqualTo(model.summaryString());
        assertThat(loaded.variables()).hasSameSizeAs(model.variables());
        Path again = dir.resolve("again.cambium");
        loaded.save(again);
        assertThat(Model.load(again).predict(images).data()).containsExactly(model.predict(images).data());
    }

    @Test
    void sequentialBuiltByItsFirstCallReloadsBuilt() throws Exception {
        Cambium.seed(4);
        var model = new Sequential(new Flatten(), new Dense(5).activation("relu"), new Dense(2));
        Tensor out = model.apply(images);
        Path file = dir.resolve("called.cambium");
        model.save(file);
        Model loaded = Model.load(file);
        assertThat(((Sequential) loaded).builtInputShape()).containsExactly(-1, 6, 6, 2);
        assertThat(loaded.apply(images).data()).containsExactly(out.data());
    }

    @Test
    void frozenBatchNormRunsInInferenceModeDuringFit() {
        Cambium.seed(6);
        Model base = backbone();
        var bn = (BatchNormalization) base.getLayer("bn1");
        base.trainable(false);
        var model = new Sequential(base, new GlobalAveragePooling2D(), new Dense(3).activation("softmax"));
        model.compile(new Adam(1e-2), Losses.sparseCategoricalCrossentropy());
        Tensor mean = bn.movingMean().value().copy();
        Tensor var = bn.movingVariance().value().copy();
        model.fit(images, labels, FitConfig.epochs(2).batchSize(4).quiet());
        // The statistics are not updated, and training-mode output equals inference output.
        assertThat(bn.movingMean().value().data()).containsExactly(mean.data());
        assertThat(bn.movingVariance().value().data()).containsExactly(var.data());
        Tensor h = base.getLayer("c1").apply(images);
        assertThat(bn.apply(h, true).data()).containsExactly(bn.apply(h, false).data());

        // Unfrozen, the same layer normalizes with the batch and moves its statistics.
        base.trainable(true);
        model.fit(images, labels, FitConfig.epochs(1).batchSize(4).quiet());
        assertThat(bn.movingMean().value().data()).isNotEqualTo(mean.data());
        Tensor h2 = base.getLayer("c1").apply(images);
        assertThat(bn.apply(h2, true).data()).isNotEqualTo(bn.apply(h2, false).data());
    }

    @Test
    void weightsByNameGoToTheLayersOfTheSameNameAndSkipMismatches() throws Exception {
        Cambium.seed(7);
        Model source = backbone();
        var sourceModel = new Sequential(source, new GlobalAveragePooling2D(), new Dense(3).name("head"));
        Path file = dir.resolve("source.safetensors");
        sourceModel.saveWeights(file);

        Layer.resetNames();
        Cambium.seed(8);
        Model target = backbone();
        var targetModel = new Sequential(target, new GlobalAveragePooling2D(), new Dense(5).name("head"),
                new Dense(2).name("extra"));
        Tensor headBefore = targetModel.getLayer("head").getWeights().get(0);

        // Without skipMismatch, the 3-class head against the 5-class one is an error, and nothing changes.
        Tensor c1Before = target.getLayer("c1").getWeights().get(0);
        assertThatThrownBy(() -> targetModel.loadWeightsByName(file, false))
                .isInstanceOf(InvalidFileException.class)
                .hasMessageContaining("Dense 'head': 'head/kernel' has shape (8, 3) in the file, the layer's is (8, 5)");
        assertThat(target.getLayer("c1").getWeights().get(0).data()).containsExactly(c1Before.data());

        WeightLoadReport r = targetModel.loadWeightsByName(file, true);
        assertThat(r.loaded()).containsExactly("c1", "bn1", "c2");
        assertThat(r.skipped()).containsOnlyKeys("head");
        assertThat(r.untouched()).containsExactly("extra");
        assertThat(r.unused()).isEmpty();
        for (String layer : List.of("c1", "bn1", "c2")) {
            List<Tensor> want = source.getLayer(layer).getWeights();
            List<Tensor> got = target.getLayer(layer).getWeights();
            for (int i = 0; i < want.size(); i++) {
                assertThat(got.get(i).data()).containsExactly(want.get(i).data());
            }
        }
        assertThat(targetModel.getLayer("head").getWeights().get(0).data()).containsExactly(headBefore.data());

        // The same from memory.
        Map<String, Tensor> named = sourceModel.namedWeights();
        assertThat(named).containsKeys("c1/kernel", "bn1/moving_mean", "head/bias");
        WeightLoadReport mem = target.setWeightsByName(named, false);
        assertThat(mem.loaded()).containsExactly("c1", "bn1", "c2");
        assertThat(mem.unused()).containsExactly("head");
    }

    @Test
    void unfreezingFromALayerKeepsBatchNormFrozen() {
        Model base = backbone();
        base.trainable(false);
        assertThat(base.trainableVariables()).isEmpty();
        FineTuning.unfreezeFrom(base, "bn1");
        assertThat(base.getLayer("c1").trainable()).isFalse();
        assertThat(base.getLayer("bn1").trainable()).isFalse();
        assertThat(base.getLayer("c2").trainable()).isTrue();
        assertThat(base.trainableVariables()).extracting(Variable::name).containsExactly("c2/kernel", "c2/bias");

        FineTuning.unfreezeFrom(base, "bn1", false);
        assertThat(base.trainableVariables()).extracting(Variable::name)
                .containsExactly("bn1/gamma", "bn1/beta", "c2/kernel", "c2/bias");
        FineTuning.unfreezeLast(base, 1);
        assertThat(base.trainableVariables()).extracting(Variable::name).containsExactly("c2/kernel", "c2/bias");
        assertThatThrownBy(() -> FineTuning.unfreezeFrom(base, "nope")).hasMessageContaining("no layer named 'nope'");
    }

    @Test
    void modelOfIntermediateOutputsSharesTheWeightsAndRoundTrips() throws Exception {
        Cambium.seed(9);
        Model base = backbone();
        var features = new Model(base.inputs(), List.of(base.getLayer("bn1").output(), base.getLayer("c2").output()));
        List<Tensor> outs = features.callAll(images);
        assertThat(outs.get(0).shape()).containsExactly(12, 6, 6, 4);
        assertThat(outs.get(1).data()).containsExactly(base.apply(images).data());

        Path file = dir.resolve("features.cambium");
        features.save(file);
        Model loaded = Model.load(file);
        List<Tensor> again = loaded.callAll(images);
        assertThat(again.get(0).data()).containsExactly(outs.get(0).data());
        assertThat(again.get(1).data()).containsExactly(outs.get(1).data());
    }
}
