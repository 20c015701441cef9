package io.cambium.llm.finetune.lora;

import static io.cambium.llm.finetune.lora.LoraModelTest.ids;
import static io.cambium.llm.finetune.lora.LoraModelTest.maxDiff;
import static io.cambium.llm.finetune.lora.LoraModelTest.train;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cambium.llm.model.Gpt;
import io.cambium.llm.model.GptConfig;
import io.cambium.llm.model.LayerPaths;
import io.cambium.nn.Variable;
import io.cambium.nn.io.InvalidFileException;
import io.cambium.nn.io.SafeTensors;
import io.cambium.nn.layers.embedding.Embedding;
import io.cambium.tensor.Tensor;
import io.cambium.tensor.autograd.NoGrad;
import io.cambium.tensor.random.Rng;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** LoRA on a GPT's token table: PEFT's lora.Embedding, and how it meets the tied output layer. */
class LoraEmbeddingTest {
    @TempDir
    Path tmp;

    static Gpt tied(long seed) {
        return LoraModelTest.tiny(seed);
    }

    static Gpt untied(long seed) {
        return Gpt.withSeed(GptConfig.preset("tiny").vocabSize(16).contextLength(16).tieEmbeddings(false), seed);
    }

    static LoraConfig cfg(boolean tie) {
        return new LoraConfig().r(4).alpha(8).targetModules("wte", "c_attn").ensureWeightTying(tie);
    }

    static Tensor targets() {
        return Gpt.ids(new int[] {5, 9, 2, 7, 3, 8, 4, 6, 10, 11, 0, 3, 5, 7, 9, 1}, 2);
    }

