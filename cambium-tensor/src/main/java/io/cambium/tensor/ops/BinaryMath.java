package io.cambium.tensor.ops;

import static io.cambium.tensor.kernels.FloatMath.indicator;

import io.cambium.tensor.Parallel;
import io.cambium.tensor.Shape;
import io.cambium.tensor.Tensor;
import io.cambium.tensor.autograd.Autograd;
import io.cambium.tensor.kernels.BinaryKernels;
import io.cambium.tensor.kernels.BinaryOp;
import io.cambium.tensor.kernels.FloatMath;

/**
 * Broadcasting pow, minimum, maximum and where, with PyTorch's gradients (including its
 * conventions at ties and zeros, documented per method).
 */
public final class BinaryMath {
    private BinaryMath() {
    }

    /**
     * a^b elementwise. Gradients as in PyTorch: d/da is 0 where b == 0, otherwise b a^(b-1);
     * d/db is a^b log(a), taken as 0 where a == 0 and b >= 0.
     */
    public static Tensor pow(Tensor a, Tensor b) {
        Tensor out = Elementwise.evaluate("pow", BinaryOp.POW, a, b);
        int[] as = a.shape();
        int[] bs = b.shape();
        int[] os = out.shape();
        return Autograd.record(out, "pow", g -> {
            float[] ad = broadcastData("pow", a, os);
            float[] bd = broadcastData("pow", b, os);
            float[] y = out.data();
            float[] gd = g.data();
            boolean wantA = Autograd.wants(a);
            boolean wantB = Autograd.wants(b);
            float[] ga = wantA ? new float[y.length] : null;
            float[] gb = wantB ? new float[y.length] : null;
            Parallel.range(y.length, BinaryKernels.PARALLEL_GRAIN / 8, (s, e) -> {
                for (int i = s; i < e; i++) {
                    float x = ad[i];
                    float p = bd[i];
                    if (wantA) {
                        ga[i] = p == 0f ? 0f : gd[i] * p * (float) Math.pow(x, p - 1f);
                    }
                    if (wantB) {
                        gb[i] = x == 0f && p >= 0f ? 0f : gd[i] * y[i] * (float) Math.log(x);
                    }
                }
            });
            return new Tensor[] {
                wantA ? Tensor.wrapOwned(ga, os).sumTo(as) : null,
                wantB ? Tensor.wrapOwned(gb, os).sumTo(bs) : null};
        }, g -> powRule(a, b, out, g), a, b);
    }

    /**
     * pow's gradients in recorded operations. The excluded points (b == 0 for a, a == 0 with
     * b >= 0 for b) are replaced by harmless values before the power and the logarithm, so that
     * their infinities do not turn into NaN in a second derivative.
     */
    private static Tensor[] powRule(Tensor a, Tensor b, Tensor out, Tensor g) {
        Tensor ga = null;
        Tensor gb = null;
        Tensor zero = Tensor.zeros(1);
        Tensor one = Tensor.ones(1);
        if (Autograd.wants(a)) {
            Tensor bZero = b.detach().eq(0f);
            Tensor safeB = Tensor.where(bZero, one, b);
            ga = Tensor.where(bZero, zero, g.mul(safeB).mul(a.pow(safeB.sub(1f)))).sumTo(a.shape());
        }
        if (Autograd.wants(b)) {
            Tensor excluded = a.detach().eq(0f).mul(b.detach().ge(0f));
            Tensor safeA = Tensor.where(excluded, one, a);
            gb = Tensor.where(excluded, zero, g.mul(out).mul(safeA.log())).sumTo(b.shape());
        }
        return new Tensor[] {ga, gb};
    }

    /**
     * The elementwise maximum (NaN if either is NaN). At ties the gradient is split evenly between
     * a and b, as in PyTorch.
     */
    public static Tensor maximum(Tensor a, Tensor b) {
        return extremum("maximum", BinaryOp.MAXIMUM, a, b);
    }

    /** The elementwise minimum (NaN if either is NaN); ties split the gradient evenly. */
    public static Tensor minimum(Tensor a, Tensor b) {
        return extremum("minimum", BinaryOp.MINIMUM, a, b);
    }

