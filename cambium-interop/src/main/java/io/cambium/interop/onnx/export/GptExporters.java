package io.cambium.interop.onnx.export;

import io.cambium.interop.onnx.Attr;
import io.cambium.interop.onnx.ExportContext;
import io.cambium.interop.onnx.LayerExporters;
import io.cambium.interop.onnx.OnnxSignature;
import io.cambium.interop.onnx.OnnxValue;
import io.cambium.llm.model.CausalSelfAttention;
import io.cambium.llm.model.Gpt;
import io.cambium.llm.model.GptBlock;
import io.cambium.llm.model.GptConfig;
import io.cambium.llm.model.Mlp;
import io.cambium.llm.model.RmsNormalization;
import io.cambium.llm.model.SwiGluMlp;
import io.cambium.nn.Layer;
import io.cambium.nn.layers.embedding.Embedding;
import io.cambium.tensor.ops.attention.PackedRotary;
import java.util.List;
import java.util.Map;

/**
 * Exporters of cambium-llm's decoder ({@link Gpt}) for every {@link GptConfig}: int64 token ids
 * {@code input_ids [batch, sequence]} in, {@code logits [batch, sequence, vocab]} out, both axes
 * dynamic (any sequence length up to the context length), dropout removed. Opset 17 has no
 * attention, rotary or RMS-normalization operator, so each is decomposed into standard operators:
 *
 * <ul>
 *   <li>learned positions: the rows {@code 0..T-1} of {@code wpe} ({@code Shape} of the ids,
 *       {@code Slice}) added to the token embeddings ({@code Gather});
 *   <li>attention: the packed projection {@code c_attn} reshaped to heads and {@code Split} into
 *       queries, keys and values; rotary positions as {@code x·cos + rotate_half(x)·sin} with the
 *       cos/sin tables of every position of the context as initializers (the values Cambium
 *       computes, {@link PackedRotary#table}, written once per graph), sliced to the run-time
 *       length; grouped-query key/value heads repeated ({@code Unsqueeze}, {@code Expand},
 *       {@code Reshape}, as Hugging Face's {@code repeat_kv}); scaled scores, the causal mask by
 *       {@code Trilu}, {@code Softmax}, the weighted values, {@code c_proj};
 *   <li>RMSNorm: {@code x / sqrt(mean(x·x) + eps) · gamma} ({@code Mul}, {@code ReduceMean},
 *       {@code Add}, {@code Sqrt}, {@code Div}, {@code Mul}); LayerNorm: {@code LayerNormalization};
 *   <li>MLP: exact or tanh GELU ({@link ActivationExport}), or SwiGLU as
 *       {@code down(gate·sigmoid(gate)·up)};
 *   <li>the output projection {@code lm_head}, or, tied, {@code MatMul} with the transposed token
 *       embedding (the same initializer the {@code Gather} reads).
 * </ul>
 *
 * Children are exported through {@link ExportContext#export}, so a block, attention or projection
 * replaced by a wrapper exports when its wrapper has an exporter (LoRA adapters: merge them first).
 */
public final class GptExporters {
    /** The GPT's graph: token ids in, logits out, batch and sequence length given at run time. */
    public static final OnnxSignature SIGNATURE = new OnnxSignature(
            List.of(OnnxSignature.Input.ids("input_ids", "batch", "sequence")), List.of("logits"));

    private GptExporters() {
    }

    /** Registers the exporters (and the GPT's signature) with {@link LayerExporters}. */
    public static void registerAll() {
        LayerExporters.register(Gpt.class, GptExporters::gpt);
        LayerExporters.registerSignature(Gpt.class, g -> SIGNATURE);
        LayerExporters.register(GptBlock.class, GptExporters::block);
        LayerExporters.register(CausalSelfAttention.class, GptExporters::attention);
        LayerExporters.register(Mlp.class, GptExporters::mlp);
        LayerExporters.register(SwiGluMlp.class, GptExporters::swiGlu);
        LayerExporters.register(RmsNormalization.class, GptExporters::rmsNorm);
    }

    /** The key of a graph's rotary tables: they depend on the head width and the base only. */
    private record RotaryKey(int headDim, double base) {
    }

    /** Initializers {@code cos} and {@code sin}, {@code [positions, 1, headDim/2]}. */
    private record RotaryTables(String cos, String sin, int positions) {
    }

    private static OnnxValue one(List<OnnxValue> values, Layer l) {
        if (values.size() != 1) {
            throw new IllegalStateException("ONNX export: " + l.describe() + " gave " + values.size() + " outputs, expected 1");
        }
        return values.get(0);
    }

