package io.cambium.llm.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cambium.Cambium;
import io.cambium.nn.Layer;
import io.cambium.nn.Model;
import io.cambium.nn.Variable;
import io.cambium.nn.io.InvalidFileException;
import io.cambium.tensor.Tensor;
import io.cambium.tensor.autograd.NoGrad;
import io.cambium.tensor.random.Rng;
import io.cambium.testing.Fixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The GPT's structure, names, counts, initialization, cache, saving and wrapping. */
class GptTest {
    @TempDir
    Path dir;

    static Gpt tiny(GptConfig cfg) {
        Cambium.seed(3);
        return new Gpt(cfg);
    }

    static Tensor randomIds(int batch, int time, int vocab, long seed) {
        Rng rng = new Rng(seed);
        float[] v = new float[batch * time];
        for (int i = 0; i < v.length; i++) {
            v[i] = rng.nextInt(vocab);
        }
        return Tensor.of(v, batch, time);
    }

    @Test
    void presetsCountTheirParameters() {
        for (String p : List.of("tiny", "mini", "llama-tiny")) {
            GptConfig cfg = GptConfig.preset(p);
            Gpt gpt = tiny(cfg);
            assertThat(gpt.parameterCount()).as(p).isEqualTo(cfg.parameterCount());
        }
        // GPT-2 small: 124,439,808 parameters with the tied output (Hugging Face's count).
        assertThat(GptConfig.preset("gpt2").parameterCount()).isEqualTo(124_439_808L);
        assertThat(GptConfig.preset("small").parameterCount()).isBetween(10_000_000L, 12_000_000L);
        assertThatThrownBy(() -> GptConfig.preset("gpt5")).hasMessage(
                "unknown model preset 'gpt5' (known: tiny, mini, small, gpt2, llama-tiny, llama-small)");
    }

    @Test
    void rejectsInconsistentConfigs() {
        assertThatThrownBy(() -> new Gpt(new GptConfig().dModel(30))).hasMessageContaining("d_model 30 is not divisible by n_head 4");
        assertThatThrownBy(() -> new Gpt(new GptConfig().kvHeads(3))).hasMessageContaining("not a multiple of n_kv_head 3");
        assertThatThrownBy(() -> new Gpt(new GptConfig().dropout(1.0))).hasMessageContaining("dropout must be in [0, 1)");
        assertThatThrownBy(() -> GptConfig.fromMap(java.util.Map.of("norm", "batch_norm")))
                .hasMessageContaining("unknown norm 'batch_norm' (known: layer_norm, rms_norm)");
        assertThatThrownBy(() -> new Gpt(new GptConfig().dModel(12).heads(4).llamaStyle()))
                .hasMessageContaining("rotary positions need an even head width, got 3");
    }

    @Test
    void variablesAreNamedByPath() {
        Gpt gpt = tiny(new GptConfig().layers(1));
        List<String> names = new ArrayList<>();
        for (Variable v : gpt.variables()) {
            names.add(v.name());
        }
        assertThat(names).containsExactly("wte/embeddings", "wpe/embeddings", "h.0.ln_1/gamma", "h.0.ln_1/beta",
                "h.0.attn.c_attn/kernel", "h.0.attn.c_attn/bias", "h.0.attn.c_proj/kernel", "h.0.attn.c_proj/bias",
                "h.0.ln_2/gamma", "h.0.ln_2/beta", "h.0.mlp.c_fc/kernel", "h.0.mlp.c_fc/bias", "h.0.mlp.c_proj/kernel",
                "h.0.mlp.c_proj/bias", "ln_f/gamma", "ln_f/beta");
        Gpt llama = tiny(GptConfig.preset("llama-tiny").layers(1));
        names.clear();
        for (Variable v : llama.variables()) {
            names.add(v.name());
        }
        assertThat(names).containsExactly("wte/embeddings", "h.0.ln_1/gamma", "h.0.attn.c_attn/kernel",
                "h.0.attn.c_proj/kernel", "h.0.ln_2/gamma", "h.0.mlp.gate_proj/kernel", "h.0.mlp.up_proj/kernel",
                "h.0.mlp.down_proj/kernel", "ln_f/gamma", "lm_head/kernel");
        assertThat(llama.variables().get(2).shape()).containsExactly(64, (4 + 2 * 2) * 16);
        assertThat(LayerPaths.all(gpt).keySet()).containsExactly("wte", "wpe", "h.0", "h.0.ln_1", "h.0.attn",
                "h.0.attn.c_attn", "h.0.attn.c_proj", "h.0.ln_2", "h.0.mlp", "h.0.mlp.c_fc", "h.0.mlp.c_proj", "ln_f");
    }

