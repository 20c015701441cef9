package io.cambium.interop.onnx;

import static io.cambium.interop.onnx.ExportChecks.ids;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cambium.interop.onnx.proto.ModelProto;
import io.cambium.interop.onnx.proto.NodeProto;
import io.cambium.interop.onnx.proto.TensorProto;
import io.cambium.interop.onnx.proto.TensorShapeProto;
import io.cambium.llm.model.Gpt;
import io.cambium.llm.model.GptConfig;
import io.cambium.nn.Variable;
import io.cambium.tensor.Tensor;
import io.cambium.tensor.autograd.NoGrad;
import io.cambium.tensor.random.Rng;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * cambium-llm's GPT exported to ONNX in every configuration GptConfig allows: onnxruntime and
 * Cambium's own importer give Cambium's logits within 1e-5 (relative) for batch 1 and 3 and two
 * sequence lengths of one exported graph (dynamic batch and sequence axes).
 */
class GptExportTest {
    private static final int CONTEXT = 16;
    private static final int VOCAB = 61;

    private static GptConfig base() {
        return new GptConfig().vocabSize(VOCAB).contextLength(CONTEXT).dModel(32).layers(2).heads(4).kvHeads(4)
                .mlpHidden(48);
    }

    /** Every option of GptConfig appears in at least one configuration. */
    static Stream<Arguments> configs() {
        return Stream.of(
                // GPT-2: LayerNorm, learned positions, tanh GELU, tied output, biases; dropout is removed.
                Arguments.of("gpt2-style", base().dropout(0.1).attentionDropout(0.1)),
                // LLaMA: RMSNorm, rotary, SwiGLU, grouped-query attention (4 heads, 2 key/value heads), untied, no biases.
                Arguments.of("llama-style", base().llamaStyle().kvHeads(2)),
                Arguments.of("exact-gelu_untied_no-bias", base().activation(GptConfig.Activation.GELU).tieEmbeddings(false)
                        .bias(false).heads(2).kvHeads(2)),
                // Multi-query attention with rotary positions of another base, LayerNorm, tied.
                Arguments.of("rotary_multi-query_layernorm", base().positions(GptConfig.Positions.ROTARY).kvHeads(1)
                        .ropeTheta(500000).normEps(1e-6)),
                Arguments.of("rmsnorm_learned_swiglu_bias_tied", base().norm(GptConfig.Norm.RMS_NORM)
                        .activation(GptConfig.Activation.SWIGLU)));
    }

    /**
     * Random weights that make every part matter: scales near 1, non-zero shifts and biases,
     * kernels scaled by their fan-in, the packed query/key/value projection doubled so that
     * attention is peaked (near-uniform attention would hide the mask and the rotary angles).
     */
    static Gpt model(GptConfig cfg, long seed) {
        return model(cfg, seed, 2.0);
    }

