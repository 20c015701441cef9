package io.cambium.tensor.autograd;

import io.cambium.tensor.Shape;
import io.cambium.tensor.Tensor;
import io.cambium.tensor.random.Rng;
import java.util.function.Function;

/**
 * Finite-difference gradient checking, like {@code torch.autograd.gradcheck} but for float32:
 * compares the gradients that autograd computes for a function with central differences of a
 * random projection of its output, accumulated in double precision.
 *
 * <pre>{@code
 * GradCheck.of(in -> in[0].matmul(in[1])).check(Tensor.randn(3, 4), Tensor.randn(4, 5));
 * GradCheck.of(in -> in[0].tanh().matmul(in[1])).checkSecondOrder(Tensor.randn(3, 4), Tensor.randn(4, 5));
 * }</pre>
 */
public final class GradCheck {
    private final Function<Tensor[], Tensor> function;
    private double eps = 1e-3;
    private double atol = 2e-3;
    private double rtol = 1e-2;
    private int maxPerInput = 200;
    private long seed = 1234;

    private GradCheck(Function<Tensor[], Tensor> function) {
        this.function = function;
    }

    /** A check of {@code function}, a differentiable function of its input tensors. */
    public static GradCheck of(Function<Tensor[], Tensor> function) {
        return new GradCheck(function);
    }

    /** The finite-difference step (default 1e-3). */
    public GradCheck eps(double value) {
        eps = value;
        return this;
    }

    /** The absolute and relative tolerances (default 2e-3 and 1e-2). */
    public GradCheck tolerance(double absolute, double relative) {
        atol = absolute;
        rtol = relative;
        return this;
    }

    /** At most this many elements of each input are perturbed (chosen at random; default 200). */
    public GradCheck maxElementsPerInput(int n) {
        maxPerInput = n;
        return this;
    }

    /**
     * Runs the check on copies of {@code inputs}.
     *
     * @throws AssertionError naming the input, the element and both gradients on a mismatch
     */
    public void check(Tensor... inputs) {
        Tensor[] leaves = new Tensor[inputs.length];
        for (int i = 0; i < inputs.length; i++) {
            leaves[i] = inputs[i].copy().requiresGrad(true);
        }
        Tensor out = function.apply(leaves);
        Rng rng = new Rng(seed);
        float[] w = new float[out.numel()];
        for (int i = 0; i < w.length; i++) {
            w[i] = (float) (rng.nextDouble() * 2 - 1);
        }
        Tensor weights = new Tensor(w, out.shape());
        if (out.requiresGrad()) {
            out.backward(weights);
        }
        for (int i = 0; i < leaves.length; i++) {
            Tensor leaf = leaves[i];
            float[] x = leaf.data();
            Tensor g = leaf.grad();
            int n = x.length;
            int[] picks = pick(rng, n);
            for (int idx : picks) {
                float orig = x[idx];
                double numeric;
                try (NoGrad ignored = NoGrad.scope()) {
                    x[idx] = (float) (orig + eps);
                    double plus = project(function.apply(leaves), w);
                    x[idx] = (float) (orig - eps);
                    double minus = project(function.apply(leaves), w);
                    double actualStep = ((double) (float) (orig + eps) - (double) (float) (orig - eps));
                    numeric = (plus - minus) / actualStep;
                } finally {
                    x[idx] = orig;
                }
                double analytic = g == null ? 0 : g.data()[idx];
                double tol = atol + rtol * Math.max(Math.abs(analytic), Math.abs(numeric));
                if (!(Math.abs(analytic - numeric) <= tol)) {
                    throw new AssertionError("gradient mismatch for input " + i + " of shape "
                            + Shape.str(leaf.shape()) + " at flat index " + idx + ": autograd " + analytic
                            + ", finite difference " + numeric + " (tolerance " + tol + ")");
                }
            }
        }
    }