    @Test
    void initializationIsGpt2s() {
        GptConfig cfg = new GptConfig().dModel(128).heads(4).layers(8).mlpHidden(256).vocabSize(256);
        Gpt gpt = tiny(cfg);
        double residual = 0.02 / Math.sqrt(16);
        for (Variable v : gpt.variables()) {
            float[] d = v.value().data();
            double sum = 0;
            double sq = 0;
            for (float x : d) {
                sum += x;
                sq += (double) x * x;
            }
            double mean = sum / d.length;
            double std = Math.sqrt(sq / d.length - mean * mean);
            String n = v.name();
            if (n.endsWith("/gamma")) {
                assertThat(d).as(n).containsOnly(1f);
            } else if (n.endsWith("/beta") || n.endsWith("/bias")) {
                assertThat(d).as(n).containsOnly(0f);
            } else if (n.endsWith("c_proj/kernel")) {
                assertThat(std).as(n).isCloseTo(residual, org.assertj.core.data.Percentage.withPercentage(5));
            } else {
                assertThat(std).as(n).isCloseTo(0.02, org.assertj.core.data.Percentage.withPercentage(5));
            }
        }
    }

    @Test
    void cachedDecodingEqualsTheFullPass() {
        for (GptConfig cfg : List.of(new GptConfig().contextLength(48), GptConfig.preset("llama-tiny").contextLength(48))) {
            Gpt gpt = tiny(cfg);
            Tensor ids = randomIds(2, 40, cfg.vocabSize(), 5);
            try (NoGrad g = NoGrad.scope()) {
                Tensor full = gpt.forward(ids, false);
                KvCache cache = gpt.newCache(2);
                int start = 0;
                for (int len : new int[] {35, 1, 1, 3}) {
                    Tensor part = ids.narrow(1, start, len).copy();
                    Tensor got = gpt.forward(part, cache, false);
                    Fixtures.assertClose(cfg.positions() + " positions " + start, full.narrow(1, start, len), got, 1e-4, 1e-5);
                    start += len;
                }
                assertThat(cache.length()).isEqualTo(40);
                cache.reset();
                Tensor last = gpt.forward(ids, cache, true);
                Fixtures.assertClose("last only", full.narrow(1, 39, 1), last, 1e-4, 1e-5);
                assertThatThrownBy(() -> gpt.forward(randomIds(2, 9, 10, 1), cache, false))
                        .hasMessageContaining("positions 40..48 exceed the context length 48");
            }
        }
    }

    @Test
    void attentionIsCausal() {
        for (GptConfig cfg : List.of(new GptConfig(), GptConfig.preset("llama-tiny"))) {
            Gpt gpt = tiny(cfg);
            Tensor a = gpt.forward(Gpt.ids(new int[] {1, 2, 3, 4, 5, 6}, 1), false);
            Tensor b = gpt.forward(Gpt.ids(new int[] {1, 2, 3, 31, 30, 29}, 1), false);
            // Positions 0..2 do not see the future; the later ones do see their own inputs.
            assertThat(b.narrow(1, 0, 3).data()).containsExactly(a.narrow(1, 0, 3).data());
            assertThat(b.narrow(1, 3, 3).data()).isNotEqualTo(a.narrow(1, 3, 3).data());
        }
    }

    @Test
    void composedAttentionEqualsTheFusedOne() {
        // A tiny attention dropout takes the composed path; with float rounding it drops nothing.
        GptConfig cfg = GptConfig.preset("llama-tiny");
        Gpt fused = tiny(cfg);
        Gpt composed = tiny(cfg.copy().attentionDropout(1e-9));
        Tensor ids = randomIds(2, 12, cfg.vocabSize(), 6);
        Tensor a = fused.forward(ids, true);
        Tensor b = composed.forward(ids, true);
        Fixtures.assertClose("composed vs fused", a, b, 1e-4, 1e-5);
        a.sum().backward();
        b.sum().backward();
        for (int i = 0; i < fused.variables().size(); i++) {
            Fixtures.assertClose(fused.variables().get(i).name(), fused.variables().get(i).grad(),
                    composed.variables().get(i).grad(), 1e-3, 1e-5);
        }
    }

