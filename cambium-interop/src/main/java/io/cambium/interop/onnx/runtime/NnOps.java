package io.cambium.interop.onnx.runtime;

import static io.cambium.interop.onnx.runtime.ElementwiseOps.one;

import io.cambium.tensor.Tensor;
import io.cambium.tensor.autograd.NoGrad;
import io.cambium.tensor.ops.BatchNormResult;
import io.cambium.tensor.ops.ConvPadding;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Neural-network operators on ONNX's channels-first layout: Gemm and MatMul, Conv and
 * ConvTranspose (1-D and 2-D), pooling, batch and layer normalization, nearest-neighbour Resize.
 * Cambium's kernels are channels-last: inputs are transposed in and results out, and explicit
 * pads are applied as a padding op before a VALID window, so every ONNX padding is exact.
 */
final class NnOps {
    private NnOps() {
    }

    static void register(Map<String, OnnxOp> ops) {
        ops.put("Gemm", NnOps::gemm);
        ops.put("MatMul", c -> one(c.tensor(0).matmul(c.tensor(1))));
        ops.put("Conv", NnOps::conv);
        ops.put("ConvTranspose", NnOps::convTranspose);
        ops.put("MaxPool", c -> pool(c, true));
        ops.put("AveragePool", c -> pool(c, false));
        ops.put("GlobalAveragePool", c -> one(c.tensor(0).mean(spatialAxes(c.tensor(0)), true)));
        ops.put("GlobalMaxPool", c -> one(c.tensor(0).max(spatialAxes(c.tensor(0)), true)));
        ops.put("BatchNormalization", NnOps::batchNorm);
        ops.put("LayerNormalization", NnOps::layerNorm);
        ops.put("Resize", NnOps::resize);
    }

    private static int[] spatialAxes(Tensor x) {
        int[] a = new int[x.rank() - 2];
        for (int i = 0; i < a.length; i++) {
            a[i] = 2 + i;
        }
        return a;
    }

    /** [N, C, ...] to [N, ..., C]. */
    static Tensor toLast(Tensor x) {
        int r = x.rank();
        int[] p = new int[r];
        for (int i = 1; i < r - 1; i++) {
            p[i] = i + 1;
        }
        p[r - 1] = 1;
        return x.permute(p);
    }

    /** [N, ..., C] to [N, C, ...]. */
    static Tensor toFirst(Tensor x) {
        int r = x.rank();
        int[] p = new int[r];
        p[1] = r - 1;
        for (int i = 2; i < r; i++) {
            p[i] = i - 1;
        }
        return x.permute(p);
    }

    private static List<Object> gemm(OpCall c) {
        boolean ta = c.attrs().i("transA", 0) != 0;
        boolean tb = c.attrs().i("transB", 0) != 0;
        float alpha = c.attrs().f("alpha", 1f);
        float beta = c.attrs().f("beta", 1f);
        Tensor y = c.tensor(0).matmul(c.tensor(1), ta, tb);
        if (alpha != 1f) {
            y = y.mul(alpha);
        }
        if (c.present(2) && beta != 0f) {
            Tensor bias = c.tensor(2);
            y = y.add(beta == 1f ? bias : bias.mul(beta));
        }
        return one(y);
    }

    private static int[] ones(int n) {
        int[] o = new int[n];
        Arrays.fill(o, 1);
        return o;
    }

    /**
     * The explicit begin/end pads of every spatial axis: the pads attribute, or those auto_pad
     * implies for the input sizes (SAME_UPPER puts the odd cell at the end, SAME_LOWER at the start).
     */
    private static int[] pads(OpCall c, int[] in, int[] k, int[] s, int[] d) {
        int n = k.length;
        String auto = c.attrs().s("auto_pad", "NOTSET");
        int[] p = new int[2 * n];
        switch (auto) {
            case "NOTSET" -> {
                int[] given = c.attrs().intList("pads");
                if (given != null) {
                    if (given.length != 2 * n) {
                        throw c.error("pads " + Arrays.toString(given) + " do not fit " + n + " spatial axes");
                    }
                    for (int v : given) {
                        if (v < 0) {
                            throw c.error("negative pads " + Arrays.toString(given));
                        }
                    }
                    p = given;
                }
            }
            case "VALID" -> { }
            case "SAME_UPPER", "SAME_LOWER" -> {
                for (int i = 0; i < n; i++) {
                    long eff = (long) (k[i] - 1) * d[i] + 1;
                    long out = (in[i] + s[i] - 1L) / s[i];
                    long total = Math.max(0, (out - 1) * s[i] + eff - in[i]);
                    long small = total / 2;
                    long big = total - small;
                    p[i] = (int) (auto.equals("SAME_UPPER") ? small : big);
                    p[n + i] = (int) (auto.equals("SAME_UPPER") ? big : small);
                }
            }
            default -> throw c.error("auto_pad '" + auto + "' is unknown");
        }
        return p;
    }

