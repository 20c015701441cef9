package io.cambium.interop.onnx.export;

import io.cambium.interop.onnx.Attr;
import io.cambium.interop.onnx.ExportContext;
import io.cambium.interop.onnx.LayerExporters;
import io.cambium.interop.onnx.OnnxValue;
import io.cambium.interop.onnx.proto.AttributeProto;
import io.cambium.nn.Layer;
import io.cambium.nn.Variable;
import io.cambium.nn.layers.conv.BaseConv;
import io.cambium.nn.layers.conv.Conv2DTranspose;
import io.cambium.nn.layers.conv.DepthwiseConv2D;
import io.cambium.nn.layers.conv.SeparableConv2D;
import io.cambium.nn.layers.pooling.AveragePooling1D;
import io.cambium.nn.layers.pooling.AveragePooling2D;
import io.cambium.nn.layers.pooling.GlobalAveragePooling1D;
import io.cambium.nn.layers.pooling.GlobalAveragePooling2D;
import io.cambium.nn.layers.pooling.GlobalMaxPooling1D;
import io.cambium.nn.layers.pooling.GlobalMaxPooling2D;
import io.cambium.nn.layers.pooling.MaxPooling1D;
import io.cambium.nn.layers.pooling.MaxPooling2D;
import io.cambium.nn.layers.pooling.Pooling;
import io.cambium.nn.layers.reshaping.Cropping2D;
import io.cambium.nn.layers.reshaping.UpSampling2D;
import io.cambium.nn.layers.reshaping.ZeroPadding2D;
import io.cambium.tensor.Tensor;
import io.cambium.tensor.autograd.NoGrad;
import java.util.ArrayList;
import java.util.List;

/**
 * Exporters of convolutions (1-D and 2-D with every padding, stride, dilation and group count,
 * depthwise, separable, transposed), pooling and the spatial reshaping layers. They compute in
 * ONNX's channels-first layout; Keras's SAME padding becomes explicit pads (TensorFlow's split,
 * the extra cell at the end) and CAUSAL padding left pads.
 */
public final class ConvExporters {
    private ConvExporters() {
    }

    /** Registers the exporters with {@link LayerExporters}. */
    public static void registerAll() {
        LayerExporters.register(BaseConv.class, ConvExporters::conv);
        LayerExporters.register(DepthwiseConv2D.class, ConvExporters::depthwise);
        LayerExporters.register(SeparableConv2D.class, ConvExporters::separable);
        LayerExporters.register(Conv2DTranspose.class, ConvExporters::transpose);
        LayerExporters.register(MaxPooling1D.class, (l, in, ctx) -> pool(l, in, ctx, "MaxPool"));
        LayerExporters.register(MaxPooling2D.class, (l, in, ctx) -> pool(l, in, ctx, "MaxPool"));
        LayerExporters.register(AveragePooling1D.class, (l, in, ctx) -> pool(l, in, ctx, "AveragePool"));
        LayerExporters.register(AveragePooling2D.class, (l, in, ctx) -> pool(l, in, ctx, "AveragePool"));
        LayerExporters.register(GlobalAveragePooling1D.class, (l, in, ctx) -> global(l, in, ctx, "ReduceMean"));
        LayerExporters.register(GlobalAveragePooling2D.class, (l, in, ctx) -> global(l, in, ctx, "ReduceMean"));
        LayerExporters.register(GlobalMaxPooling1D.class, (l, in, ctx) -> global(l, in, ctx, "ReduceMax"));
        LayerExporters.register(GlobalMaxPooling2D.class, (l, in, ctx) -> global(l, in, ctx, "ReduceMax"));
        LayerExporters.register(ZeroPadding2D.class, ConvExporters::zeroPadding);
        LayerExporters.register(Cropping2D.class, ConvExporters::cropping);
        LayerExporters.register(UpSampling2D.class, ConvExporters::upSampling);
    }

    /**
     * ONNX pads {@code [begin..., end...]} for Keras's padding of each spatial axis.
     *
     * @return {@code null} when a size is unknown and SAME padding must be left to the runtime
     */
    static long[] pads(int[] in, int[] k, int[] s, int[] d, String padding) {
        int n = k.length;
        long[] p = new long[2 * n];
        for (int i = 0; i < n; i++) {
            long eff = (long) (k[i] - 1) * d[i] + 1;
            switch (padding) {
                case "valid" -> { }
                case "causal" -> p[i] = eff - 1;
                case "same" -> {
                    if (in[i] < 0) {
                        return null;
                    }
                    long out = (in[i] + s[i] - 1) / s[i];
                    long total = Math.max((out - 1) * s[i] + eff - in[i], 0);
                    p[i] = total / 2;
                    p[n + i] = total - total / 2;
                }
                default -> throw new UnsupportedOperationException("ONNX export: padding '" + padding + "'");
            }
        }
        return p;
    }

