package io.cambium.llm.finetune.hf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cambium.llm.model.Gpt;
import io.cambium.llm.model.GptConfig;
import io.cambium.nn.Variable;
import io.cambium.nn.io.InvalidFileException;
import io.cambium.nn.io.SafeTensors;
import io.cambium.tensor.Tensor;
import io.cambium.testing.Fixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** GPT-2 checkpoints in Hugging Face's format (tools/fixtures/gen_hf_gpt2.py) to and from Cambium's GPT. */
class HuggingFaceGpt2Test {
    @TempDir
    Path tmp;

    static Path fixtureDir() throws Exception {
        return Path.of(HuggingFaceGpt2Test.class.getResource("/io/cambium/llm/finetune/hf/gpt2-tiny/config.json").toURI())
                .getParent();
    }

    @Test
    void loadsHuggingFaceNamesAndLayoutsWithPyTorchsLogits() throws Exception {
        Gpt gpt = HuggingFaceGpt2.load(fixtureDir());
        GptConfig c = gpt.gptConfig();
        assertThat(c.vocabSize()).isEqualTo(61);
        assertThat(c.mlpHidden()).isEqualTo(128);
        assertThat(c.activation()).isEqualTo(GptConfig.Activation.GELU_TANH);
        Fixtures.Case f = Fixtures.load("hf_gpt2.json").get("logits");
        Tensor logits = gpt.forward(f.tensor("ids"), false);
        double worst = 0;
        for (int i = 0; i < logits.numel(); i++) {
            worst = Math.max(worst, Math.abs(logits.data()[i] - f.tensor("logits").data()[i]));
        }
        assertThat(worst).as("largest logit difference from PyTorch").isLessThan(1e-4);
    }

    @Test
    void exportsWhatItLoads() throws Exception {
        Gpt gpt = HuggingFaceGpt2.load(fixtureDir());
        Path out = tmp.resolve("export");
        HuggingFaceGpt2.save(gpt, out);
        Map<String, Tensor> original = SafeTensors.readTensors(fixtureDir().resolve(HuggingFaceGpt2.WEIGHTS));
        Map<String, Tensor> exported = SafeTensors.readTensors(out.resolve(HuggingFaceGpt2.WEIGHTS));
        assertThat(exported.keySet()).containsExactlyInAnyOrderElementsOf(original.keySet());
        for (String k : original.keySet()) {
            assertThat(exported.get(k).shape()).as(k).isEqualTo(original.get(k).shape());
            assertThat(exported.get(k).data()).as(k).containsExactly(original.get(k).data());
        }
        assertThat(Files.readString(out.resolve("config.json"))).contains("\"model_type\" : \"gpt2\"",
                "\"n_embd\" : 32", "\"activation_function\" : \"gelu_new\"");
        Gpt back = HuggingFaceGpt2.load(out);
        for (int i = 0; i < gpt.variables().size(); i++) {
            Variable a = gpt.variables().get(i);
            assertThat(back.variables().get(i).value().data()).as(a.name()).containsExactly(a.value().data());
        }
        Gpt rotary = Gpt.withSeed(GptConfig.preset("llama-tiny").vocabSize(10), 1);
        assertThatThrownBy(() -> HuggingFaceGpt2.save(rotary, tmp.resolve("x")))
                .hasMessageContaining("not a GPT-2 architecture: RMS normalization, rotary positions, SwiGLU");
    }

    @Test
    void rejectsWhatDoesNotFit() throws Exception {
        Path bad = tmp.resolve("bad");
        Files.createDirectories(bad);
        Files.copy(fixtureDir().resolve("model.safetensors"), bad.resolve("model.safetensors"));
        String cfg = Files.readString(fixtureDir().resolve("config.json"));
        Files.writeString(bad.resolve("config.json"), cfg.replace("\"n_embd\": 32", "\"n_embd\": 64"));
        assertThatThrownBy(() -> HuggingFaceGpt2.load(bad)).isInstanceOf(InvalidFileException.class)
                .hasMessageContaining("'transformer.wte.weight' has shape (61, 32), config.json's model needs (61, 64)");
        Files.writeString(bad.resolve("config.json"), cfg.replace("gelu_new", "relu"));
        assertThatThrownBy(() -> HuggingFaceGpt2.load(bad)).hasMessageContaining("activation_function 'relu'");
        Files.writeString(bad.resolve("config.json"), cfg);
        Map<String, Tensor> t = new LinkedHashMap<>(SafeTensors.readTensors(bad.resolve("model.safetensors")));
        t.put("transformer.h.5.attn.c_attn.weight", t.get("transformer.h.0.attn.c_attn.weight"));
        SafeTensors.write(bad.resolve("model.safetensors"), t);
        assertThatThrownBy(() -> HuggingFaceGpt2.load(bad))
                .hasMessageContaining("'transformer.h.5.attn.c_attn.weight' is not part of a GPT-2 of this configuration");
        t.remove("transformer.h.5.attn.c_attn.weight");
        t.remove("transformer.ln_f.bias");
        SafeTensors.write(bad.resolve("model.safetensors"), t);
        assertThatThrownBy(() -> HuggingFaceGpt2.load(bad)).hasMessageContaining("'transformer.ln_f.bias' is missing");
    }
}