    private static OnnxValue exportChild(ExportContext ctx, Map<String, Layer> children, String name, Layer parent,
            OnnxValue x) {
        Layer child = children.get(name);
        if (child == null) {
            throw new IllegalStateException("ONNX export: " + parent.describe() + " has no child '" + name + "' (children: "
                    + children.keySet() + ")");
        }
        return one(ctx.export(child, List.of(x)), child);
    }

    // ---------------------------------------------------------------- the model

    private static List<OnnxValue> gpt(Gpt m, List<OnnxValue> in, ExportContext ctx) {
        GptConfig cfg = m.gptConfig();
        Map<String, Layer> children = m.namedChildren();
        String name = m.name();
        OnnxValue ids = in.get(0);
        int[] idShape = ids.shape();
        OnnxValue x = exportChild(ctx, children, "wte", m, ids);
        Layer wpe = children.get("wpe");
        if (wpe != null) {
            if (!(wpe instanceof Embedding e)) {
                throw new UnsupportedOperationException("ONNX export: " + m.describe() + ": the position embedding 'wpe' is a "
                        + wpe.className() + ", not an Embedding");
            }
            // Positions 0..T-1 are the first T rows of the table (Cambium adds wpe(0..T-1), [1, T, d]).
            String t = ctx.node("Shape", name + "/sequence_length", List.of(ctx.ids(ids)), Attr.i("start", 1),
                    Attr.i("end", 2));
            String rows = ctx.node("Slice", e.name() + "/positions", List.of(ctx.weight(e.embeddings()),
                    ctx.longs(name + "/zero", 0), t, ctx.longs(name + "/axis0", 0)));
            x = ctx.channelsLast(ctx.node("Add", name + "/embedded", List.of(ctx.last(x), rows)), x.shape());
        }
        if (cfg.positions() == GptConfig.Positions.ROTARY) {
            // The tables of every position of this model's context, for all of its blocks.
            RotaryKey key = new RotaryKey(cfg.headDim(), cfg.ropeTheta());
            Object have = ctx.shared(key);
            if (!(have instanceof RotaryTables r) || r.positions() < cfg.contextLength()) {
                ctx.share(key, rotaryTables(ctx, cfg.contextLength(), cfg.headDim(), cfg.ropeTheta()));
            }
        }
        for (int l = 0; l < cfg.layers(); l++) {
            x = exportChild(ctx, children, "h." + l, m, x);
        }
        x = exportChild(ctx, children, "ln_f", m, x);
        int[] outShape = {idShape[0], idShape[1], cfg.vocabSize()};
        if (children.containsKey("lm_head")) {
            x = exportChild(ctx, children, "lm_head", m, x);
            return List.of(ctx.channelsLast(ctx.last(x), outShape));
        }
        // Tied: logits = x · wteᵀ, reading the initializer the Gather reads.
        String wt = ctx.node("Transpose", children.get("wte").name() + "/transposed",
                List.of(ctx.weight(m.tokenEmbedding())), Attr.ints("perm", 1, 0));
        return List.of(ctx.channelsLast(ctx.node("MatMul", name + "/logits", List.of(ctx.last(x), wt)), outShape));
    }

    private static List<OnnxValue> block(GptBlock b, List<OnnxValue> in, ExportContext ctx) {
        Map<String, Layer> c = b.namedChildren();
        String name = b.name();
        OnnxValue x = in.get(0);
        OnnxValue a = exportChild(ctx, c, "attn", b, exportChild(ctx, c, "ln_1", b, x));
        x = ctx.channelsLast(ctx.node("Add", name + "/attn_residual", List.of(ctx.last(x), ctx.last(a))), x.shape());
        OnnxValue f = exportChild(ctx, c, "mlp", b, exportChild(ctx, c, "ln_2", b, x));
        return List.of(ctx.channelsLast(ctx.node("Add", name, List.of(ctx.last(x), ctx.last(f))), x.shape()));
    }

    // ---------------------------------------------------------------- attention

