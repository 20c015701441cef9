package io.cambium.interop.onnx.export;

import io.cambium.interop.onnx.Attr;
import io.cambium.interop.onnx.ExportContext;
import io.cambium.interop.onnx.LayerExporters;
import io.cambium.interop.onnx.OnnxValue;
import io.cambium.interop.onnx.proto.TensorProto;
import io.cambium.nn.Variable;
import io.cambium.nn.layers.attention.MultiHeadAttention;
import java.util.ArrayList;
import java.util.List;

/**
 * Exporter of MultiHeadAttention, decomposed into ONNX's MatMul, Reshape, Transpose, Softmax and
 * arithmetic (opset 17 has no attention operator): the projections, scores scaled by
 * {@code 1/sqrt(key_dim)}, the attention and causal masks added as {@code -1e9} where a query must
 * not see a key (as Cambium computes them), softmax over keys, the weighted values and the output
 * projection.
 */
public final class AttentionExporters {
    /** The additive score of a masked position (Cambium's {@code ScaledDotProductAttention.MASKED}). */
    static final float MASKED = -1e9f;

    private AttentionExporters() {
    }

    /** Registers the exporters with {@link LayerExporters}. */
    public static void registerAll() {
        LayerExporters.register(MultiHeadAttention.class, AttentionExporters::multiHead);
    }

    /**
     * Emits {@code x · kernel + bias} reshaped into heads: {@code [B, T, D] -> [B, heads, T, size]}
     * (or {@code [B, heads, size, T]} when {@code transposed}, for keys).
     */
    static String heads(ExportContext ctx, String x, Variable kernel, Variable bias, String base, boolean transposed) {
        int[] ks = kernel.shape();
        int d = ks[0];
        int heads = ks[1];
        int size = ks[2];
        String w = ctx.weight(base + "/kernel", kernel.value().data(), d, heads * size);
        String y = ctx.node("MatMul", base + "/matmul", List.of(x, w));
        if (bias != null) {
            y = ctx.node("Add", base + "/add", List.of(y, ctx.weight(base + "/bias", bias.value().data(), heads * size)));
        }
        y = ctx.node("Reshape", base + "/split", List.of(y, ctx.longs(base + "/shape", 0, 0, heads, size)));
        return ctx.node("Transpose", base, List.of(y), Attr.ints("perm", transposed ? new long[] {0, 2, 3, 1}
                : new long[] {0, 2, 1, 3}));
    }

    private static List<OnnxValue> multiHead(MultiHeadAttention l, List<OnnxValue> in, ExportContext ctx) {
        LayerOptions o = new LayerOptions(l);
        if (o.bool("rotary_embedding", false)) {
            throw o.unsupported("rotary position embedding inside attention is not exported yet");
        }
        String name = l.name();
        OnnxValue qv = in.get(0);
        OnnxValue vv = in.size() > 1 ? in.get(1) : qv;
        OnnxValue kv = in.size() > 2 ? in.get(2) : vv;
        String q = heads(ctx, ctx.last(qv), l.queryKernel(), l.queryBias(), name + "/query", false);
        String k = heads(ctx, ctx.last(kv), l.keyKernel(), l.keyBias(), name + "/key", true);
        String v = heads(ctx, ctx.last(vv), l.valueKernel(), l.valueBias(), name + "/value", false);
        String scores = ctx.node("MatMul", name + "/scores", List.of(q, k));
        scores = ctx.node("Mul", name + "/scaled", List.of(scores,
                ctx.scalar(name + "/scale", (float) (1.0 / Math.sqrt(l.keyDim())))));
        if (in.size() > 3) {
            // Keras's boolean mask (1 = attend): (mask - 1) * 1e9 is 0 or -1e9, broadcast over heads.
            String m = ctx.node("Sub", name + "/mask_off", List.of(ctx.last(in.get(3)), ctx.scalar(name + "/one", 1f)));
            m = ctx.node("Mul", name + "/mask_add", List.of(m, ctx.scalar(name + "/big", -MASKED)));
            if (in.get(3).rank() == 3) {
                m = ctx.node("Unsqueeze", name + "/mask_heads", List.of(m, ctx.longs(name + "/axis1", 1)));
            }
            scores = ctx.node("Add", name + "/masked", List.of(scores, m));
        }
        if (o.bool("use_causal_mask", false)) {
            scores = ctx.node("Add", name + "/causal", List.of(scores, causalMask(ctx, name, scores)));
        }
        String probs = ctx.node("Softmax", name + "/weights", List.of(scores), Attr.i("axis", -1));
        String attended = ctx.node("MatMul", name + "/attended", List.of(probs, v));
        attended = ctx.node("Transpose", name + "/merge", List.of(attended), Attr.ints("perm", 0, 2, 1, 3));
        int[] oks = l.outputKernel().shape();
        attended = ctx.node("Reshape", name + "/concat", List.of(attended, ctx.longs(name + "/merged", 0, 0, oks[0] * oks[1])));
        String w = ctx.weight(name + "/attention_output/kernel", l.outputKernel().value().data(), oks[0] * oks[1], oks[2]);
        String y = ctx.node("MatMul", l.outputBias() == null ? name : name + "/output", List.of(attended, w));
        if (l.outputBias() != null) {
            y = ctx.node("Add", name, List.of(y, ctx.weight(l.outputBias())));
        }
        List<int[]> shapes = l.computeOutputShapes(CoreExporters.shapes(in));
        List<OnnxValue> out = new ArrayList<>();
        out.add(ctx.channelsLast(y, shapes.get(0)));
        if (shapes.size() > 1) {
            out.add(ctx.channelsLast(probs, shapes.get(1)));
        }
        return out;
    }

    /**
     * {@code [Tq, Tk]}: 0 where key j ≤ query i, -1e9 elsewhere, from the scores' run-time shape
     * (so that the sequence length may vary).
     */
    static String causalMask(ExportContext ctx, String name, String scores) {
        String shape = ctx.node("Shape", name + "/scores_shape", List.of(scores), Attr.i("start", 2));
        TensorProto one = io.cambium.interop.onnx.OnnxTensors.floats("value", new float[] {1f}, 1);
        String ones = ctx.node("ConstantOfShape", name + "/ones", List.of(shape), Attr.tensor("value", one));
        String lower = ctx.node("Trilu", name + "/lower", List.of(ones), Attr.i("upper", 0));
        String off = ctx.node("Sub", name + "/upper", List.of(lower, ctx.scalar(name + "/one_c", 1f)));
        return ctx.node("Mul", name + "/causal_mask", List.of(off, ctx.scalar(name + "/big_c", -MASKED)));
    }
}
