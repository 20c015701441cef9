package io.cambium.llm.finetune.lora;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.cambium.llm.model.Gpt;
import io.cambium.llm.model.GptConfig;
import io.cambium.nn.Variable;
import io.cambium.nn.optimizers.AdamW;
import io.cambium.tensor.Tensor;
import io.cambium.testing.Fixtures;
import java.util.List;
import java.util.Map;
import io.cambium.nn.losses.Loss;
import io.cambium.nn.losses.Losses;
import java.util.ArrayList;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * LoRA against a PyTorch reference written from PEFT's definitions (tools/fixtures/gen_lora.py):
 * the same base, adapter initialization and batches, 10 steps of AdamW on the adapters only. Every
 * step's loss and the final adapter weights (in PEFT's layout) must match within 1e-4: linear
 * adapters on a GPT, an embedding adapter on its tied token table (with and without
 * ensure_weight_tying), and convolution adapters on a small CNN.
 */
class LoraParityTest {
    @Test
    void tenAdamWStepsMatchPyTorch() {
        Fixtures.Case c = Fixtures.load("lora_train.json").get("lora_adamw");
        ObjectMapper json = new ObjectMapper();
        @SuppressWarnings("unchecked")
        Map<String, Object> mc = json.convertValue(c.attr("config"), Map.class);
        @SuppressWarnings("unchecked")
        Map<String, Object> lc = json.convertValue(c.attr("lora"), Map.class);
        @SuppressWarnings("unchecked")
        Map<String, Object> tc = json.convertValue(c.attr("train"), Map.class);
        @SuppressWarnings("unchecked")
        List<String> targets = json.convertValue(c.attr("targets"), List.class);
        Gpt gpt = new Gpt(GptConfig.fromMap(mc));
        for (Variable v : gpt.variables()) {
            v.assign(c.tensor("w:" + v.name()));
        }
        LoraConfig cfg = LoraConfig.fromPeftMap(Map.of("peft_type", "LORA", "r", lc.get("r"), "lora_alpha",
                lc.get("lora_alpha"), "lora_dropout", lc.get("lora_dropout"), "target_modules", lc.get("target_modules")));
        LoraModel lora = LoraModel.wrap(gpt, cfg);
        assertThat(lora.loraLayers().keySet()).containsExactlyElementsOf(targets);
        for (String t : targets) {
            LoraLayer w = lora.loraLayers().get(t);
            w.loraA(LoraModel.DEFAULT).assign(c.tensor("lora0:" + t + "/A").t().copy());
            assertThat(w.loraB(LoraModel.DEFAULT).value().data()).containsOnly(0f);
        }
        List<Variable> trainable = gpt.trainableVariables();
        assertThat(trainable).hasSize(2 * targets.size());
        AdamW opt = new AdamW(num(tc, "learning_rate"), num(tc, "weight_decay"))
                .betas(num(tc, "beta1"), num(tc, "beta2")).epsilon(num(tc, "epsilon"));
        float[] losses = c.tensor("losses").data();
        for (int s = 0; s < losses.length; s++) {
            opt.zeroGrad(trainable);
            Tensor loss = gpt.loss(c.tensor("x" + s), c.tensor("y" + s), true);
            assertThat((double) loss.item()).as("loss of step " + (s + 1)).isCloseTo(losses[s], Offset.offset(1e-4));
            loss.backward();
            opt.step(trainable);
        }
        double worst = 0;
        for (String t : targets) {
            LoraLayer w = lora.loraLayers().get(t);
            worst = Math.max(worst, maxDiff(c.tensor("lora:" + t + "/A"), w.loraA(LoraModel.DEFAULT).value().t().copy()));
            worst = Math.max(worst, maxDiff(c.tensor("lora:" + t + "/B"), w.loraB(LoraModel.DEFAULT).value().t().copy()));
        }
        assertThat(worst).as("largest adapter weight difference after 10 steps").isLessThan(1e-4);
        Fixtures.assertClose("logits after training", c.tensor("logits_after"), gpt.forward(c.tensor("x0"), false),
                1e-4, 1e-4);
    }