    private static int[] spatial(int[] shape) {
        int[] s = new int[shape.length - 2];
        System.arraycopy(shape, 1, s, 0, s.length);
        return s;
    }

    private static int[] orOnes(int[] v, int n) {
        if (v == null) {
            int[] o = new int[n];
            java.util.Arrays.fill(o, 1);
            return o;
        }
        if (v.length == 1 && n > 1) {
            int[] o = new int[n];
            java.util.Arrays.fill(o, v[0]);
            return o;
        }
        return v;
    }

    /** Conv attributes: kernel, strides, dilations, group and the pads (or auto_pad when sizes are unknown). */
    private static List<AttributeProto> convAttributes(int[] in, int[] k, int[] s, int[] d, int groups, String padding) {
        List<AttributeProto> a = new ArrayList<>();
        a.add(Attr.ints("kernel_shape", k));
        a.add(Attr.ints("strides", s));
        a.add(Attr.ints("dilations", d));
        a.add(Attr.i("group", groups));
        long[] p = pads(in, k, s, d, padding);
        a.add(p == null ? Attr.s("auto_pad", "SAME_UPPER") : Attr.ints("pads", p));
        return a;
    }

    /** A channels-last kernel {@code [k..., in/g, out]} as ONNX's {@code [out, in/g, k...]}. */
    static Tensor onnxKernel(Tensor kernel) {
        int r = kernel.rank();
        int[] perm = new int[r];
        perm[0] = r - 1;
        perm[1] = r - 2;
        for (int i = 2; i < r; i++) {
            perm[i] = i - 2;
        }
        try (NoGrad g = NoGrad.scope()) {
            return kernel.permute(perm);
        }
    }

    private static OnnxValue finish(Layer l, String y, int[] outShape, ExportContext ctx, LayerOptions o) {
        OnnxValue out = ctx.channelsFirst(y, outShape);
        return ActivationExport.apply(ctx, out, o.string("activation", "linear"), l);
    }

    private static List<OnnxValue> conv(BaseConv<?> l, List<OnnxValue> in, ExportContext ctx) {
        LayerOptions o = new LayerOptions(l);
        OnnxValue x = in.get(0);
        int n = x.rank() - 2;
        int[] k = o.ints("kernel_size");
        int[] s = orOnes(o.ints("strides"), n);
        int[] d = orOnes(o.ints("dilation_rate"), n);
        int groups = o.integer("groups", 1);
        List<String> inputs = new ArrayList<>(List.of(ctx.first(x), ctx.weight(l.name() + "/kernel", onnxKernel(l.kernel().value()))));
        if (l.bias() != null) {
            inputs.add(ctx.weight(l.bias()));
        }
        String y = ctx.node("Conv", l.name(), inputs,
                convAttributes(spatial(x.shape()), k, s, d, groups, o.string("padding", "valid")).toArray(new AttributeProto[0]));
        return List.of(finish(l, y, l.computeOutputShape(x.shape()), ctx, o));
    }

    private static List<OnnxValue> depthwise(DepthwiseConv2D l, List<OnnxValue> in, ExportContext ctx) {
        LayerOptions o = new LayerOptions(l);
        OnnxValue x = in.get(0);
        int c = x.dim(-1);
        Tensor kernel = l.kernel().value();
        int[] ks = kernel.shape();
        // [kh, kw, C, m] -> [kh, kw, 1, C*m] is the grouped kernel (output channel c*m + j), then ONNX's order.
        Tensor grouped;
        try (NoGrad g = NoGrad.scope()) {
            grouped = onnxKernel(kernel.reshape(ks[0], ks[1], 1, ks[2] * ks[3]));
        }
        List<String> inputs = new ArrayList<>(List.of(ctx.first(x), ctx.weight(l.name() + "/kernel", grouped)));
        if (l.bias() != null) {
            inputs.add(ctx.weight(l.bias()));
        }
        int[] k = {ks[0], ks[1]};
        String y = ctx.node("Conv", l.name(), inputs, convAttributes(spatial(x.shape()), k, orOnes(o.ints("strides"), 2),
                orOnes(o.ints("dilation_rate"), 2), c, o.string("padding", "valid")).toArray(new AttributeProto[0]));
        return List.of(finish(l, y, l.computeOutputShape(x.shape()), ctx, o));
    }

