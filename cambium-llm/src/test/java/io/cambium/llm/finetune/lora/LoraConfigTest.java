package io.cambium.llm.finetune.lora;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cambium.llm.model.Gpt;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** LoraConfig: the command-line form, PEFT's adapter_config.json fields, per-layer ranks. */
class LoraConfigTest {
    @TempDir
    Path tmp;

    @Test
    void theCommandLineFormTakesEveryOption() {
        LoraConfig c = LoraConfig.parse("r=8,alpha=16,dropout=0.05,targets=wte,c_attn,attn.c_proj,rank_pattern=wte:2,"
                + "h\\.0\\..*:4,alpha_pattern=wte:2,ensure_weight_tying=true,rslora=false");
        assertThat(c.r()).isEqualTo(8);
        assertThat(c.alpha()).isEqualTo(16);
        assertThat(c.dropout()).isEqualTo(0.05);
        assertThat(c.targetModules()).containsExactly("wte", "c_attn", "attn.c_proj");
        assertThat(c.rankPattern()).containsExactly(Map.entry("wte", 2), Map.entry("h\\.0\\..*", 4));
        assertThat(c.alphaPattern()).containsExactly(Map.entry("wte", 2.0));
        assertThat(c.ensureWeightTying()).isTrue();
        assertThat(c.toString()).contains("rank_pattern={wte=2", "ensure_weight_tying");
        assertThat(LoraConfig.parse("targets=c_attn,tie=true").ensureWeightTying()).isTrue();
        assertThatThrownBy(() -> LoraConfig.parse("targets=c_attn,rank_pattern=wte")).hasMessageContaining(
                "rank_pattern: 'wte' is not pattern:value");
        assertThatThrownBy(() -> LoraConfig.parse("targets=c_attn,rank_pattern=wte:x")).hasMessageContaining(
                "'wte:x' is not a number after the colon");
        assertThatThrownBy(() -> LoraConfig.parse("targets=c_attn,ensure_weight_tying=yes")).hasMessageContaining(
                "'yes' is not true or false");
        assertThatThrownBy(() -> LoraConfig.parse("targets=c_attn,rank_pattern=wte:0")).hasMessageContaining(
                "the rank must be positive");
        assertThatThrownBy(() -> LoraConfig.parse("r=4,lr=3")).hasMessageContaining("unknown LoRA option 'lr'");
    }

    @Test
    void patternsMatchAsPeftsGetPatternKeyAndTheFirstWins() {
        Map<String, Integer> ranks = new LinkedHashMap<>();
        ranks.put("attn.c_attn", 2);
        ranks.put("h\\.1\\..*", 3);
        ranks.put("c_attn", 5);
        LoraConfig c = new LoraConfig().r(8).alpha(16).rankPattern(ranks).alphaPattern(Map.of("wte", 4.0));
        // (.*\.)?(key) against the whole name: a suffix after a dot, or the whole name.
        assertThat(c.rankFor("transformer.h.1.attn.c_attn")).isEqualTo(2);
        assertThat(c.rankFor("transformer.h.1.mlp.c_fc")).isEqualTo(3);
        assertThat(c.rankFor("transformer.h.0.attn.c_proj")).isEqualTo(8);
        assertThat(c.rankFor("transformer.wte")).isEqualTo(8);
        assertThat(c.rankFor("transformer.xc_attn")).as("no match inside a name").isEqualTo(8);
        assertThat(c.scalingFor("transformer.wte")).isEqualTo(0.5);
        assertThat(c.scalingFor("transformer.h.0.attn.c_attn")).isEqualTo(8.0);
        assertThat(c.useRslora(true).scalingFor("transformer.h.0.attn.c_attn")).isEqualTo(16 / Math.sqrt(2));
    }

    @Test
    void peftFieldsRoundTrip() {
        LoraConfig c = LoraConfig.parse("r=8,alpha=16,targets=wte,c_attn,rank_pattern=wte:1,alpha_pattern=wte:2,"
                + "ensure_weight_tying=true");
        Map<String, Object> m = c.toPeftMap("base");
        assertThat(m).containsEntry("ensure_weight_tying", true).containsEntry("rank_pattern", Map.of("wte", 1))
                .containsEntry("alpha_pattern", Map.of("wte", 2.0));
        LoraConfig back = LoraConfig.fromPeftMap(m);
        assertThat(back.rankPattern()).isEqualTo(c.rankPattern());
        assertThat(back.alphaPattern()).isEqualTo(c.alphaPattern());
        assertThat(back.ensureWeightTying()).isTrue();
        Map<String, Object> bad = new LinkedHashMap<>(m);
        bad.put("rank_pattern", Map.of("wte", "one"));
        assertThatThrownBy(() -> LoraConfig.fromPeftMap(bad)).hasMessageContaining("'rank_pattern' entry 'wte' is not a number");
    }

    @Test
    void aRankPatternGivesTheTokenTableItsOwnRankThroughSaveAndLoad() throws Exception {
        Gpt gpt = LoraEmbeddingTest.tied(20);
        LoraConfig cfg = LoraConfig.parse("r=4,alpha=8,targets=wte,c_attn,rank_pattern=wte:1,alpha_pattern=wte:1,"
                + "ensure_weight_tying=true");
        LoraModel lora = LoraModel.wrap(gpt, cfg);
        LoraLayer wte = lora.loraLayers().get("wte");
        assertThat(wte.loraA(LoraModel.DEFAULT).shape()).containsExactly(16, 1);
        assertThat(wte.scaling(LoraModel.DEFAULT)).isEqualTo(1.0);
        assertThat(lora.loraLayers().get("h.0.attn.c_attn").loraA(LoraModel.DEFAULT).shape()).containsExactly(64, 4);
        assertThat(lora.loraLayers().get("h.0.attn.c_attn").scaling(LoraModel.DEFAULT)).isEqualTo(2.0);
        assertThat(lora.trainableParameterCount()).isEqualTo(16 + 64 + 2 * (4 * 64 + 4 * 192));
        LoraModelTest.train(gpt, 3);
        Path dir = tmp.resolve("a");
        lora.saveAdapter(dir);
        Gpt fresh = LoraEmbeddingTest.tied(20);
        LoraModel.load(fresh, dir);
        assertThat(fresh.forward(LoraModelTest.ids(), false).data()).containsExactly(
                gpt.forward(LoraModelTest.ids(), false).data());
        assertThatThrownBy(() -> LoraModel.wrap(LoraEmbeddingTest.tied(21), new LoraConfig().targetModules("c_attn")
                .rankPattern(Map.of("wtee", 1)))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("rank_pattern key 'wtee' matches none of the targets [h.0.attn.c_attn, h.1.attn.c_attn]");
    }
}