    /** Pads the spatial axes of a channels-last tensor. */
    private static Tensor padSpatial(Tensor x, int[] p, float value) {
        int n = p.length / 2;
        boolean any = false;
        int[][] w = new int[x.rank()][2];
        for (int i = 0; i < n; i++) {
            w[1 + i][0] = p[i];
            w[1 + i][1] = p[n + i];
            any |= p[i] != 0 || p[n + i] != 0;
        }
        return any ? x.pad(w, value) : x;
    }

    private static void checkSpatial(OpCall c, Tensor x) {
        if (x.rank() != 3 && x.rank() != 4) {
            throw c.error("only 1-D and 2-D windows are supported, got input of shape " + OpCall.str(x.shape()));
        }
    }

    private static List<Object> conv(OpCall c) {
        Tensor x = c.tensor(0);
        Tensor w = c.tensor(1);
        checkSpatial(c, x);
        int n = x.rank() - 2;
        int[] k = Arrays.copyOfRange(w.shape(), 2, w.rank());
        int[] s = c.attrs().has("strides") ? c.attrs().intList("strides") : ones(n);
        int[] d = c.attrs().has("dilations") ? c.attrs().intList("dilations") : ones(n);
        int groups = (int) c.attrs().i("group", 1);
        int[] in = Arrays.copyOfRange(x.shape(), 2, x.rank());
        Tensor xl = padSpatial(toLast(x), pads(c, in, k, s, d), 0f);
        Tensor y;
        if (n == 2) {
            y = xl.conv2d(w.permute(2, 3, 1, 0), s, ConvPadding.VALID, d, groups);
        } else {
            y = xl.conv1d(w.permute(2, 1, 0), s[0], ConvPadding.VALID, d[0], groups);
        }
        if (c.present(2)) {
            y = y.add(c.tensor(2));
        }
        return one(toFirst(y));
    }

    private static List<Object> convTranspose(OpCall c) {
        Tensor x = c.tensor(0);
        Tensor w = c.tensor(1);
        if (x.rank() != 4) {
            throw c.error("only 2-D transposed convolution is supported, got input " + OpCall.str(x.shape()));
        }
        if (c.attrs().i("group", 1) != 1) {
            throw c.error("grouped transposed convolution is not supported");
        }
        int[] d = c.attrs().intList("dilations");
        if (d != null && (d[0] != 1 || d[1] != 1)) {
            throw c.error("dilated transposed convolution is not supported");
        }
        if (!c.attrs().s("auto_pad", "NOTSET").equals("NOTSET") || c.attrs().has("output_shape")) {
            throw c.error("auto_pad and output_shape are not supported; give pads and output_padding");
        }
        int[] k = {w.dim(2), w.dim(3)};
        int[] s = c.attrs().has("strides") ? c.attrs().intList("strides") : ones(2);
        int[] p = c.attrs().has("pads") ? c.attrs().intList("pads") : new int[4];
        int[] op = c.attrs().has("output_padding") ? c.attrs().intList("output_padding") : new int[2];
        // The full transposed convolution (Cambium's VALID one, which may be longer when k < s),
        // then ONNX's crop of the pads and extension by output_padding.
        Tensor full = toLast(x).conv2dTranspose(w.permute(2, 3, 1, 0), s, ConvPadding.VALID, null);
        int[] starts = new int[4];
        int[] ends = new int[4];
        int[] steps = {1, 1, 1, 1};
        int[][] extra = new int[4][2];
        ends[0] = io.cambium.tensor.ops.Slicing.NONE;
        ends[3] = io.cambium.tensor.ops.Slicing.NONE;
        boolean crop = false;
        for (int i = 0; i < 2; i++) {
            int h = x.dim(2 + i);
            long len = (long) s[i] * (h - 1) + op[i] + k[i] - p[i] - p[2 + i];
            if (len < 1) {
                throw c.error("output length " + len + " is not positive");
            }
            int have = full.dim(1 + i);
            starts[1 + i] = p[i];
            long end = p[i] + len;
            ends[1 + i] = (int) Math.min(end, have);
            extra[1 + i][1] = (int) Math.max(0, end - have);
            crop |= p[i] != 0 || end != have;
        }
        Tensor y = crop ? full.slice(starts, ends, steps) : full;
        if (extra[1][1] > 0 || extra[2][1] > 0) {
            y = y.pad(extra, 0f);
        }
        if (c.present(2)) {
            y = y.add(c.tensor(2));
        }
        return one(toFirst(y));
    }