    private static List<OnnxValue> separable(SeparableConv2D l, List<OnnxValue> in, ExportContext ctx) {
        LayerOptions o = new LayerOptions(l);
        OnnxValue x = in.get(0);
        int c = x.dim(-1);
        Tensor dk = o.required("depthwise_kernel").value();
        Tensor pk = o.required("pointwise_kernel").value();
        int[] ks = dk.shape();
        Tensor grouped;
        try (NoGrad g = NoGrad.scope()) {
            grouped = onnxKernel(dk.reshape(ks[0], ks[1], 1, ks[2] * ks[3]));
        }
        String depth = ctx.node("Conv", l.name() + "/depthwise", List.of(ctx.first(x), ctx.weight(l.name() + "/depthwise_kernel", grouped)),
                convAttributes(spatial(x.shape()), new int[] {ks[0], ks[1]}, orOnes(o.ints("strides"), 2),
                        orOnes(o.ints("dilation_rate"), 2), c, o.string("padding", "valid")).toArray(new AttributeProto[0]));
        List<String> inputs = new ArrayList<>(List.of(depth, ctx.weight(l.name() + "/pointwise_kernel", onnxKernel(pk))));
        Variable bias = o.variable("bias");
        if (bias != null) {
            inputs.add(ctx.weight(bias));
        }
        String y = ctx.node("Conv", l.name(), inputs, Attr.ints("kernel_shape", 1, 1));
        return List.of(finish(l, y, l.computeOutputShape(x.shape()), ctx, o));
    }

    private static List<OnnxValue> transpose(Conv2DTranspose l, List<OnnxValue> in, ExportContext ctx) {
        LayerOptions o = new LayerOptions(l);
        OnnxValue x = in.get(0);
        int[] outShape = l.computeOutputShape(x.shape());
        int[] k = o.ints("kernel_size");
        int[] s = orOnes(o.ints("strides"), 2);
        String padding = o.string("padding", "valid");
        long[] pads = new long[4];
        long[] outPad = new long[2];
        for (int i = 0; i < 2; i++) {
            int inLen = x.dim(1 + i);
            int outLen = outShape[1 + i];
            if (inLen < 0 || outLen < 0) {
                throw o.unsupported("a transposed convolution needs known spatial sizes, got input " + Layer.shapeStr(x.shape()));
            }
            // The layer is the gradient of a convolution from outLen to inLen: the same pads, and
            // output_padding for the cells that convolution never reads.
            long[] p = pads(new int[] {outLen}, new int[] {k[i]}, new int[] {s[i]}, new int[] {1}, padding);
            pads[i] = p[0];
            pads[2 + i] = p[1];
            long full = (long) s[i] * (inLen - 1) + k[i] - p[0] - p[1];
            outPad[i] = outLen - full;
            if (outPad[i] < 0) {
                throw o.unsupported("cannot express output length " + outLen + " as an ONNX ConvTranspose");
            }
        }
        Tensor kernel = l.kernel().value();
        Tensor w;
        try (NoGrad g = NoGrad.scope()) {
            // [kh, kw, out, in] -> ONNX ConvTranspose's [in, out, kh, kw].
            w = kernel.permute(3, 2, 0, 1);
        }
        List<String> inputs = new ArrayList<>(List.of(ctx.first(x), ctx.weight(l.name() + "/kernel", w)));
        if (l.bias() != null) {
            inputs.add(ctx.weight(l.bias()));
        }
        String y = ctx.node("ConvTranspose", l.name(), inputs, Attr.ints("kernel_shape", k), Attr.ints("strides", s),
                Attr.ints("pads", pads), Attr.ints("output_padding", outPad));
        return List.of(finish(l, y, outShape, ctx, o));
    }