    /**
     * {@link #model(GptConfig, long)} with the packed projection's scale: scores grow with its
     * square, and with them the float rounding the attention amplifies (see the full-size test).
     */
    static Gpt model(GptConfig cfg, long seed, double attentionScale) {
        Gpt gpt = Gpt.withSeed(cfg, seed);
        Rng rng = new Rng(seed + 1);
        try (NoGrad g = NoGrad.scope()) {
            for (Variable v : gpt.variables()) {
                String n = v.name();
                int[] s = v.shape();
                float[] d = new float[v.value().numel()];
                for (int i = 0; i < d.length; i++) {
                    double z = rng.nextGaussian();
                    if (n.endsWith("gamma")) {
                        d[i] = (float) (1 + 0.2 * z);
                    } else if (s.length == 1) {
                        d[i] = (float) (0.1 * z);
                    } else if (n.contains("embeddings")) {
                        d[i] = (float) (0.5 * z);
                    } else {
                        d[i] = (float) (z / Math.sqrt(s[0]) * (n.contains("c_attn") ? attentionScale : 1.0));
                    }
                }
                v.assign(new Tensor(d, s));
            }
        }
        return gpt;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("configs")
    void logitsEqualCambiumsInOnnxruntimeAndReimported(String label, GptConfig cfg) {
        Gpt gpt = model(cfg, 3);
        List<List<Tensor>> sets = new ArrayList<>();
        long seed = 100;
        for (int batch : new int[] {1, 3}) {
            for (int length : new int[] {5, CONTEXT}) {
                sets.add(List.of(ids(seed++, VOCAB, batch, length)));
            }
        }
        ExportChecks.Errors e = ExportChecks.checkAll("gpt_" + label, gpt, sets);
        System.out.printf("GPT %s: onnxruntime %.3g, re-imported %.3g (batch 1 and 3, length 5 and %d)%n", label,
                e.onnxruntime(), e.reimported(), CONTEXT);
        // The logits are not trivially small: the comparison is on a real scale.
        try (NoGrad g = NoGrad.scope()) {
            assertThat(gpt.forward(sets.get(3).get(0), false).abs().max().item()).isGreaterThan(1f);
        }
    }

    @Test
    void graphHasDynamicBatchAndSequenceAndStandardOperatorsOnly() {
        ModelProto proto = OnnxExporter.toProto(model(base().llamaStyle().kvHeads(2), 3));
        GraphCheck.check(proto);
        assertThat(proto.getOpsetImportList()).hasSize(1);
        assertThat(proto.getOpsetImport(0).getDomain()).isEmpty();
        assertThat(proto.getOpsetImport(0).getVersion()).isEqualTo(17);
        var in = proto.getGraph().getInput(0);
        assertThat(in.getName()).isEqualTo("input_ids");
        assertThat(in.getType().getTensorType().getElemType()).isEqualTo(TensorProto.DataType.INT64_VALUE);
        assertThat(in.getType().getTensorType().getShape().getDimList()).extracting(TensorShapeProto.Dimension::getDimParam)
                .containsExactly("batch", "sequence");
        var out = proto.getGraph().getOutput(0);
        assertThat(out.getName()).isEqualTo("logits");
        assertThat(out.getType().getTensorType().getShape().getDim(2).getDimValue()).isEqualTo(VOCAB);
        Set<String> ops = new TreeSet<>();
        for (NodeProto n : proto.getGraph().getNodeList()) {
            assertThat(n.getDomain()).as(n.getName()).isEmpty();
            ops.add(n.getOpType());
        }
        // No Dropout, and every operator is one Cambium's importer runs.
        assertThat(ops).doesNotContain("Dropout").isSubsetOf(io.cambium.interop.onnx.runtime.Operators.supported());
        // The rotary tables are written once for both blocks, one row per position of the context.
        long tables = proto.getGraph().getInitializerList().stream().filter(t -> t.getName().startsWith("rotary_")).count();
        assertThat(tables).isEqualTo(2);
        assertThat(proto.getGraph().getInitializerList().stream().filter(t -> t.getName().startsWith("rotary_cos"))
                .findFirst().orElseThrow().getDimsList()).containsExactly((long) CONTEXT, 1L, 4L);
    }

    /**
     * Independently of Cambium: in onnxruntime, the logits of a prefix do not depend on the tokens
     * after it (the causal mask), and one graph runs at every length up to the context.
     */
    @Test
    void onnxruntimeLogitsOfAPrefixIgnoreLaterTokens() {
        for (GptConfig cfg : List.of(base(), base().llamaStyle().kvHeads(2))) {
            byte[] bytes = OnnxExporter.toBytes(model(cfg, 9));
            Tensor full = ids(5, VOCAB, 2, CONTEXT);
            Tensor prefix = full.narrow(1, 0, 7);
            Tensor logitsFull = OrtRunner.run(bytes, List.of(full)).get(0);
            Tensor logitsPrefix = OrtRunner.run(bytes, List.of(prefix)).get(0);
            assertThat(logitsPrefix.shape()).containsExactly(2, 7, VOCAB);
            double err = OrtRunner.relativeError(logitsPrefix, logitsFull.narrow(1, 0, 7));
            assertThat(err).as(cfg.positions() + ": prefix logits vs the full sequence's first 7").isLessThan(1e-5);
            // and a change after the prefix changes the last position's logits
            float[] changed = full.data().clone();
            changed[CONTEXT - 1] = (changed[CONTEXT - 1] + 1) % VOCAB;
            Tensor other = OrtRunner.run(bytes, List.of(new Tensor(changed, full.shape()))).get(0);
            assertThat(OrtRunner.relativeError(other.narrow(1, CONTEXT - 1, 1),
                    logitsFull.narrow(1, CONTEXT - 1, 1))).isGreaterThan(1e-3);
        }
    }

    /**
     * Every preset of GptConfig at its real size (GPT-2 small: 124 M parameters, context 1,024):
     * a minute and several GB, so on request ({@code -Dcambium.onnx.fullGpt=true}, see the README).
     * Kernels are scaled by their fan-in only: with the packed projection doubled as in the small
     * models, 6 to 12 random blocks amplify float rounding to about 1e-5, and onnxruntime and
     * Cambium's importer (two runtimes of the same graph) then disagree by as much as either does
     * with Cambium (docs/decisions/onnx-gpt-export.md).
     */
    @Test
    void everyPresetAtFullSize() {
        Assumptions.assumeTrue(Boolean.getBoolean("cambium.onnx.fullGpt"),
                "full-size GPT export runs with -Dcambium.onnx.fullGpt=true");
        for (String preset : GptConfig.PRESETS) {
            GptConfig cfg = GptConfig.preset(preset);
            int vocab = cfg.vocabSize();
            long started = System.nanoTime();
            Gpt gpt = model(cfg, 21, 1.0);
            List<List<Tensor>> sets = new ArrayList<>();
            long seed = 300;
            // batch 1 up to the whole context (every row of the position tables; GPT-2's 1,024
            // positions would need more than the test JVM's 4 GB with the re-imported graph), batch 2 shorter
            sets.add(List.of(ids(seed++, vocab, 1, 7)));
            sets.add(List.of(ids(seed++, vocab, 1, Math.min(cfg.contextLength(), 512))));
            sets.add(List.of(ids(seed++, vocab, 2, 7)));
            sets.add(List.of(ids(seed++, vocab, 2, Math.min(cfg.contextLength(), 128))));
            ExportChecks.Errors e = ExportChecks.checkAll("gpt_full_" + preset, gpt, sets);
            System.out.printf("GPT preset %s (%,d parameters): onnxruntime %.3g, re-imported %.3g, %.0f s%n", preset,
                    gpt.parameterCount(), e.onnxruntime(), e.reimported(), (System.nanoTime() - started) / 1e9);
        }
    }

    /**
     * A block exported on its own (outside its GPT): rotary tables as long as a fixed input, and
     * a clear error when the length is open, since the tables need a bound.
     */
    @Test
    void rotaryBlockOnItsOwnNeedsABoundOnTheLength() {
        Gpt gpt = model(base().llamaStyle().kvHeads(2), 3);
        io.cambium.nn.Sequential fixed = new io.cambium.nn.Sequential();
        fixed.input(8, 32);
        fixed.add(gpt.block(0));
        double err = ExportChecks.check("gpt_llama-style_block_alone", fixed, ExportChecks.randn(4, 3, 8, 32));
        assertThat(err).isLessThan(ExportChecks.TOLERANCE);
        io.cambium.nn.Sequential open = new io.cambium.nn.Sequential();
        open.input(-1, 32);
        open.add(gpt.block(1));
        assertThatThrownBy(() -> OnnxExporter.toProto(open)).isInstanceOf(UnsupportedOperationException.class)
                .hasMessageContaining("h.1.attn").hasMessageContaining("rotary positions need a bound");
    }
}