    private static Tensor extremum(String name, BinaryOp op, Tensor a, Tensor b) {
        Tensor out = Elementwise.evaluate(name, op, a, b);
        int[] as = a.shape();
        int[] bs = b.shape();
        int[] os = out.shape();
        boolean max = op == BinaryOp.MAXIMUM;
        return Autograd.record(out, name, g -> {
            float[] ad = broadcastData(name, a, os);
            float[] bd = broadcastData(name, b, os);
            float[] gd = g.data();
            float[] ga = new float[gd.length];
            float[] gb = new float[gd.length];
            Parallel.range(gd.length, BinaryKernels.PARALLEL_GRAIN, (s, e) -> {
                for (int i = s; i < e; i++) {
                    ga[i] = gd[i] * weight(max, ad[i], bd[i]);
                    gb[i] = gd[i] * weight(max, bd[i], ad[i]);
                }
            });
            return new Tensor[] {Tensor.wrapOwned(ga, os).sumTo(as), Tensor.wrapOwned(gb, os).sumTo(bs)};
        }, g -> {
            // The same weights, as constants of the recorded graph.
            float[] ad = broadcastData(name, a, os);
            float[] bd = broadcastData(name, b, os);
            float[] wa = new float[ad.length];
            float[] wb = new float[ad.length];
            for (int i = 0; i < wa.length; i++) {
                wa[i] = weight(max, ad[i], bd[i]);
                wb[i] = weight(max, bd[i], ad[i]);
            }
            return new Tensor[] {g.mul(new Tensor(wa, os)).sumTo(as), g.mul(new Tensor(wb, os)).sumTo(bs)};
        }, a, b);
    }

    /**
     * The share of the gradient that {@code self} gets against {@code other}: 1 to the winner, 0 to
     * the loser, 1/2 each at a tie; both get all of it when a NaN makes the comparison undecided
     * (PyTorch's masked_fill rules).
     */
    private static float weight(boolean max, float self, float other) {
        float tie = 0.5f * indicator(self == other);
        float loses = indicator(max ? self < other : self > other);
        return 1f - loses - tie;
    }

    /**
     * Elementwise {@code cond != 0 ? a : b} with the three shapes broadcast together (NaN in
     * {@code cond} counts as true). The gradient flows to the chosen side only; {@code cond}
     * gets none.
     */
    public static Tensor where(Tensor cond, Tensor a, Tensor b) {
        int[] cs = cond.shape();
        int[] as = a.shape();
        int[] bs = b.shape();
        int[] os = Shape.broadcast("where", cs, Shape.broadcast("where", as, bs));
        float[] cd = broadcastData("where", cond, os);
        float[] ad = broadcastData("where", a, os);
        float[] bd = broadcastData("where", b, os);
        float[] out = new float[cd.length];
        Parallel.range(out.length, BinaryKernels.PARALLEL_GRAIN, (s, e) -> {
            for (int i = s; i < e; i++) {
                out[i] = FloatMath.select(cd[i] != 0f, ad[i], bd[i]);
            }
        });
        return Autograd.record(Tensor.wrapOwned(out, os), "where", g -> {
            float[] gd = g.data();
            float[] ga = a.requiresGrad() ? new float[gd.length] : null;
            float[] gb = b.requiresGrad() ? new float[gd.length] : null;
            Parallel.range(gd.length, BinaryKernels.PARALLEL_GRAIN, (s, e) -> {
                for (int i = s; i < e; i++) {
                    boolean c = cd[i] != 0f;
                    if (ga != null) {
                        ga[i] = FloatMath.keep(c, gd[i]);
                    }
                    if (gb != null) {
                        gb[i] = FloatMath.keep(!c, gd[i]);
                    }
                }
            });
            return new Tensor[] {null,
                ga == null ? null : Tensor.wrapOwned(ga, os).sumTo(as),
                gb == null ? null : Tensor.wrapOwned(gb, os).sumTo(bs)};
        }, g -> {
            float[] chosen = new float[cd.length];
            for (int i = 0; i < chosen.length; i++) {
                chosen[i] = cd[i] != 0f ? 1f : 0f;
            }
            Tensor c = new Tensor(chosen, os);
            return new Tensor[] {null,
                Autograd.wants(a) ? g.mul(c).sumTo(as) : null,
                Autograd.wants(b) ? g.mul(c.neg().add(1f)).sumTo(bs) : null};
        }, cond, a, b);
    }

    /** The values of {@code t} broadcast to {@code shape}: its own storage when the shape already matches. */
    static float[] broadcastData(String op, Tensor t, int[] shape) {
        if (Shape.same(t.shape(), shape)) {
            return t.data();
        }
        return Elementwise.evaluate(op, BinaryOp.ADD, Tensor.zeros(shape), t).data();
    }
}
