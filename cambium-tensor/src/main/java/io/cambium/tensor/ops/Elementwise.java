package io.cambium.tensor.ops;

import io.cambium.tensor.ArrayPool;
import io.cambium.tensor.Parallel;
import io.cambium.tensor.Shape;
import io.cambium.tensor.Tensor;
import io.cambium.tensor.autograd.Autograd;
import io.cambium.tensor.kernels.BinaryKernels;
import io.cambium.tensor.kernels.BinaryOp;

/** Broadcasting arithmetic and its gradients. */
public final class Elementwise {
    private Elementwise() {
    }

    /**
     * Evaluates {@code a op b} with NumPy broadcasting, without recording anything. The error on
     * incompatible shapes names {@code name}.
     */
    public static Tensor evaluate(String name, BinaryOp op, Tensor a, Tensor b) {
        int[] as = a.shape();
        int[] bs = b.shape();
        float[] ad = a.data();
        float[] bd = b.data();
        if (Shape.same(as, bs)) {
            float[] out = ArrayPool.take(ad.length);
            Parallel.range(out.length, BinaryKernels.PARALLEL_GRAIN,
                    (s, e) -> BinaryKernels.row(op, ad, s, 1, bd, s, 1, out, s, e - s));
            return Tensor.wrapOwned(out, as);
        }
        if (bd.length == 1 && as.length >= bs.length) {
            float[] out = ArrayPool.take(ad.length);
            Parallel.range(out.length, BinaryKernels.PARALLEL_GRAIN,
                    (s, e) -> BinaryKernels.row(op, ad, s, 1, bd, 0, 0, out, s, e - s));
            return Tensor.wrapOwned(out, as);
        }
        int[] os = Shape.broadcast(name, as, bs);
        float[] out = new float[Shape.numel(os)];
        BinaryKernels.broadcast(op, ad, broadcastStrides(as, os), bd, broadcastStrides(bs, os), out, os);
        return Tensor.wrapOwned(out, os);
    }

    /** Element strides of a tensor of shape {@code in} viewed in the broadcast shape {@code out}. */
    public static int[] broadcastStrides(int[] in, int[] out) {
        int[] st = new int[out.length];
        int[] inStrides = Shape.strides(in);
        int lead = out.length - in.length;
        for (int i = 0; i < in.length; i++) {
            st[lead + i] = in[i] == 1 ? 0 : inStrides[i];
        }
        return st;
    }

    /** a + b. */
    public static Tensor add(Tensor a, Tensor b) {
        Tensor out = evaluate("add", BinaryOp.ADD, a, b);
        int[] as = a.shape();
        int[] bs = b.shape();
        return Autograd.recordDifferentiable(out, "add", g -> new Tensor[] {g.sumTo(as), g.sumTo(bs)}, a, b);
    }

    /** a - b. */
    public static Tensor sub(Tensor a, Tensor b) {
        Tensor out = evaluate("sub", BinaryOp.SUB, a, b);
        int[] as = a.shape();
        int[] bs = b.shape();
        return Autograd.recordDifferentiable(out, "sub", g -> new Tensor[] {g.sumTo(as), g.mul(-1f).sumTo(bs)}, a, b);
    }

    /** a * b. */
    public static Tensor mul(Tensor a, Tensor b) {
        Tensor out = evaluate("mul", BinaryOp.MUL, a, b);
        int[] as = a.shape();
        int[] bs = b.shape();
        return Autograd.recordDifferentiable(out, "mul", g -> new Tensor[] {
            Autograd.wants(a) ? g.mul(b).sumTo(as) : null,
            Autograd.wants(b) ? g.mul(a).sumTo(bs) : null}, a, b);
    }

    /** a / b. */
    public static Tensor div(Tensor a, Tensor b) {
        Tensor out = evaluate("div", BinaryOp.DIV, a, b);
        int[] as = a.shape();
        int[] bs = b.shape();
        return Autograd.recordDifferentiable(out, "div", g -> new Tensor[] {
            Autograd.wants(a) ? g.div(b).sumTo(as) : null,
            Autograd.wants(b) ? g.mul(out).div(b).mul(-1f).sumTo(bs) : null}, a, b);
    }

    /** x + s. */
    public static Tensor addScalar(Tensor x, float s) {
        float[] xd = x.data();
        float[] out = new float[xd.length];
        Parallel.range(out.length, BinaryKernels.PARALLEL_GRAIN, (st, e) -> {
            for (int i = st; i < e; i++) {
                out[i] = xd[i] + s;
            }
        });
        return Autograd.recordDifferentiable(Tensor.wrapOwned(out, x.shape()), "add", g -> new Tensor[] {g}, x);
    }

    /** x * s. */
    public static Tensor mulScalar(Tensor x, float s) {
        float[] xd = x.data();
        float[] out = new float[xd.length];
        Parallel.range(out.length, BinaryKernels.PARALLEL_GRAIN, (st, e) -> {
            for (int i = st; i < e; i++) {
                out[i] = xd[i] * s;
            }
        });
        return Autograd.recordDifferentiable(Tensor.wrapOwned(out, x.shape()), "mul", g -> new Tensor[] {g.mul(s)}, x);
    }

    /** target += alpha * source (same shape), not recorded. */
    public static void addInPlace(Tensor target, Tensor source, float alpha) {
        if (!Shape.same(target.shape(), source.shape())) {
            throw new IllegalArgumentException("addInPlace: shape " + Shape.str(source.shape())
                    + " does not match " + Shape.str(target.shape()));
        }
        float[] t = target.data();
        float[] s = source.data();
        Parallel.range(t.length, BinaryKernels.PARALLEL_GRAIN, (st, e) -> {
            if (alpha == 1f) {
                for (int i = st; i < e; i++) {
                    t[i] += s[i];
                }
            } else {
                for (int i = st; i < e; i++) {
                    t[i] += alpha * s[i];
                }
            }
        });
    }

    /** target *= factor, not recorded. */
    public static void scaleInPlace(Tensor target, float factor) {
        float[] t = target.data();
        Parallel.range(t.length, BinaryKernels.PARALLEL_GRAIN, (st, e) -> {
            for (int i = st; i < e; i++) {
                t[i] *= factor;
            }
        });
    }
}
