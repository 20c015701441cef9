package io.cambium.compress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.cambium.Cambium;
import io.cambium.compress.lab.CompressionExperiment;
import io.cambium.compress.quantization.Calibration;
import io.cambium.compress.quantization.FakeQuantized;
import io.cambium.compress.quantization.PercentileObserver;
import io.cambium.compress.quantization.PostTrainingQuantization;
import io.cambium.compress.quantization.QuantizationAwareTraining;
import io.cambium.compress.quantization.QuantizedConv2D;
import io.cambium.compress.quantization.QuantizedDense;
import io.cambium.data.loaders.FashionMnist;
import io.cambium.nn.Model;
import io.cambium.nn.Sequential;
import io.cambium.nn.io.InvalidFileException;
import io.cambium.nn.io.ModelArchive;
import io.cambium.nn.io.ModelFile;
import io.cambium.nn.losses.Losses;
import io.cambium.nn.metrics.Metrics;
import io.cambium.nn.optimizers.Adam;
import io.cambium.nn.training.FitConfig;
import io.cambium.tensor.Tensor;
import io.cambium.tensor.quant.ActivationQuant;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Post-training quantization and quantization-aware training of the W3 CNN (half width) trained
 * briefly on the embedded Fashion-MNIST subset: accuracy kept, a file about 4x smaller that loads to
 * the same predictions, and hostile quantized files rejected.
 */
class QuantizationTest {
    private static Sequential model;
    private static FashionMnist.Data d;
    private static double floatAccuracy;

    @BeforeAll
    static void train() {
        d = TestData.get();
        Cambium.seed(3);
        model = CompressionExperiment.cnn(0.5);
        model.compile(new Adam(2e-3), Losses.sparseCategoricalCrossentropy(true), Metrics.accuracy());
        model.fit(d.xTrain(), d.yTrain().toIntArray(), FitConfig.epochs(2).batchSize(64).quiet());
        floatAccuracy = TestData.accuracy(model, d.xTest(), d.yTest().toIntArray());
        assertThat(floatAccuracy).as("the float model learned").isGreaterThan(0.70);
    }

    @Test
    void postTrainingQuantizationKeepsAccuracyForBothCalibrations() {
        Tensor calib = d.xTrain().narrow(0, 0, 500);
        for (Calibration c : new Calibration[] {Calibration.minMax(), Calibration.percentile(99.99)}) {
            Sequential q = PostTrainingQuantization.quantize(model, calib, c);
            assertThat(q.layers().get(0)).isInstanceOf(QuantizedConv2D.class);
            assertThat(q.layers().get(5)).isInstanceOf(QuantizedDense.class);
            double acc = TestData.accuracy(q, d.xTest(), d.yTest().toIntArray());
            assertThat(acc).as("int8 (%s) vs float %s", c, floatAccuracy).isCloseTo(floatAccuracy, within(0.02));
        }
        // the float model is untouched
        assertThat(TestData.accuracy(model, d.xTest(), d.yTest().toIntArray())).isEqualTo(floatAccuracy);
    }

    @Test
    void quantizedModelSavesAboutFourTimesSmallerAndLoadsToTheSamePredictions(@TempDir Path dir) throws Exception {
        Sequential q = PostTrainingQuantization.quantize(model, d.xTrain().narrow(0, 300, 300), Calibration.minMax());
        Path fq = dir.resolve("int8.cambium");
        Path ff = dir.resolve("float.cambium");
        q.save(fq);
        Models.mapLayers(model, Models::copy).save(ff);
        assertThat((double) Files.size(ff) / Files.size(fq)).isGreaterThan(3.5);
        Model back = Model.load(fq);
        Tensor x = d.xTest().narrow(0, 0, 50);
        assertThat(back.predict(x).data()).containsExactly(q.predict(x).data());
        // loaded again, the stored ranges are the same
        assertThat(((QuantizedDense) back.layers().get(5)).inputQuant())
                .isEqualTo(((QuantizedDense) q.layers().get(5)).inputQuant());
    }