    private static List<OnnxValue> pool(Pooling<?> l, List<OnnxValue> in, ExportContext ctx, String op) {
        LayerOptions o = new LayerOptions(l);
        OnnxValue x = in.get(0);
        int n = x.rank() - 2;
        int[] k = orOnes(o.ints("pool_size"), n);
        int[] s = o.ints("strides");
        s = s == null ? k : orOnes(s, n);
        int[] d = orOnes(null, n);
        long[] p = pads(spatial(x.shape()), k, s, d, o.string("padding", "valid"));
        List<AttributeProto> a = new ArrayList<>(List.of(Attr.ints("kernel_shape", k), Attr.ints("strides", s)));
        a.add(p == null ? Attr.s("auto_pad", "SAME_UPPER") : Attr.ints("pads", p));
        if (op.equals("AveragePool")) {
            // Keras averages only the cells inside the input.
            a.add(Attr.i("count_include_pad", 0));
        }
        String y = ctx.node(op, l.name(), List.of(ctx.first(x)), a.toArray(new AttributeProto[0]));
        return List.of(ctx.channelsFirst(y, l.computeOutputShape(x.shape())));
    }

    private static List<OnnxValue> global(Layer l, List<OnnxValue> in, ExportContext ctx, String op) {
        OnnxValue x = in.get(0);
        boolean keep = new LayerOptions(l).bool("keepdims", false);
        int[] out = l.computeOutputShape(x.shape());
        int n = x.rank() - 2;
        long[] axes = new long[n];
        if (x.hasChannelsFirst()) {
            for (int i = 0; i < n; i++) {
                axes[i] = 2 + i;
            }
            String y = ctx.node(op, l.name(), List.of(ctx.first(x)), Attr.ints("axes", axes), Attr.i("keepdims", keep ? 1 : 0));
            return List.of(keep ? ctx.channelsFirst(y, out) : ctx.channelsLast(y, out));
        }
        for (int i = 0; i < n; i++) {
            axes[i] = 1 + i;
        }
        String y = ctx.node(op, l.name(), List.of(ctx.last(x)), Attr.ints("axes", axes), Attr.i("keepdims", keep ? 1 : 0));
        return List.of(ctx.channelsLast(y, out));
    }

    private static List<OnnxValue> zeroPadding(ZeroPadding2D l, List<OnnxValue> in, ExportContext ctx) {
        int[] p = new LayerOptions(l).ints("padding");
        OnnxValue x = in.get(0);
        int[] out = l.computeOutputShape(x.shape());
        if (x.hasChannelsFirst()) {
            String pads = ctx.longs(l.name() + "/pads", 0, 0, p[0], p[2], 0, 0, p[1], p[3]);
            return List.of(ctx.channelsFirst(ctx.node("Pad", l.name(), List.of(ctx.first(x), pads)), out));
        }
        String pads = ctx.longs(l.name() + "/pads", 0, p[0], p[2], 0, 0, p[1], p[3], 0);
        return List.of(ctx.channelsLast(ctx.node("Pad", l.name(), List.of(ctx.last(x), pads)), out));
    }

    private static List<OnnxValue> cropping(Cropping2D l, List<OnnxValue> in, ExportContext ctx) {
        int[] c = new LayerOptions(l).ints("cropping");
        OnnxValue x = in.get(0);
        int[] out = l.computeOutputShape(x.shape());
        long top = c[0];
        long left = c[2];
        long bottom = c[1] == 0 ? Long.MAX_VALUE : -c[1];
        long right = c[3] == 0 ? Long.MAX_VALUE : -c[3];
        boolean first = x.hasChannelsFirst();
        long[] axes = first ? new long[] {2, 3} : new long[] {1, 2};
        String y = ctx.node("Slice", l.name(), List.of(first ? ctx.first(x) : ctx.last(x),
                ctx.longs(l.name() + "/starts", top, left), ctx.longs(l.name() + "/ends", bottom, right),
                ctx.longs(l.name() + "/axes", axes)));
        return List.of(first ? ctx.channelsFirst(y, out) : ctx.channelsLast(y, out));
    }

    private static List<OnnxValue> upSampling(UpSampling2D l, List<OnnxValue> in, ExportContext ctx) {
        int[] size = new LayerOptions(l).ints("size");
        OnnxValue x = in.get(0);
        String scales = ctx.weight(l.name() + "/scales", new float[] {1f, 1f, size[0], size[1]}, 4);
        // Nearest neighbour that repeats each cell: out[i] = in[floor(i / size)].
        String y = ctx.node("Resize", l.name(), List.of(ctx.first(x), "", scales), Attr.s("mode", "nearest"),
                Attr.s("coordinate_transformation_mode", "asymmetric"), Attr.s("nearest_mode", "floor"));
        return List.of(ctx.channelsFirst(y, l.computeOutputShape(x.shape())));
    }
}
