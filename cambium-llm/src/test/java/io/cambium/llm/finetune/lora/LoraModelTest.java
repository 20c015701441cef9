package io.cambium.llm.finetune.lora;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cambium.llm.model.Gpt;
import io.cambium.llm.model.GptConfig;
import io.cambium.llm.model.LayerPaths;
import io.cambium.nn.Variable;
import io.cambium.nn.io.InvalidFileException;
import io.cambium.nn.io.SafeTensors;
import io.cambium.nn.layers.core.Dense;
import io.cambium.nn.optimizers.AdamW;
import io.cambium.tensor.Tensor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LoraModelTest {
    @TempDir
    Path tmp;

    static final int[] TOKENS = {1, 5, 9, 2, 7, 3, 8, 4, 6, 10, 11, 0, 3, 5, 7, 9};

    static Gpt tiny(long seed) {
        return Gpt.withSeed(GptConfig.preset("tiny").vocabSize(16).contextLength(16), seed);
    }

    static Tensor ids() {
        return Gpt.ids(TOKENS, 2);
    }

    /** A few AdamW steps on the trainable variables, so that B leaves zero. */
    static void train(Gpt gpt, int steps) {
        AdamW opt = new AdamW(0.05, 0.0);
        List<Variable> vars = gpt.trainableVariables();
        Tensor x = ids();
        Tensor y = Gpt.ids(new int[] {5, 9, 2, 7, 3, 8, 4, 6, 10, 11, 0, 3, 5, 7, 9, 1}, 2);
        for (int s = 0; s < steps; s++) {
            opt.zeroGrad(vars);
            gpt.loss(x, y, true).backward();
            opt.step(vars);
        }
    }

    @Test
    void wrappedModelIsUnchangedAtInitAndOnlyAdaptersTrain() {
        Gpt gpt = tiny(1);
        Tensor before = gpt.forward(ids(), false);
        Map<String, Tensor> base = snapshot(gpt);
        LoraModel lora = LoraModel.wrap(gpt, new LoraConfig().r(4).alpha(8).targetModules("c_attn", "attn.c_proj"));
        assertThat(lora.loraLayers().keySet()).containsExactly("h.0.attn.c_attn", "h.0.attn.c_proj", "h.1.attn.c_attn",
                "h.1.attn.c_proj");
        assertThat(gpt.forward(ids(), false).data()).containsExactly(before.data());
        int d = 64;
        long perLayer = 4L * (d + 3 * d) + 4L * (d + d);
        assertThat(lora.trainableParameterCount()).isEqualTo(2 * perLayer);
        assertThat(lora.trainableParametersLine()).startsWith("trainable params: 3,072 || all params: ");
        train(gpt, 3);
        for (Map.Entry<String, Tensor> e : base.entrySet()) {
            assertThat(find(gpt, e.getKey()).value().data()).as(e.getKey()).containsExactly(e.getValue().data());
        }
        assertThat(lora.loraLayers().get("h.0.attn.c_attn").loraB(LoraModel.DEFAULT).value().data()).isNotEqualTo(
                new float[4 * 192]);
        assertThat(maxDiff(before, gpt.forward(ids(), false))).isGreaterThan(1e-3);
    }

    @Test
    void mergeEqualsWrappedAndUnmergeRestoresTheBase() {
        Gpt gpt = tiny(2);
        Dense cAttn = (Dense) LayerPaths.get(gpt, "h.1.attn.c_attn");
        Tensor kernel0 = cAttn.kernel().value().copy();
        LoraModel lora = LoraModel.wrap(gpt, new LoraConfig().r(8).alpha(16).targetModules(LoraConfig.ALL_LINEAR));
        assertThat(lora.loraLayers()).hasSize(8).doesNotContainKey("lm_head");
        train(gpt, 4);
        Tensor wrapped = gpt.forward(ids(), false);
        lora.merge();
        Tensor merged = gpt.forward(ids(), false);
        assertThat(maxDiff(wrapped, merged)).as("merged vs wrapped logits").isLessThan(1e-5);
        assertThat(maxDiff(kernel0, cAttn.kernel().value())).isGreaterThan(1e-4);
        lora.unmerge();
        assertThat(maxDiff(kernel0, cAttn.kernel().value())).as("kernel after unmerge").isLessThan(1e-6);
        assertThat(maxDiff(wrapped, gpt.forward(ids(), false))).isLessThan(1e-5);
        lora.mergeAndUnload();
        assertThat(LayerPaths.get(gpt, "h.1.attn.c_attn")).isSameAs(cAttn);
        assertThat(maxDiff(wrapped, gpt.forward(ids(), false))).as("merge_and_unload logits").isLessThan(1e-5);
    }

    @Test
    void adaptersSaveWithPeftNamesLoadOntoAFreshBaseAndSwitch() throws Exception {
        Gpt gpt = tiny(3);
        Tensor baseLogits = gpt.forward(ids(), false);
        LoraModel lora = LoraModel.wrap(gpt, new LoraConfig().r(2).alpha(4).dropout(0.1).targetModules("c_fc"));
        train(gpt, 3);
        Tensor first = gpt.forward(ids(), false);
        Path a = tmp.resolve("a");
        lora.saveAdapter(a);
        Map<String, Tensor> saved = SafeTensors.readTensors(a.resolve(LoraModel.WEIGHTS_FILE));
        assertThat(saved.keySet()).containsExactly(
                "base_model.model.transformer.h.0.mlp.c_fc.lora_A.weight",
                "base_model.model.transformer.h.0.mlp.c_fc.lora_B.weight",
                "base_model.model.transformer.h.1.mlp.c_fc.lora_A.weight",
                "base_model.model.transformer.h.1.mlp.c_fc.lora_B.weight");
        assertThat(saved.get("base_model.model.transformer.h.0.mlp.c_fc.lora_A.weight").shape()).containsExactly(2, 64);
        assertThat(saved.get("base_model.model.transformer.h.0.mlp.c_fc.lora_B.weight").shape()).containsExactly(256, 2);
        String json = Files.readString(a.resolve(LoraModel.CONFIG_FILE));
        assertThat(json).contains("\"peft_type\" : \"LORA\"", "\"r\" : 2", "\"lora_alpha\" : 4",
                "\"target_modules\" : [ \"c_fc\" ]", "\"lora_dropout\" : 0.1");

        // A second adapter on the same base, then switching between the two.
        lora.addAdapter("second", new LoraConfig().r(4).alpha(4).targetModules("c_attn"));
        assertThat(maxDiff(baseLogits, gpt.forward(ids(), false))).as("fresh second adapter = base").isLessThan(1e-6);
        train(gpt, 3);
        Tensor second = gpt.forward(ids(), false);
        assertThat(maxDiff(second, first)).isGreaterThan(1e-3);
        lora.setAdapter(LoraModel.DEFAULT);
        assertThat(gpt.forward(ids(), false).data()).containsExactly(first.data());
        lora.setAdapter(null);
        assertThat(maxDiff(baseLogits, gpt.forward(ids(), false))).isLessThan(1e-6);

        // Loading onto a fresh copy of the base reproduces the adapted model; and as a named adapter.
        Gpt fresh = tiny(3);
        LoraModel loaded = LoraModel.load(fresh, a);
        assertThat(loaded.config(LoraModel.DEFAULT).dropout()).isEqualTo(0.1);
        assertThat(fresh.forward(ids(), false).data()).containsExactly(first.data());
        lora.setAdapter("second");
        Path b = tmp.resolve("b");
        lora.saveAdapter(b);
        loaded.loadAdapter(b, "poems");
        assertThat(loaded.activeAdapter()).isEqualTo("poems");
        assertThat(maxDiff(second, fresh.forward(ids(), false))).isLessThan(1e-6);
    }

    @Test
    void badTargetsAndForeignAdaptersAreRejectedWithoutChangingTheBase() throws Exception {
        Gpt gpt = tiny(4);
        assertThatThrownBy(() -> LoraModel.wrap(gpt, new LoraConfig().targetModules("q_proj")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("[q_proj] match no layer").hasMessageContaining("attn.c_attn");
        assertThatThrownBy(() -> LoraModel.wrap(gpt, new LoraConfig().targetModules("ln_1")))
                .hasMessageContaining("h.0.ln_1 is a LayerNormalization");
        assertThat(LayerPaths.all(gpt).values()).noneMatch(l -> l instanceof LoraLinear);
        assertThat(gpt.trainableVariables()).isNotEmpty();

        Gpt other = Gpt.withSeed(GptConfig.preset("tiny").vocabSize(16).contextLength(16).dModel(32).heads(2), 5);
        LoraModel lora = LoraModel.wrap(other, new LoraConfig().targetModules("c_attn"));
        Path dir = tmp.resolve("other");
        lora.saveAdapter(dir);
        Tensor before = gpt.forward(ids(), false);
        assertThatThrownBy(() -> LoraModel.load(gpt, dir)).isInstanceOf(InvalidFileException.class)
                .hasMessageContaining("transformer.h.0.attn.c_attn.lora_A.weight' has shape (8, 32), this base needs (8, 64)");
        assertThat(LayerPaths.all(gpt).values()).noneMatch(l -> l instanceof LoraLinear);
        assertThat(gpt.forward(ids(), false).data()).containsExactly(before.data());

        // A file naming a layer this base does not have.
        Map<String, Tensor> t = SafeTensors.readTensors(dir.resolve(LoraModel.WEIGHTS_FILE));
        Map<String, Tensor> renamed = new java.util.LinkedHashMap<>();
        Gpt same = tiny(6);
        LoraModel ok = LoraModel.wrap(same, new LoraConfig().targetModules("c_attn"));
        Path good = tmp.resolve("good");
        ok.saveAdapter(good);
        SafeTensors.readTensors(good.resolve(LoraModel.WEIGHTS_FILE)).forEach((k, v) -> renamed.put(k.replace("h.1", "h.7"), v));
        SafeTensors.write(good.resolve(LoraModel.WEIGHTS_FILE), renamed);
        assertThatThrownBy(() -> LoraModel.load(tiny(6), good)).isInstanceOf(InvalidFileException.class)
                .hasMessageContaining("transformer.h.1.attn.c_attn.lora_A.weight' is missing");
        assertThat(t).isNotEmpty();
    }

    static Map<String, Tensor> snapshot(Gpt gpt) {
        Map<String, Tensor> m = new java.util.LinkedHashMap<>();
        for (Variable v : gpt.variables()) {
            m.put(v.name(), v.value().copy());
        }
        return m;
    }

    static Variable find(Gpt gpt, String name) {
        for (Variable v : gpt.variables()) {
            if (v.name().equals(name)) {
                return v;
            }
        }
        throw new AssertionError("no variable " + name);
    }

    static double maxDiff(Tensor a, Tensor b) {
        return LoraParityTest.maxDiff(a, b);
    }

}
