package io.cambium.llm.finetune;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cambium.llm.data.TokenDataset;
import io.cambium.llm.finetune.lora.LoraConfig;
import io.cambium.llm.finetune.lora.LoraModel;
import io.cambium.llm.model.Gpt;
import io.cambium.llm.model.GptConfig;
import io.cambium.nn.Variable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FineTunerTest {
    static FineTuneData data() {
        int[] ids = new int[600];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = (i * 3 + i / 7) % 16;
        }
        TokenDataset.Split s = TokenDataset.of(ids, 16).split(0.2);
        return FineTuneData.text(s.train(), s.validation());
    }

    static Gpt tiny() {
        return Gpt.withSeed(GptConfig.preset("tiny").vocabSize(16).contextLength(16), 4);
    }

    @Test
    void freezePoliciesAndLayerwiseRates() {
        Gpt gpt = tiny();
        Map<String, float[]> before = new java.util.LinkedHashMap<>();
        for (Variable v : gpt.variables()) {
            before.put(v.name(), v.value().toArray());
        }
        FineTuner t = new FineTuner(gpt, data(), new FineTuneConfig().steps(8).batchSize(4).learningRate(1e-2)
                .warmupSteps(0).freezeEmbeddings(true).freezeFirstBlocks(1).layerwiseDecay(0.5).evalInterval(8));
        Map<String, Double> f = t.rateFactors();
        assertThat(f).doesNotContainKeys("wte/embeddings", "wpe/embeddings", "h.0.attn.c_attn/kernel");
        assertThat(f.get("h.1.attn.c_attn/kernel")).isEqualTo(0.5);
        assertThat(f.get("ln_f/gamma")).isEqualTo(1.0);
        assertThat(FineTuner.rateFactor("wte/embeddings", 2, 0.5)).isEqualTo(0.125);
        assertThat(FineTuner.rateFactor("h.0.mlp.c_fc/kernel", 2, 0.5)).isEqualTo(0.25);
        List<Double> losses = new ArrayList<>();
        FineTuneResult r = t.run(new FineTuneListener() {
            @Override
            public void onStep(int step, int steps, double loss, double lr, double norm, double ms) {
                losses.add(loss);
            }
        });
        assertThat(losses).hasSize(8);
        assertThat(r.evalSteps()).containsExactly(0, 8);
        assertThat(r.finalValidationLoss()).isLessThan(r.validationLosses().get(0));
        for (Variable v : gpt.variables()) {
            boolean frozen = v.name().startsWith("wte") || v.name().startsWith("wpe") || v.name().startsWith("h.0.");
            if (frozen) {
                assertThat(v.value().data()).as(v.name()).containsExactly(before.get(v.name()));
            } else if (v.name().endsWith("/kernel")) {
                assertThat(v.value().data()).as(v.name()).isNotEqualTo(before.get(v.name()));
            }
        }
        assertThat(r.trainableParameters()).isLessThan(r.totalParameters());
    }

    @Test
    void loraPlusTrainsBFactorsFasterAndTablesAtTheirOwnRate() {
        Gpt gpt = tiny();
        LoraModel.wrap(gpt, new LoraConfig().r(4).alpha(4).targetModules("c_attn", "wte").ensureWeightTying(true));
        FineTuner t = new FineTuner(gpt, data(), new FineTuneConfig().steps(1).batchSize(4).learningRate(1e-2)
                .warmupSteps(0).evalInterval(1).loraPlusRatio(16).loraPlusEmbeddingLearningRate(1e-3));
        Map<String, Double> f = t.rateFactors();
        assertThat(f.get("h.0.attn.c_attn/lora_A.default")).isEqualTo(1.0);
        assertThat(f.get("h.0.attn.c_attn/lora_B.default")).isEqualTo(16.0);
        assertThat(f.get("wte/lora_embedding_A.default")).isCloseTo(0.1, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(f.get("wte/lora_embedding_B.default")).isCloseTo(0.1, org.assertj.core.data.Offset.offset(1e-12));
        Map<String, float[]> before = new java.util.LinkedHashMap<>();
        for (Variable v : gpt.trainableVariables()) {
            before.put(v.name(), v.value().toArray());
        }
        t.run(new FineTuneListener() { });
        // Adam's first step moves every element with a gradient by about its rate, whatever the gradient's size.
        assertThat(maxChange(gpt, before, "h.1.attn.c_attn/lora_B.default")).isCloseTo(0.16, within(0.01));
        assertThat(maxChange(gpt, before, "h.1.attn.c_attn/lora_A.default")).isLessThan(1e-9);
        assertThat(maxChange(gpt, before, "wte/lora_embedding_A.default")).isCloseTo(1e-3, within(1e-4));
        FineTuner plain = new FineTuner(tiny(), data(), new FineTuneConfig().loraPlusRatio(16));
        assertThat(plain.rateFactors().get("ln_f/gamma")).isEqualTo(16.0);
        assertThat(plain.rateFactors().get("h.0.attn.c_attn/kernel")).isEqualTo(1.0);
        assertThatThrownBy(() -> new FineTuneConfig().loraPlusRatio(-1)).hasMessageContaining("LoRA+ ratio");
    }

    private static org.assertj.core.data.Offset<Double> within(double d) {
        return org.assertj.core.data.Offset.offset(d);
    }

    private static double maxChange(Gpt gpt, Map<String, float[]> before, String name) {
        for (Variable v : gpt.variables()) {
            if (v.name().equals(name)) {
                float[] now = v.value().toArray();
                double m = 0;
                for (int i = 0; i < now.length; i++) {
                    m = Math.max(m, Math.abs(now[i] - before.get(name)[i]));
                }
                return m;
            }
        }
        throw new AssertionError("no variable " + name);
    }

    @Test
    void scheduleAndBadOptions() {
        FineTuneConfig c = new FineTuneConfig().steps(100).learningRate(1e-3).warmupSteps(10);
        assertThat(c.learningRateAt(0)).isZero();
        assertThat(c.learningRateAt(10)).isEqualTo(1e-3);
        assertThat(c.learningRateAt(100)).isCloseTo(1e-4, org.assertj.core.data.Offset.offset(1e-12));
        assertThatThrownBy(() -> new FineTuneConfig().layerwiseDecay(1.5)).hasMessageContaining("(0, 1]");
        Gpt gpt = tiny();
        assertThatThrownBy(() -> new FineTuner(gpt, data(), new FineTuneConfig().freezeFirstBlocks(3)))
                .hasMessageContaining("the model has 2");
        gpt.trainable(false);
        assertThatThrownBy(() -> new FineTuner(gpt, data(), new FineTuneConfig())).hasMessageContaining("nothing to train");
    }
}
