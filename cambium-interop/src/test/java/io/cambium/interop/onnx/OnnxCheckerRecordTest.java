package io.cambium.interop.onnx;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The verdicts of ONNX's own checker (onnx.checker.check_model with full_check: operator schemas
 * and strict shape inference) on the models the export tests wrote, recorded by
 * tools/fixtures/check_onnx_exports.py so that CI needs no Python: every model passed, and the
 * record covers the acceptance models (every zoo builder at full size, the Fashion-MNIST CNN,
 * the LSTM classifier, cambium-llm's GPT in every configuration) and every kind of layer the
 * parity tests export.
 */
class OnnxCheckerRecordTest {
    @Test
    void everyRecordedExportPassedOnnxChecker() throws IOException {
        List<String[]> rows = new ArrayList<>();
        for (String line : Files.readAllLines(Fixtures.path("onnx_checker.tsv"), StandardCharsets.UTF_8)) {
            if (!line.startsWith("#") && !line.startsWith("model\t")) {
                rows.add(line.split("\t"));
            }
        }
        List<String> names = new ArrayList<>();
        for (String[] r : rows) {
            names.add(r[0]);
            assertThat(r[1]).as(r[0] + ": " + r[4]).isEqualTo("ok");
            assertThat(r[4]).as(r[0]).startsWith("opset 17, IR 8");
        }
        for (String model : List.of("ResNet-18", "ResNet-34", "ResNet-50", "ResNet-101", "ResNet-152", "MobileNetV2",
                "VGG-11", "VGG-13", "VGG-16", "VGG-19", "ResNet-20_small", "ResNet-110_small", "MobileNetV2_small",
                "VGG_small", "LeNet-5")) {
            // file names are the test labels with other characters as '_'
            assertThat(names).as("full-size zoo model " + model).containsAnyOf("zoo_full_" + model, "zoo_full_" + model + "_");
        }
        assertThat(names).contains("fashion-mnist_cnn", "embedding_LSTM_classifier");
        // GptExportTest's configurations: GPT-2 and LLaMA style and the other options of GptConfig
        assertThat(names).contains("gpt_gpt2-style", "gpt_llama-style", "gpt_exact-gelu_untied_no-bias",
                "gpt_rotary_multi-query_layernorm", "gpt_rmsnorm_learned_swiglu_bias_tied");
        // and every preset at full size (-Dcambium.onnx.fullGpt=true), GPT-2 small's 124 M parameters included
        for (String preset : List.of("tiny", "mini", "small", "gpt2", "llama-tiny", "llama-small")) {
            assertThat(names).contains("gpt_full_" + preset);
        }
        for (String kind : List.of("conv2d", "conv1d", "depthwise", "separable", "conv2dTranspose", "pool2d", "activation",
                "LSTM", "GRU", "SimpleRNN", "Bidirectional", "multi-head_attention", "functional_merges")) {
            assertThat(names).as(kind).anyMatch(n -> n.startsWith(kind));
        }
    }
}
