package io.cambium.tensor.ops;

import io.cambium.tensor.ArrayPool;
import io.cambium.tensor.Shape;
import io.cambium.tensor.Tensor;
import io.cambium.tensor.autograd.Autograd;
import io.cambium.tensor.kernels.ConvGeometry;
import io.cambium.tensor.kernels.PoolKernels;

/**
 * Channels-last max and average pooling, 1-D ([N, L, C]) and 2-D ([N, H, W, C]), with Keras
 * semantics: strides default to the pool size (pass null), padding VALID or SAME, padded cells
 * ignored by max and not counted by average. The max gradient goes to the first maximal cell of
 * each window.
 */
public final class Pooling {
    private Pooling() {
    }

    /** 2-D max pooling; {@code strides} null means the pool size. */
    public static Tensor maxPool2d(Tensor x, int[] pool, int[] strides, ConvPadding padding) {
        return pool2d("maxPool2d", true, x, pool, strides, padding);
    }

    /** 2-D average pooling; {@code strides} null means the pool size. */
    public static Tensor avgPool2d(Tensor x, int[] pool, int[] strides, ConvPadding padding) {
        return pool2d("avgPool2d", false, x, pool, strides, padding);
    }

    /** 1-D max pooling; {@code stride} 0 means the pool size. */
    public static Tensor maxPool1d(Tensor x, int pool, int stride, ConvPadding padding) {
        return pool1d("maxPool1d", true, x, pool, stride, padding);
    }

    /** 1-D average pooling; {@code stride} 0 means the pool size. */
    public static Tensor avgPool1d(Tensor x, int pool, int stride, ConvPadding padding) {
        return pool1d("avgPool1d", false, x, pool, stride, padding);
    }

    private static Tensor pool2d(String op, boolean max, Tensor x, int[] pool, int[] strides, ConvPadding padding) {
        int[] xs = x.shape();
        if (xs.length != 4) {
            throw new IllegalArgumentException(op + ": input must be [N, H, W, C], got shape " + Shape.str(xs));
        }
        Convolution.pair(op, "pool size", pool);
        int[] s = strides == null ? pool : strides;
        Convolution.pair(op, "strides", s);
        checkPadding(op, padding);
        ConvAxis ya = ConvAxis.of(op, "height", xs[1], pool[0], s[0], 1, padding);
        ConvAxis xa = ConvAxis.of(op, "width", xs[2], pool[1], s[1], 1, padding);
        return run(op, max, x, Convolution.geometry(xs[0], ya, xa, xs[3], xs[3], xs[3]),
                new int[] {xs[0], ya.out(), xa.out(), xs[3]});
    }

    private static Tensor pool1d(String op, boolean max, Tensor x, int pool, int stride, ConvPadding padding) {
        int[] xs = x.shape();
        if (xs.length != 3) {
            throw new IllegalArgumentException(op + ": input must be [N, L, C], got shape " + Shape.str(xs));
        }
        checkPadding(op, padding);
        ConvAxis ya = ConvAxis.of(op, "height", 1, 1, 1, 1, ConvPadding.VALID);
        ConvAxis xa = ConvAxis.of(op, "length", xs[1], pool, stride == 0 ? pool : stride, 1, padding);
        return run(op, max, x, Convolution.geometry(xs[0], ya, xa, xs[2], xs[2], xs[2]),
                new int[] {xs[0], xa.out(), xs[2]});
    }

    private static void checkPadding(String op, ConvPadding padding) {
        if (padding != ConvPadding.VALID && padding != ConvPadding.SAME) {
            throw new IllegalArgumentException(op + ": padding must be VALID or SAME, got " + padding);
        }
    }

    private static Tensor run(String op, boolean max, Tensor x, ConvGeometry g, int[] outShape) {
        float[] out = ArrayPool.take(Shape.numel(outShape));
        int[] xs = x.shape();
        if (max) {
            PoolKernels.maxForward(g, x.data(), out);
            return Autograd.record(new Tensor(out, outShape), op, gy -> {
                float[] dx = new float[x.numel()];
                PoolKernels.maxBackward(g, x.data(), out, gy.data(), dx);
                return new Tensor[] {Tensor.wrapOwned(dx, xs)};
            }, x);
        }
        PoolKernels.avgForward(g, x.data(), out);
        return Autograd.record(new Tensor(out, outShape), op, gy -> {
            float[] dx = new float[x.numel()];
            PoolKernels.avgBackward(g, gy.data(), dx);
            return new Tensor[] {Tensor.wrapOwned(dx, xs)};
        }, x);
    }
}