    @ParameterizedTest
    @ValueSource(strings = {"lora_embedding_tied", "lora_embedding_lookup"})
    void embeddingAdapterOnATiedTableMatchesPyTorch(String name) {
        Fixtures.Case c = Fixtures.load("lora_train.json").get(name);
        ObjectMapper json = new ObjectMapper();
        @SuppressWarnings("unchecked")
        Map<String, Object> mc = json.convertValue(c.attr("config"), Map.class);
        @SuppressWarnings("unchecked")
        Map<String, Object> lc = json.convertValue(c.attr("lora"), Map.class);
        @SuppressWarnings("unchecked")
        Map<String, Object> tc = json.convertValue(c.attr("train"), Map.class);
        @SuppressWarnings("unchecked")
        List<String> targets = json.convertValue(c.attr("targets"), List.class);
        Gpt gpt = new Gpt(GptConfig.fromMap(mc));
        assertThat(gpt.gptConfig().tieEmbeddings()).isTrue();
        for (Variable v : gpt.variables()) {
            v.assign(c.tensor("w:" + v.name()));
        }
        Map<String, Object> peft = new java.util.HashMap<>(lc);
        peft.put("peft_type", "LORA");
        LoraModel lora = LoraModel.wrap(gpt, LoraConfig.fromPeftMap(peft));
        assertThat(lora.loraLayers().keySet()).containsExactlyElementsOf(targets);
        assertThat(lora.loraLayers().get("wte")).isInstanceOf(LoraEmbedding.class);
        for (String t : targets) {
            LoraLayer w = lora.loraLayers().get(t);
            if (t.equals("wte")) {
                // PEFT's embedding init: A zero (B normal), so the lookup starts unchanged.
                assertThat(w.loraA(LoraModel.DEFAULT).value().data()).containsOnly(0f);
                w.loraB(LoraModel.DEFAULT).assign(c.tensor("lora0:wte/B").t().copy());
            } else {
                w.loraA(LoraModel.DEFAULT).assign(c.tensor("lora0:" + t + "/A").t().copy());
                assertThat(w.loraB(LoraModel.DEFAULT).value().data()).containsOnly(0f);
            }
        }
        List<Variable> trainable = gpt.trainableVariables();
        assertThat(trainable).hasSize(2 * targets.size());
        AdamW opt = adamW(tc);
        float[] losses = c.tensor("losses").data();
        for (int s = 0; s < losses.length; s++) {
            opt.zeroGrad(trainable);
            Tensor loss = gpt.loss(c.tensor("x" + s), c.tensor("y" + s), true);
            assertThat((double) loss.item()).as(name + ": loss of step " + (s + 1)).isCloseTo(losses[s],
                    Offset.offset(1e-4));
            loss.backward();
            opt.step(trainable);
        }
        assertThat(worstAdapterDifference(c, lora, targets)).as("largest adapter weight difference").isLessThan(1e-4);
        Fixtures.assertClose("logits after training", c.tensor("logits_after"), gpt.forward(c.tensor("x0"), false),
                1e-4, 1e-4);
    }

    @Test
    void convolutionAdaptersMatchPyTorch() {
        Fixtures.Case c = Fixtures.load("lora_train.json").get("lora_conv2d");
        ObjectMapper json = new ObjectMapper();
        @SuppressWarnings("unchecked")
        Map<String, Object> lc = json.convertValue(c.attr("lora"), Map.class);
        @SuppressWarnings("unchecked")
        Map<String, Object> tc = json.convertValue(c.attr("train"), Map.class);
        @SuppressWarnings("unchecked")
        List<String> targets = json.convertValue(c.attr("targets"), List.class);
        TinyCnn cnn = new TinyCnn();
        for (Variable v : cnn.variables()) {
            v.assign(c.tensor("w:" + v.name()));
        }
        Map<String, Object> peft = new java.util.HashMap<>(lc);
        peft.put("peft_type", "LORA");
        LoraModel lora = LoraModel.wrap(cnn, LoraConfig.fromPeftMap(peft));
        assertThat(lora.loraLayers().keySet()).containsExactlyElementsOf(targets);
        for (String t : targets) {
            LoraLayer w = lora.loraLayers().get(t);
            assertThat(w).isInstanceOf(LoraConv2D.class);
            Tensor a0 = c.tensor("lora0:" + t + "/A");
            w.fromPeft(LoraModel.DEFAULT, Map.of("lora_A.weight", a0, "lora_B.weight",
                    w.toPeft(LoraModel.DEFAULT).get("lora_B.weight")));
            assertThat(w.loraB(LoraModel.DEFAULT).value().data()).containsOnly(0f);
        }
        List<Variable> trainable = cnn.trainableVariables();
        assertThat(trainable).hasSize(2 * targets.size());
        Loss ce = Losses.sparseCategoricalCrossentropy(true);
        AdamW opt = adamW(tc);
        float[] losses = c.tensor("losses").data();
        for (int s = 0; s < losses.length; s++) {
            opt.zeroGrad(trainable);
            Tensor loss = ce.call(c.tensor("y" + s), cnn.call(c.tensor("x" + s), true));
            assertThat((double) loss.item()).as("loss of step " + (s + 1)).isCloseTo(losses[s], Offset.offset(1e-4));
            loss.backward();
            opt.step(trainable);
        }
        assertThat(worstAdapterDifference(c, lora, targets)).as("largest adapter weight difference").isLessThan(1e-4);
        Fixtures.assertClose("outputs after training", c.tensor("out_after"), cnn.call(c.tensor("x0"), false), 1e-4,
                1e-4);
    }

    /** The largest difference between the reference's final factors and the layers', in PEFT's layout. */
    private static double worstAdapterDifference(Fixtures.Case c, LoraModel lora, List<String> targets) {
        double worst = 0;
        for (String t : targets) {
            List<Tensor> mine = new ArrayList<>(lora.loraLayers().get(t).toPeft(LoraModel.DEFAULT).values());
            worst = Math.max(worst, maxDiff(c.tensor("lora:" + t + "/A"), mine.get(0)));
            worst = Math.max(worst, maxDiff(c.tensor("lora:" + t + "/B"), mine.get(1)));
        }
        return worst;
    }

    private static AdamW adamW(Map<String, Object> tc) {
        return new AdamW(num(tc, "learning_rate"), num(tc, "weight_decay")).betas(num(tc, "beta1"), num(tc, "beta2"))
                .epsilon(num(tc, "epsilon"));
    }

    static double maxDiff(Tensor a, Tensor b) {
        assertThat(a.shape()).isEqualTo(b.shape());
        double m = 0;
        for (int i = 0; i < a.numel(); i++) {
            m = Math.max(m, Math.abs(a.data()[i] - b.data()[i]));
        }
        return m;
    }

    private static double num(Map<String, Object> m, String k) {
        return ((Number) m.get(k)).doubleValue();
    }
}