    @Test
    void hostileQuantizedFilesAreRejected(@TempDir Path dir) throws Exception {
        Sequential q = PostTrainingQuantization.quantize(model, d.xTrain().narrow(0, 0, 200), Calibration.minMax());
        Path good = dir.resolve("int8.cambium");
        q.save(good);
        ModelArchive a = ModelFile.load(good);
        String key = a.weights().keySet().stream().filter(k -> k.endsWith("kernel_q")).findFirst().orElseThrow();
        // int8 values stored as float32 that are not integers in range
        Map<String, Tensor> w = new LinkedHashMap<>(a.weights());
        Tensor bad = w.get(key).copy();
        bad.data()[3] = 0.5f;
        w.put(key, bad);
        Path f1 = dir.resolve("fraction.cambium");
        ModelFile.save(f1, new ModelArchive(a.architecture(), w, a.optimizerConfig(), a.optimizerState(), a.training()));
        assertThatThrownBy(() -> Model.load(f1)).isInstanceOf(InvalidFileException.class)
                .hasMessageContaining("not an integer in [-127, 127]");
        // a scale that is not positive
        Map<String, Tensor> w2 = new LinkedHashMap<>(a.weights());
        String scaleKey = key.replace("kernel_q", "kernel_scale");
        Tensor s = w2.get(scaleKey).copy();
        s.data()[0] = -1f;
        w2.put(scaleKey, s);
        Path f2 = dir.resolve("scale.cambium");
        ModelFile.save(f2, new ModelArchive(a.architecture(), w2, a.optimizerConfig(), a.optimizerState(), a.training()));
        assertThatThrownBy(() -> Model.load(f2)).isInstanceOf(InvalidFileException.class)
                .hasMessageContaining("scale of output channel 0");
        // an input scale of zero in the architecture
        Path f3 = dir.resolve("arch.cambium");
        String arch = a.architecture().replaceFirst("\"input_scale\":[0-9.eE-]+", "\"input_scale\":0.0");
        assertThat(arch).isNotEqualTo(a.architecture());
        ModelFile.save(f3, new ModelArchive(arch, a.weights(), a.optimizerConfig(), a.optimizerState(), a.training()));
        assertThatThrownBy(() -> Model.load(f3)).isInstanceOf(InvalidFileException.class)
                .hasMessageContaining("input_scale");
    }

    @Test
    void quantizationAwareTrainingLearnsRangesAndConverts() {
        Cambium.seed(4);
        Sequential copy = Models.mapLayers(model, Models::copy);
        Sequential qat = QuantizationAwareTraining.wrap(copy);
        assertThat(qat.layers().get(0)).isInstanceOf(FakeQuantized.class);
        qat.compile(new Adam(5e-4), Losses.sparseCategoricalCrossentropy(true), Metrics.accuracy());
        qat.fit(d.xTrain(), d.yTrain().toIntArray(), FitConfig.epochs(1).batchSize(64).quiet());
        ActivationQuant first = ((FakeQuantized) qat.layers().get(0)).inputQuant();
        // the input images are in [0, 1]: the learned range is close to it
        assertThat(first.zeroPoint()).isEqualTo(0);
        assertThat(first.max()).isBetween(0.9f, 1.05f);
        double fake = TestData.accuracy(qat, d.xTest(), d.yTest().toIntArray());
        Sequential int8 = QuantizationAwareTraining.convert(qat);
        double acc = TestData.accuracy(int8, d.xTest(), d.yTest().toIntArray());
        assertThat(acc).as("int8 after QAT vs its fake-quantized model").isCloseTo(fake, within(0.01));
        assertThat(acc).isGreaterThan(floatAccuracy - 0.03);
    }

    @Test
    void percentileObserverClipsOutliers() {
        PercentileObserver p = new PercentileObserver(99.0);
        float[] v = new float[1000];
        for (int i = 0; i < v.length; i++) {
            v[i] = i / 1000f;
        }
        v[999] = 1000f;
        p.observe(Tensor.of(v));
        assertThat(p.quantParams().max()).isLessThan(1.1f);
        assertThatThrownBy(() -> Calibration.of("median")).hasMessageContaining("unknown calibration");
        var in = io.cambium.nn.Input.shape(3);
        Model functional = new Model(in, new io.cambium.nn.layers.core.Dense(2).apply(in));
        assertThatThrownBy(() -> PostTrainingQuantization.quantize(functional, Tensor.zeros(2, 3), Calibration.minMax()))
                .hasMessageContaining("Sequential");
    }
}
