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
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

/**
 * LoRA against a PyTorch reference written from PEFT's definitions (tools/fixtures/gen_lora.py):
 * the same base, adapter initialization and batches, 10 steps of AdamW on the adapters only. Every
 * step's loss and the final adapter weights (in PEFT's layout) must match within 1e-4.
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
            LoraLinear w = lora.loraLayers().get(t);
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
            LoraLinear w = lora.loraLayers().get(t);
            worst = Math.max(worst, maxDiff(c.tensor("lora:" + t + "/A"), w.loraA(LoraModel.DEFAULT).value().t().copy()));
            worst = Math.max(worst, maxDiff(c.tensor("lora:" + t + "/B"), w.loraB(LoraModel.DEFAULT).value().t().copy()));
        }
        assertThat(worst).as("largest adapter weight difference after 10 steps").isLessThan(1e-4);
        Fixtures.assertClose("logits after training", c.tensor("logits_after"), gpt.forward(c.tensor("x0"), false),
                1e-4, 1e-4);
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