    @Test
    void dropoutIsSeededAndOnlyInTraining() {
        GptConfig cfg = new GptConfig().dropout(0.2).attentionDropout(0.1);
        Gpt gpt = tiny(cfg);
        Tensor ids = randomIds(1, 20, 256, 7);
        Tensor eval1 = gpt.forward(ids, false);
        Tensor eval2 = gpt.forward(ids, false);
        assertThat(eval1.data()).containsExactly(eval2.data());
        Cambium.seed(11);
        Tensor t1 = gpt.forward(ids, true);
        Cambium.seed(11);
        Tensor t2 = gpt.forward(ids, true);
        assertThat(t1.data()).containsExactly(t2.data());
        assertThat(t1.data()).isNotEqualTo(eval1.data());
    }

    @Test
    void savesAndLoadsWithTheModelFile() throws Exception {
        GptConfig cfg = GptConfig.preset("llama-tiny");
        Gpt gpt = tiny(cfg);
        Path f = dir.resolve("m.cambium");
        gpt.save(f);
        Tensor ids = randomIds(1, 10, cfg.vocabSize(), 8);
        Gpt back = Gpt.load(f);
        assertThat(back.gptConfig()).isEqualTo(cfg);
        assertThat(back.forward(ids, false).data()).containsExactly(gpt.forward(ids, false).data());
        Model viaModel = Model.load(f);
        assertThat(viaModel).isInstanceOf(Gpt.class);
        assertThat(viaModel.predict(ids).data()).containsExactly(gpt.forward(ids, false).data());
        assertThatThrownBy(() -> Gpt.load(dir.resolve("missing.cambium"))).isInstanceOf(java.io.IOException.class);
        Files.write(dir.resolve("bad.cambium"), new byte[] {1, 2, 3});
        assertThatThrownBy(() -> Gpt.load(dir.resolve("bad.cambium"))).isInstanceOf(InvalidFileException.class);
    }

    @Test
    void summaryListsLayersAndCounts() {
        Gpt gpt = tiny(new GptConfig());
        String s = gpt.summaryString();
        assertThat(s).contains("Model: \"gpt\" (GPT, LayerNorm, learned positions, gelu_tanh, tied embeddings, biases)")
                .contains("h.0 .. h.1 (each)").contains("  attn.c_attn").contains("lm_head").contains("(tied to wte)")
                .contains(String.format(java.util.Locale.ROOT, "Total params: %,d", gpt.parameterCount()))
                .contains(String.format(java.util.Locale.ROOT, "Non-embedding params: %,d",
                        gpt.parameterCount() - 256 * 64 - 64 * 64));
    }

    @Test
    void childrenCanBeReplacedByWrappers() {
        Gpt gpt = tiny(new GptConfig());
        Tensor ids = randomIds(1, 12, 256, 9);
        Tensor before = gpt.forward(ids, false);
        var replaced = LayerPaths.replace(gpt, p -> p.endsWith(".attn.c_attn"), Scaled::new);
        assertThat(replaced.keySet()).containsExactly("h.0.attn.c_attn", "h.1.attn.c_attn");
        Tensor after = gpt.forward(ids, false);
        // Same logits, and the wrapper's own variable is now part of the model.
        Fixtures.assertClose("wrapped", before, after, 1e-6, 1e-7);
        assertThat(gpt.variables().stream().map(Variable::name)).contains("h.0.attn.c_attn.scale/s");
        assertThat(LayerPaths.get(gpt, "h.1.attn.c_attn")).isInstanceOf(Scaled.class);
    }

    /** A stand-in wrapper: scales the wrapped layer's input by a weight (1). */
    static final class Scaled extends Layer {
        private final Layer inner;
        private Variable s;

        Scaled(Layer inner) {
            super(inner.name() + ".scale");
            this.inner = inner;
            s = addWeight("s", new int[] {1}, io.cambium.nn.initializers.Initializers.ones(), null, null, true);
        }

        @Override
        public Tensor call(Tensor x, boolean training) {
            return inner.apply(x.mul(s.value()), training);
        }
    }
}