    static Tensor randn(long seed, int... shape) {
        Rng rng = new Rng(seed);
        int n = 1;
        for (int s : shape) {
            n *= s;
        }
        float[] d = new float[n];
        for (int i = 0; i < n; i++) {
            d[i] = (float) rng.nextGaussian();
        }
        return new Tensor(d, shape);
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void theAdapterLeavesEveryLogitUnchangedAtStepZero(boolean tie) {
        for (Gpt gpt : new Gpt[] {tied(1), untied(1)}) {
            Tensor before = gpt.forward(ids(), false);
            LoraModel lora = LoraModel.wrap(gpt, cfg(tie));
            assertThat(lora.loraLayers().keySet()).containsExactly("wte", "h.0.attn.c_attn", "h.1.attn.c_attn");
            LoraEmbedding wte = (LoraEmbedding) lora.loraLayers().get("wte");
            assertThat(wte.loraA(LoraModel.DEFAULT).shape()).containsExactly(16, 4);
            assertThat(wte.loraB(LoraModel.DEFAULT).shape()).containsExactly(4, 64);
            assertThat(gpt.forward(ids(), false).data()).containsExactly(before.data());
            assertThat(lora.trainableParameterCount()).isEqualTo(16 * 4 + 4 * 64 + 2 * (4 * 64 + 4 * 192));
            assertThat(gpt.tokenEmbedding()).isSameAs(wte.baseTable());
        }
    }

    @Test
    void ensureWeightTyingDecidesWhetherTheTiedOutputSeesTheUpdate() {
        for (boolean tie : new boolean[] {true, false}) {
            Gpt gpt = tied(2);
            LoraModel lora = LoraModel.wrap(gpt, cfg(tie));
            train(gpt, 3);
            LoraEmbedding wte = (LoraEmbedding) lora.loraLayers().get("wte");
            Tensor table = gpt.tokenEmbedding().value();
            Tensor delta = wte.delta(LoraModel.DEFAULT);
            assertThat(maxDiff(delta, new Tensor(new float[16 * 64], 16, 64))).as("update after training").isGreaterThan(1e-3);
            try (NoGrad g = NoGrad.scope()) {
                // The lookup always sees E + scaling·A·B.
                Tensor rows = wte.call(ids(), false);
                Tensor expected = Tensor.embedding(table.add(delta), ids());
                assertThat(maxDiff(expected, rows)).as("lookup, tie=" + tie).isLessThan(1e-5);
                // The output sees it only with ensure_weight_tying.
                Tensor h = randn(3, 5, 64);
                Tensor out = wte.tiedLogits(h, false);
                if (tie) {
                    assertThat(maxDiff(h.matmul(table.add(delta), false, true), out)).isLessThan(1e-4);
                } else {
                    assertThat(out.data()).containsExactly(h.matmul(table, false, true).data());
                }
            }
        }
    }

    @Test
    void mergeAndUnmergeOfATiedAdapterKeepTheLogits() {
        Gpt gpt = tied(3);
        Tensor table0 = gpt.tokenEmbedding().value().copy();
        Embedding wteBase = (Embedding) LayerPaths.get(gpt, "wte");
        LoraModel lora = LoraModel.wrap(gpt, cfg(true));
        train(gpt, 4);
        Tensor wrapped = gpt.forward(ids(), false);
        lora.merge();
        assertThat(maxDiff(table0, gpt.tokenEmbedding().value())).as("table changed by merge").isGreaterThan(1e-3);
        assertThat(maxDiff(wrapped, gpt.forward(ids(), false))).as("merged vs wrapped logits").isLessThan(1e-5);
        lora.unmerge();
        assertThat(maxDiff(table0, gpt.tokenEmbedding().value())).as("table after unmerge").isLessThan(1e-6);
        assertThat(maxDiff(wrapped, gpt.forward(ids(), false))).as("unmerged vs wrapped logits").isLessThan(1e-5);
        lora.mergeAndUnload();
        assertThat(LayerPaths.get(gpt, "wte")).isSameAs(wteBase);
        assertThat(maxDiff(wrapped, gpt.forward(ids(), false))).as("merge_and_unload logits").isLessThan(1e-5);
    }

    @Test
    void aLookupOnlyAdapterOnATiedTableRefusesToMergeAndOnAnUntiedTableMerges() {
        Gpt gpt = tied(4);
        LoraModel lora = LoraModel.wrap(gpt, cfg(false));
        train(gpt, 3);
        Tensor wrapped = gpt.forward(ids(), false);
        Tensor table = gpt.tokenEmbedding().value().copy();
        assertThatThrownBy(lora::merge).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("into wte: the output layer is tied to this table")
                .hasMessageContaining("ensure_weight_tying=true");
        assertThatThrownBy(lora::mergeAndUnload).isInstanceOf(IllegalStateException.class);
        assertThat(gpt.tokenEmbedding().value().data()).containsExactly(table.data());
        assertThat(gpt.forward(ids(), false).data()).containsExactly(wrapped.data());
        assertThat(LayerPaths.get(gpt, "h.0.attn.c_attn")).isInstanceOf(LoraLinear.class);

        // With an untied output the table feeds the lookup only: merging is exact, in both directions.
        Gpt free = untied(4);
        LoraModel l2 = LoraModel.wrap(free, new LoraConfig().r(4).alpha(8).targetModules("wte", "lm_head"));
        assertThat(l2.loraLayers().get("lm_head")).isInstanceOf(LoraLinear.class);
        train(free, 3);
        Tensor w2 = free.forward(ids(), false);
        Tensor t2 = free.tokenEmbedding().value().copy();
        l2.merge();
        assertThat(maxDiff(w2, free.forward(ids(), false))).isLessThan(1e-5);
        l2.unmerge();
        assertThat(maxDiff(t2, free.tokenEmbedding().value())).isLessThan(1e-6);
        l2.mergeAndUnload();
        assertThat(maxDiff(w2, free.forward(ids(), false))).isLessThan(1e-5);
    }

    @Test
    void embeddingAdaptersSaveWithPeftNamesLoadAndSwitch() throws Exception {
        Gpt gpt = tied(5);
        Tensor baseLogits = gpt.forward(ids(), false);
        LoraModel lora = LoraModel.wrap(gpt, cfg(true));
        train(gpt, 3);
        Tensor first = gpt.forward(ids(), false);
        Path a = tmp.resolve("a");
        lora.saveAdapter(a);
        Map<String, Tensor> saved = SafeTensors.readTensors(a.resolve(LoraModel.WEIGHTS_FILE));
        assertThat(saved.keySet()).containsExactly(
                "base_model.model.transformer.wte.lora_embedding_A",
                "base_model.model.transformer.wte.lora_embedding_B",
                "base_model.model.transformer.h.0.attn.c_attn.lora_A.weight",
                "base_model.model.transformer.h.0.attn.c_attn.lora_B.weight",
                "base_model.model.transformer.h.1.attn.c_attn.lora_A.weight",
                "base_model.model.transformer.h.1.attn.c_attn.lora_B.weight");
        assertThat(saved.get("base_model.model.transformer.wte.lora_embedding_A").shape()).containsExactly(4, 16);
        assertThat(saved.get("base_model.model.transformer.wte.lora_embedding_B").shape()).containsExactly(64, 4);
        LoraEmbedding wte = (LoraEmbedding) lora.loraLayers().get("wte");
        assertThat(saved.get("base_model.model.transformer.wte.lora_embedding_A").data())
                .containsExactly(wte.loraA(LoraModel.DEFAULT).value().t().copy().data());
        assertThat(Files.readString(a.resolve(LoraModel.CONFIG_FILE))).contains("\"ensure_weight_tying\" : true",
                "\"target_modules\" : [ \"wte\", \"c_attn\" ]");

        // A second, lookup-only adapter on the same layers; switching between them and off.
        lora.addAdapter("lookup", cfg(false));
        assertThat(maxDiff(baseLogits, gpt.forward(ids(), false))).as("fresh second adapter = base").isLessThan(1e-6);
        train(gpt, 3);
        Tensor second = gpt.forward(ids(), false);
        assertThat(maxDiff(second, first)).isGreaterThan(1e-3);
        lora.setAdapter(LoraModel.DEFAULT);
        assertThat(gpt.forward(ids(), false).data()).containsExactly(first.data());
        lora.setAdapter(null);
        assertThat(maxDiff(baseLogits, gpt.forward(ids(), false))).isLessThan(1e-6);

        // Onto a fresh copy of the base, then the second adapter by name.
        Gpt fresh = tied(5);
        LoraModel loaded = LoraModel.load(fresh, a);
        assertThat(loaded.config(LoraModel.DEFAULT).ensureWeightTying()).isTrue();
        assertThat(fresh.forward(ids(), false).data()).containsExactly(first.data());
        lora.setAdapter("lookup");
        Path b = tmp.resolve("b");
        lora.saveAdapter(b);
        loaded.loadAdapter(b, "lookup");
        assertThat(maxDiff(second, fresh.forward(ids(), false))).isLessThan(1e-6);

        // A file that also holds the tied lm_head's LoRA (PEFT shares the embedding's factors) loads;
        // one whose lm_head factors are not those is rejected, and the base is left alone.
        Map<String, Tensor> withHead = new LinkedHashMap<>(saved);
        withHead.put("base_model.model.lm_head.lora_A.weight",
                saved.get("base_model.model.transformer.wte.lora_embedding_B").t().copy());
        withHead.put("base_model.model.lm_head.lora_B.weight",
                saved.get("base_model.model.transformer.wte.lora_embedding_A").t().copy());
        SafeTensors.write(a.resolve(LoraModel.WEIGHTS_FILE), withHead);
        Gpt third = tied(5);
        LoraModel.load(third, a);
        assertThat(third.forward(ids(), false).data()).containsExactly(first.data());
        withHead.put("base_model.model.lm_head.lora_B.weight", randn(1, 16, 4));
        SafeTensors.write(a.resolve(LoraModel.WEIGHTS_FILE), withHead);
        Gpt fourth = tied(5);
        assertThatThrownBy(() -> LoraModel.load(fourth, a)).isInstanceOf(InvalidFileException.class)
                .hasMessageContaining("lm_head.lora_B.weight' is not the transposed lora_embedding_A");
        assertThat(fourth.forward(ids(), false).data()).containsExactly(baseLogits.data());

        // An adapter of another rank does not fit.
        Gpt other = tied(5);
        LoraModel r8 = LoraModel.wrap(other, new LoraConfig().r(8).targetModules("wte"));
        Path c = tmp.resolve("c");
        r8.saveAdapter(c);
        Map<String, Tensor> t = SafeTensors.readTensors(c.resolve(LoraModel.WEIGHTS_FILE));
        Map<String, Tensor> wrongRank = new LinkedHashMap<>();
        t.forEach((k, v) -> wrongRank.put(k, k.endsWith("lora_embedding_A") ? randn(2, 4, 16) : v));
        SafeTensors.write(c.resolve(LoraModel.WEIGHTS_FILE), wrongRank);
        assertThatThrownBy(() -> LoraModel.load(tied(5), c)).isInstanceOf(InvalidFileException.class)
                .hasMessageContaining("wte.lora_embedding_A' has shape (4, 16), this base needs (8, 16)");
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void embeddingAdapterGradientsMatchFiniteDifferences(boolean tie) {
        Gpt gpt = tied(6);
        LoraModel lora = LoraModel.wrap(gpt, cfg(tie));
        LoraEmbedding wte = (LoraEmbedding) lora.loraLayers().get("wte");
        // Nonzero factors everywhere, so that every path carries a gradient.
        wte.loraA(LoraModel.DEFAULT).assign(randn(7, 16, 4).mul(0.1f));
        wte.loraB(LoraModel.DEFAULT).assign(randn(8, 4, 64).mul(0.1f));
        LoraLayer attn = lora.loraLayers().get("h.1.attn.c_attn");
        attn.loraB(LoraModel.DEFAULT).assign(randn(9, 4, 192).mul(0.1f));
        List<Variable> vars = List.of(wte.loraA(LoraModel.DEFAULT), wte.loraB(LoraModel.DEFAULT),
                attn.loraA(LoraModel.DEFAULT), attn.loraB(LoraModel.DEFAULT));
        int n = VariableGradCheck.check(() -> gpt.loss(ids(), targets(), false), vars, 25, 1e-2, 3e-4, 2e-2);
        assertThat(n).isEqualTo(100);
    }

    @Test
    void theTiedOutputTermAloneHasTheRightGradient() {
        // The head's share of A's gradient, isolated: logits of fixed rows through the tied output only.
        Gpt gpt = tied(7);
        LoraModel lora = LoraModel.wrap(gpt, new LoraConfig().r(3).alpha(3).targetModules("wte").ensureWeightTying(true));
        LoraEmbedding wte = (LoraEmbedding) lora.loraLayers().get("wte");
        wte.loraA(LoraModel.DEFAULT).assign(randn(10, 16, 3).mul(0.3f));
        Tensor h = randn(11, 6, 64);
        Tensor w = randn(12, 6, 16);
        VariableGradCheck.check(() -> wte.tiedLogits(h, false).mul(w).sum(), List.of(wte.loraA(LoraModel.DEFAULT),
                wte.loraB(LoraModel.DEFAULT)), 30, 1e-2, 1e-3, 1e-2);
    }
}