    private static List<OnnxValue> attention(CausalSelfAttention a, List<OnnxValue> in, ExportContext ctx) {
        int heads = a.heads();
        int kvHeads = a.kvHeads();
        int hd = a.headDim();
        String name = a.name();
        OnnxValue x = in.get(0);
        if (x.rank() != 3) {
            throw new UnsupportedOperationException("ONNX export: " + a.describe() + " takes [batch, time, d_model], got rank "
                    + x.rank());
        }
        String qkv = ctx.last(one(ctx.export(a.cAttn(), List.of(x)), a.cAttn()));
        qkv = ctx.node("Reshape", name + "/qkv_heads", List.of(qkv, ctx.longs(name + "/qkv_shape", 0, 0,
                heads + 2L * kvHeads, hd)));
        List<String> parts = ctx.nodes("Split", name + "/qkv", 3, List.of(qkv, ctx.longs(name + "/qkv_sizes", heads,
                kvHeads, kvHeads)), Attr.i("axis", 2));
        String q = parts.get(0);
        String k = parts.get(1);
        String v = parts.get(2);
        if (a.rotary()) {
            RotaryTables t = tablesFor(a, x, ctx);
            // This call's length T: positions 0..T-1 are the first T rows, [T, 1, hd/2] against [B, T, heads, hd/2].
            String len = ctx.node("Shape", name + "/sequence_length", List.of(ctx.last(x)), Attr.i("start", 1),
                    Attr.i("end", 2));
            String zero = ctx.longs(name + "/zero", 0);
            String axis0 = ctx.longs(name + "/axis0", 0);
            String cos = ctx.node("Slice", name + "/cos", List.of(t.cos(), zero, len, axis0));
            String sin = ctx.node("Slice", name + "/sin", List.of(t.sin(), zero, len, axis0));
            q = rotate(ctx, q, cos, sin, hd, name + "/q_rotary");
            k = rotate(ctx, k, cos, sin, hd, name + "/k_rotary");
        }
        int rep = heads / kvHeads;
        if (rep > 1) {
            k = repeatKv(ctx, k, rep, heads, hd, name + "/k_repeated");
            v = repeatKv(ctx, v, rep, heads, hd, name + "/v_repeated");
        }
        q = ctx.node("Transpose", name + "/q", List.of(q), Attr.ints("perm", 0, 2, 1, 3));
        k = ctx.node("Transpose", name + "/k_t", List.of(k), Attr.ints("perm", 0, 2, 3, 1));
        v = ctx.node("Transpose", name + "/v", List.of(v), Attr.ints("perm", 0, 2, 1, 3));
        String scores = ctx.node("MatMul", name + "/scores", List.of(q, k));
        scores = ctx.node("Mul", name + "/scaled", List.of(scores, ctx.scalar(name + "/scale", (float) (1.0 / Math.sqrt(hd)))));
        scores = ctx.node("Add", name + "/causal", List.of(scores, AttentionExporters.causalMask(ctx, name, scores)));
        String probs = ctx.node("Softmax", name + "/weights", List.of(scores), Attr.i("axis", -1));
        String y = ctx.node("MatMul", name + "/attended", List.of(probs, v));
        y = ctx.node("Transpose", name + "/merge", List.of(y), Attr.ints("perm", 0, 2, 1, 3));
        y = ctx.node("Reshape", name + "/heads_merged", List.of(y, ctx.longs(name + "/merged_shape", 0, 0, (long) heads * hd)));
        OnnxValue merged = ctx.channelsLast(y, new int[] {x.dim(0), x.dim(1), heads * hd});
        return List.of(ctx.channelsLast(ctx.last(one(ctx.export(a.cProj(), List.of(merged)), a.cProj())), x.shape()));
    }

    /**
     * The graph's rotary tables for this head width and base: those the GPT exporter wrote for its
     * context, or, for an attention exported on its own, tables as long as its (fixed) input.
     */
    private static RotaryTables tablesFor(CausalSelfAttention a, OnnxValue x, ExportContext ctx) {
        RotaryKey key = new RotaryKey(a.headDim(), a.ropeTheta());
        Object have = ctx.shared(key);
        int length = x.dim(1);
        if (have instanceof RotaryTables t && (length < 0 || length <= t.positions())) {
            return t;
        }
        if (length < 0) {
            throw new UnsupportedOperationException("ONNX export: " + a.describe() + ": rotary positions need a bound on the"
                    + " sequence length; export the attention inside its GPT (the context length) or with a fixed length");
        }
        RotaryTables t = rotaryTables(ctx, length, a.headDim(), a.ropeTheta());
        ctx.share(key, t);
        return t;
    }