    /**
     * Checks second derivatives, like {@code torch.autograd.gradgradcheck}: the gradient of the
     * function for a random output gradient {@code u}, computed by a backward pass that creates a
     * graph, is checked by {@link #check} as a function of the inputs and of {@code u}. Its
     * derivative with respect to the inputs, projected on the check's random vector, is a
     * Hessian-vector product; the one with respect to {@code u} checks that the recorded gradient
     * is linear in it. First checks that the graph-creating pass gives the first-order pass's
     * gradients (within the tolerances).
     *
     * @throws AssertionError naming the input, the element and both values on a mismatch
     */
    public void checkSecondOrder(Tensor... inputs) {
        int n = inputs.length;
        Rng rng = new Rng(seed + 1);
        Tensor[] probe = new Tensor[n];
        for (int i = 0; i < n; i++) {
            probe[i] = inputs[i].copy().requiresGrad(true);
        }
        Tensor u;
        Tensor[] fast;
        Tensor[] recorded;
        try (NoGrad ignored = NoGrad.enableScope()) {
            Tensor out = function.apply(probe);
            float[] ud = new float[out.numel()];
            for (int i = 0; i < ud.length; i++) {
                ud[i] = (float) (rng.nextDouble() * 2 - 1);
            }
            u = new Tensor(ud, out.shape());
            fast = Autograd.grad(new Tensor[] {out}, probe, new Tensor[] {u}, false, false, true);
            recorded = Autograd.grad(new Tensor[] {function.apply(probe)}, probe, new Tensor[] {u}, true, true, true);
        }
        for (int i = 0; i < n; i++) {
            float[] a = fast[i] == null ? new float[probe[i].numel()] : fast[i].data();
            float[] b = recorded[i] == null ? new float[probe[i].numel()] : recorded[i].data();
            for (int k = 0; k < a.length; k++) {
                double tol = atol + rtol * Math.max(Math.abs(a[k]), Math.abs(b[k]));
                if (!(Math.abs(a[k] - b[k]) <= tol)) {
                    throw new AssertionError("the graph-creating backward pass disagrees with the first-order pass"
                            + " for input " + i + " of shape " + Shape.str(probe[i].shape()) + " at flat index " + k
                            + ": " + b[k] + " vs " + a[k] + " (tolerance " + tol + ")");
                }
            }
        }
        Tensor[] withU = java.util.Arrays.copyOf(inputs, n + 1);
        withU[n] = u;
        GradCheck second = of(in -> gradientOf(in, n));
        second.eps = eps;
        second.atol = atol;
        second.rtol = rtol;
        second.maxPerInput = maxPerInput;
        second.seed = seed + 2;
        second.check(withU);
    }

    /** The gradients of the function at {@code in[0..n)} for the output gradient {@code in[n]}, flattened and joined. */
    private Tensor gradientOf(Tensor[] in, int n) {
        try (NoGrad ignored = NoGrad.enableScope()) {
            Tensor[] xs = java.util.Arrays.copyOf(in, n);
            Tensor out = function.apply(xs);
            Tensor[] grads = Autograd.grad(new Tensor[] {out}, xs, new Tensor[] {in[n]}, true, true, true);
            java.util.List<Tensor> parts = new java.util.ArrayList<>();
            for (int i = 0; i < n; i++) {
                parts.add(grads[i] == null ? Tensor.zeros(xs[i].numel()) : grads[i].reshape(-1));
            }
            return Tensor.concat(0, parts.toArray(new Tensor[0]));
        }
    }

    private int[] pick(Rng rng, int n) {
        if (n <= maxPerInput) {
            int[] all = new int[n];
            for (int i = 0; i < n; i++) {
                all[i] = i;
            }
            return all;
        }
        int[] perm = rng.permutation(n);
        return java.util.Arrays.copyOf(perm, maxPerInput);
    }

    private static double project(Tensor out, float[] w) {
        float[] d = out.data();
        double acc = 0;
        for (int i = 0; i < d.length; i++) {
            acc += (double) d[i] * w[i];
        }
        return acc;
    }
}