    private static List<Object> pool(OpCall c, boolean max) {
        Tensor x = c.tensor(0);
        checkSpatial(c, x);
        if (c.outputs() > 1) {
            throw c.error("the Indices output is not supported");
        }
        int n = x.rank() - 2;
        int[] k = c.attrs().intList("kernel_shape");
        if (k == null || k.length != n) {
            throw c.error("kernel_shape must have " + n + " values");
        }
        int[] s = c.attrs().has("strides") ? c.attrs().intList("strides") : ones(n);
        int[] d = c.attrs().has("dilations") ? c.attrs().intList("dilations") : ones(n);
        for (int v : d) {
            if (v != 1) {
                throw c.error("dilated pooling is not supported");
            }
        }
        int[] in = Arrays.copyOfRange(x.shape(), 2, x.rank());
        int[] p = pads(c, in, k, s, d).clone();
        if (c.attrs().i("ceil_mode", 0) != 0) {
            for (int i = 0; i < n; i++) {
                long span = (long) in[i] + p[i] + p[n + i] - k[i];
                long out = (span + s[i] - 1) / s[i] + 1;
                if ((out - 1) * s[i] >= in[i] + p[i]) {
                    out--;
                }
                long extra = (out - 1) * s[i] + k[i] - (in[i] + p[i] + p[n + i]);
                if (extra > 0) {
                    if (!max) {
                        throw c.error("ceil_mode with average pooling is not supported");
                    }
                    p[n + i] += (int) extra;
                }
            }
        }
        Tensor xl = toLast(x);
        Tensor y;
        if (max) {
            y = window(padSpatial(xl, p, Float.NEGATIVE_INFINITY), k, s, true);
        } else {
            boolean includePad = c.attrs().i("count_include_pad", 0) != 0;
            y = window(padSpatial(xl, p, 0f), k, s, false);
            if (!includePad && Arrays.stream(p).anyMatch(v -> v != 0)) {
                // Divide by the number of real cells in each window instead of the window size.
                int[] oneShape = xl.shape();
                oneShape[0] = 1;
                oneShape[oneShape.length - 1] = 1;
                Tensor counts;
                try (NoGrad g = NoGrad.scope()) {
                    counts = window(padSpatial(Tensor.ones(oneShape), p, 0f), k, s, false);
                }
                y = y.div(counts);
            }
        }
        return one(toFirst(y));
    }

    private static Tensor window(Tensor xl, int[] k, int[] s, boolean max) {
        if (k.length == 2) {
            return max ? xl.maxPool2d(k, s, ConvPadding.VALID) : xl.avgPool2d(k, s, ConvPadding.VALID);
        }
        return max ? xl.maxPool1d(k[0], s[0], ConvPadding.VALID) : xl.avgPool1d(k[0], s[0], ConvPadding.VALID);
    }