    /** cos and sin of positions {@code 0..positions-1} as initializers {@code [positions, 1, hd/2]}. */
    private static RotaryTables rotaryTables(ExportContext ctx, int positions, int hd, double base) {
        float[][] cs = PackedRotary.table(0, positions, hd, base);
        String suffix = "/hd" + hd + "_base" + (base == Math.rint(base) ? String.valueOf((long) base) : String.valueOf(base));
        return new RotaryTables(ctx.weight("rotary_cos" + suffix, cs[0], positions, 1, hd / 2),
                ctx.weight("rotary_sin" + suffix, cs[1], positions, 1, hd / 2), positions);
    }

    /**
     * {@code x [B, T, heads, hd]} rotated as Cambium's {@link PackedRotary}: halves {@code x1, x2},
     * {@code [x1·cos − x2·sin, x2·cos + x1·sin]} (Hugging Face's {@code rotate_half} form).
     */
    private static String rotate(ExportContext ctx, String x, String cos, String sin, int hd, String base) {
        List<String> halves = ctx.nodes("Split", base + "/half", 2, List.of(x, ctx.longs(base + "/halves", hd / 2, hd / 2)),
                Attr.i("axis", 3));
        String x1 = halves.get(0);
        String x2 = halves.get(1);
        String first = ctx.node("Sub", base + "/first", List.of(ctx.node("Mul", base + "/x1_cos", List.of(x1, cos)),
                ctx.node("Mul", base + "/x2_sin", List.of(x2, sin))));
        String second = ctx.node("Add", base + "/second", List.of(ctx.node("Mul", base + "/x2_cos", List.of(x2, cos)),
                ctx.node("Mul", base + "/x1_sin", List.of(x1, sin))));
        return ctx.node("Concat", base, List.of(first, second), Attr.i("axis", 3));
    }

    /** {@code [B, T, kvHeads, hd]} as {@code [B, T, heads, hd]}: query head h reads key/value head h / rep. */
    private static String repeatKv(ExportContext ctx, String x, int rep, int heads, int hd, String base) {
        String u = ctx.node("Unsqueeze", base + "/group", List.of(x, ctx.longs(base + "/axis3", 3)));
        String e = ctx.node("Expand", base + "/expanded", List.of(u, ctx.longs(base + "/reps", 1, 1, 1, rep, 1)));
        return ctx.node("Reshape", base, List.of(e, ctx.longs(base + "/shape", 0, 0, heads, hd)));
    }

    // ---------------------------------------------------------------- feed-forward and normalization

    private static List<OnnxValue> mlp(Mlp m, List<OnnxValue> in, ExportContext ctx) {
        OnnxValue h = one(ctx.export(m.cFc(), in), m.cFc());
        h = ActivationExport.apply(ctx, h, m.activation() == GptConfig.Activation.GELU_TANH ? "gelu_tanh" : "gelu", m);
        return List.of(one(ctx.export(m.cProj(), List.of(h)), m.cProj()));
    }

    private static List<OnnxValue> swiGlu(SwiGluMlp m, List<OnnxValue> in, ExportContext ctx) {
        Map<String, Layer> c = m.namedChildren();
        String name = m.name();
        OnnxValue x = in.get(0);
        OnnxValue gate = exportChild(ctx, c, "gate_proj", m, x);
        String g = ctx.last(gate);
        String u = ctx.last(exportChild(ctx, c, "up_proj", m, x));
        String silu = ctx.node("Mul", name + "/silu", List.of(g, ctx.node("Sigmoid", name + "/sigmoid", List.of(g))));
        String h = ctx.node("Mul", name + "/swiglu", List.of(silu, u));
        return List.of(exportChild(ctx, c, "down_proj", m, ctx.channelsLast(h, gate.shape())));
    }

    private static List<OnnxValue> rmsNorm(RmsNormalization l, List<OnnxValue> in, ExportContext ctx) {
        OnnxValue x = in.get(0);
        String name = l.name();
        String v = ctx.last(x);
        String sq = ctx.node("Mul", name + "/square", List.of(v, v));
        String mean = ctx.node("ReduceMean", name + "/mean_square", List.of(sq), Attr.ints("axes", -1),
                Attr.i("keepdims", 1));
        String rms = ctx.node("Sqrt", name + "/rms", List.of(ctx.node("Add", name + "/plus_eps",
                List.of(mean, ctx.scalar(name + "/epsilon", (float) l.epsilon())))));
        String y = ctx.node("Div", name + "/normalized", List.of(v, rms));
        if (l.gamma() != null) {
            y = ctx.node("Mul", name, List.of(y, ctx.weight(l.gamma())));
        }
        return List.of(ctx.channelsLast(y, x.shape()));
    }
}
