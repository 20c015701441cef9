package io.cambium.interop.onnx;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.cambium.Cambium;
import io.cambium.data.loaders.FashionMnist;
import io.cambium.nn.losses.Losses;
import io.cambium.nn.metrics.Metrics;
import io.cambium.nn.optimizers.Adam;
import io.cambium.nn.training.FitConfig;
import io.cambium.tensor.Tensor;
import io.cambium.tensor.autograd.NoGrad;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Models exported by PyTorch 1.13 (tools/fixtures/gen_onnx_torch.py) import, give PyTorch's
 * outputs within 1e-5 (relative), export back, and fine-tune.
 */
class ImportParityTest {
    private static final JsonNode CASES = Fixtures.json("onnx_torch.json").get("cases");

    @ParameterizedTest
    @ValueSource(strings = {"mlp", "cnn_bn", "resnet", "lstm_classifier", "tiny_gpt"})
    void matchesPyTorch(String name) throws IOException {
        OnnxModel m = OnnxImporter.load(Fixtures.path("onnx/" + name + ".onnx"));
        Tensor x = Fixtures.tensor(CASES.get(name).get("tensors").get("input"));
        Tensor expected = Fixtures.tensor(CASES.get(name).get("tensors").get("output"));
        Tensor y;
        try (NoGrad g = NoGrad.scope()) {
            y = m.predict(x, 64);
        }
        assertThat(y.shape()).isEqualTo(expected.shape());
        double err = OrtRunner.relativeError(y, expected);
        System.out.printf("import %-16s %3d nodes, max relative error vs PyTorch %.3g, ops %s%n", name, m.nodeCount(), err,
                m.opTypes().keySet());
        assertThat(err).as(name + ": relative error vs PyTorch").isLessThan(1e-5);
        // Exported back with its weights, it runs in onnxruntime with the same outputs.
        List<Tensor> ort = OrtRunner.run(m.toProto().toByteArray(), List.of(x));
        assertThat(OrtRunner.relativeError(ort.get(0), expected)).isLessThan(1e-5);
    }

    @Test
    void gptAcceptsOtherSequenceLengthsAndBatchSizes() throws IOException {
        OnnxModel m = OnnxImporter.load(Fixtures.path("onnx/tiny_gpt.onnx"));
        Tensor ids = Fixtures.tensor(CASES.get("tiny_gpt").get("tensors").get("input"));
        Tensor full;
        Tensor prefix;
        try (NoGrad g = NoGrad.scope()) {
            full = m.predict(ids, 64);
            // Causal: the logits of the first 5 tokens do not depend on the tokens after them.
            prefix = m.predict(ids.slice(1, 0, 5), 64);
        }
        assertThat(OrtRunner.relativeError(prefix, full.slice(1, 0, 5))).isLessThan(1e-5);
    }

    @Test
    void importedCnnFineTunesOnFashionMnist() throws IOException {
        Cambium.seed(3);
        OnnxModel m = OnnxImporter.load(Fixtures.path("onnx/cnn_bn.onnx"));
        FashionMnist.Data d = FashionMnist.loadEmbedded();
        // PyTorch's layout: [N, 1, 28, 28] (one channel, so the same values as Cambium's [N, 28, 28, 1]).
        Tensor xTrain = d.xTrain().reshape(d.xTrain().dim(0), 1, 28, 28);
        Tensor xTest = d.xTest().reshape(d.xTest().dim(0), 1, 28, 28);
        m.compile(new Adam(1e-3), Losses.sparseCategoricalCrossentropy(true), Metrics.accuracy());
        double before = m.evaluate(xTest, d.yTest(), 100).get("accuracy");
        m.fit(xTrain, d.yTrain(), FitConfig.epochs(1).batchSize(32).verbose(0));
        Map<String, Double> after = m.evaluate(xTest, d.yTest(), 100);
        System.out.printf("fine-tuning the imported cnn_bn for 1 epoch on %d images: test accuracy %.4f -> %.4f%n",
                xTrain.dim(0), before, after.get("accuracy"));
        assertThat(after.get("accuracy")).isGreaterThan(before + 0.03);
    }
}