    private static List<Object> batchNorm(OpCall c) {
        Tensor x = c.tensor(0);
        Tensor scale = c.tensor(1);
        Tensor bias = c.tensor(2);
        float eps = c.attrs().f("epsilon", 1e-5f);
        float momentum = c.attrs().f("momentum", 0.9f);
        if (x.rank() < 2) {
            throw c.error("input must have a channel axis, got " + OpCall.str(x.shape()));
        }
        Tensor xl = x.rank() == 2 ? x : toLast(x);
        Tensor y;
        NodeState st = c.state();
        if (c.training() && st != null) {
            BatchNormResult r = xl.batchNormTraining(scale, bias, eps);
            y = r.output();
            try (NoGrad g = NoGrad.scope()) {
                Tensor var = st.unbiasedVariance() ? r.unbiasedVariance() : r.variance();
                st.runningMean().value().mulInPlace(momentum).addInPlace(r.mean().detach(), 1f - momentum);
                st.runningVar().value().mulInPlace(momentum).addInPlace(var.detach(), 1f - momentum);
            }
        } else {
            y = xl.batchNormInference(c.tensor(3), c.tensor(4), scale, bias, eps);
        }
        List<Object> out = one(x.rank() == 2 ? y : toFirst(y));
        if (c.outputs() > 1) {
            throw c.error("training-mode outputs (running mean and variance) are not supported; export in eval mode");
        }
        return out;
    }

    private static List<Object> layerNorm(OpCall c) {
        Tensor x = c.tensor(0);
        int axis = c.axis(c.attrs().i("axis", -1), x.rank());
        if (c.outputs() > 1) {
            throw c.error("the Mean and InvStdDev outputs are not supported");
        }
        Tensor scale = c.tensor(1);
        Tensor bias = c.present(2) ? c.tensor(2) : null;
        int[] normShape = Arrays.copyOfRange(x.shape(), axis, x.rank());
        if (!Arrays.equals(scale.shape(), normShape)) {
            scale = scale.expand(normShape);
        }
        if (bias != null && !Arrays.equals(bias.shape(), normShape)) {
            bias = bias.expand(normShape);
        }
        return one(x.layerNorm(x.rank() - axis, scale, bias, c.attrs().f("epsilon", 1e-5f)));
    }

    private static List<Object> resize(OpCall c) {
        Tensor x = c.tensor(0);
        String mode = c.attrs().s("mode", "nearest");
        String ctm = c.attrs().s("coordinate_transformation_mode", "half_pixel");
        String nm = c.attrs().s("nearest_mode", "round_prefer_floor");
        int r = x.rank();
        int[] factors = new int[r];
        if (c.present(2) && c.tensor(2).numel() > 0) {
            float[] sc = c.tensor(2).data();
            for (int i = 0; i < r; i++) {
                factors[i] = Math.round(sc[i]);
                if (Math.abs(sc[i] - factors[i]) > 1e-6 || factors[i] < 1) {
                    throw c.error("only integer upscaling is supported, got scales " + Arrays.toString(sc));
                }
            }
        } else if (c.present(3)) {
            long[] sizes = c.longs(3);
            for (int i = 0; i < r; i++) {
                if (sizes[i] % x.dim(i) != 0) {
                    throw c.error("only integer upscaling is supported, got sizes " + Arrays.toString(sizes));
                }
                factors[i] = (int) (sizes[i] / x.dim(i));
            }
        } else {
            throw c.error("needs scales or sizes");
        }
        boolean repeat = mode.equals("nearest") && (ctm.equals("asymmetric") && nm.equals("floor"));
        if (!repeat) {
            throw c.error("only nearest-neighbour resizing that repeats cells (asymmetric, floor) is supported, got mode "
                    + mode + ", " + ctm + ", " + nm);
        }
        long[] out = new long[r];
        int[] inter = new int[2 * r];
        int[] expanded = new int[2 * r];
        for (int i = 0; i < r; i++) {
            out[i] = (long) x.dim(i) * factors[i];
            inter[2 * i] = x.dim(i);
            inter[2 * i + 1] = 1;
            expanded[2 * i] = x.dim(i);
            expanded[2 * i + 1] = factors[i];
        }
        int[] target = c.checkedShape(out, "Resize output");
        return one(x.reshape(inter).expand(expanded).reshape(target));
    }
}
