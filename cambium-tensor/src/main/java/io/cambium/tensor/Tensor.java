package io.cambium.tensor;

import io.cambium.tensor.autograd.Autograd;
import io.cambium.tensor.autograd.Node;
import io.cambium.tensor.ops.Creation;
import io.cambium.tensor.ops.Elementwise;
import io.cambium.tensor.ops.LinAlg;
import io.cambium.tensor.ops.Reductions;
import io.cambium.tensor.ops.ShapeOps;
import io.cambium.tensor.random.Rng;
import java.util.Arrays;

/**
 * A dense, row-major, contiguous n-dimensional array of float32 values that can take part in
 * automatic differentiation.
 *
 * <p>Operations return new tensors (except the methods ending in {@code InPlace}, which are not
 * recorded by autograd). {@link #reshape(int...)} shares storage with its source; every other
 * shape operation materializes. When an input {@link #requiresGrad()} and recording is enabled
 * (see {@link io.cambium.tensor.autograd.NoGrad}), the output remembers how it was made and
 * {@link #backward()} fills the {@link #grad()} of the leaves.
 *
 * <p>Binary operations broadcast like NumPy. Shape errors name the operation and both shapes.
 *
 * <p><b>Storage ownership.</b> A tensor the user holds never has its storage reused or written
 * behind their back: operations write only into arrays they have just allocated. The one place
 * where the engine hands an array on without copying is autograd's gradient bookkeeping: a
 * gradient made during a backward pass by {@link #wrapOwned(float[], int...)} and referenced by no
 * other pending gradient becomes a leaf's {@link #grad()} as it is (instead of a copy), and later
 * contributions to the same tensor's gradient are added into it in place. Tensors created before
 * the backward pass (the output gradient given to {@link #backward(Tensor)}, forward values,
 * parameters) are never adopted.
 */
public final class Tensor {
    private final float[] data;
    private final int[] shape;
    private boolean requiresGrad;
    private boolean retainGrad;
    private Tensor grad;
    private Node gradFn;
    /** The autograd pass (see Autograd.currentPass) that created this storage by wrapOwned; 0 if none. */
    private final long ownerPass;

    /**
     * Wraps {@code data} (not copied) as a tensor of the given shape.
     *
     * @throws IllegalArgumentException when the data length does not match the shape
     */
    public Tensor(float[] data, int... shape) {
        this(data, shape, 0L);
    }

    private Tensor(float[] data, int[] shape, long ownerPass) {
        int n = Shape.numel(shape);
        if (data.length != n) {
            throw new IllegalArgumentException("Tensor: " + data.length + " values do not fill shape "
                    + Shape.str(shape) + " (" + n + " elements)");
        }
        this.data = data;
        this.shape = shape.clone();
        this.ownerPass = ownerPass;
    }

    /**
     * For operation implementations: wraps {@code data}, an array the caller has just allocated
     * and keeps no other reference to, as a tensor of the given shape. Unlike the constructor,
     * this lets autograd adopt the tensor as a gradient without copying it (see the class
     * documentation); an array that anything else may still read or write must go through
     * {@link #Tensor(float[], int...)} instead.
     *
     * @throws IllegalArgumentException when the data length does not match the shape
     */
    public static Tensor wrapOwned(float[] data, int... shape) {
        return new Tensor(data, shape, Autograd.currentPass());
    }

    // ---------------------------------------------------------------- creation

    /** A tensor of zeros. */
    public static Tensor zeros(int... shape) {
        return new Tensor(new float[Shape.numel(shape)], shape);
    }

    /** A tensor of ones. */
    public static Tensor ones(int... shape) {
        return full(1f, shape);
    }

    /** A tensor filled with {@code value}. */
    public static Tensor full(float value, int... shape) {
        float[] d = new float[Shape.numel(shape)];
        Arrays.fill(d, value);
        return new Tensor(d, shape);
    }

    /** A rank-0 tensor holding {@code value}. */
    public static Tensor scalar(float value) {
        return new Tensor(new float[] {value});
    }

    /** A tensor with a copy of {@code values} in the given shape (a vector when no shape is given). */
    public static Tensor of(float[] values, int... shape) {
        int[] s = shape.length == 0 ? new int[] {values.length} : shape;
        return new Tensor(values.clone(), s);
    }

    /** A matrix copied from a rectangular Java array. */
    public static Tensor of(float[][] rows) {
        return Creation.fromMatrix(rows);
    }

    /** A rank-3 tensor copied from a rectangular Java array. */
    public static Tensor of(float[][][] values) {
        return Creation.fromCube(values);
    }

    /**
     * Integers (class labels, token ids) in the given shape (a vector when no shape is given), held
     * exactly: float32 represents every integer up to 2^24 in magnitude, and a larger one is an error.
     */
    public static Tensor of(int[] values, int... shape) {
        return io.cambium.tensor.ops.IntegerValues.of(values, shape);
    }

    /** A matrix of integers (rows of token ids, for example), held exactly as in {@link #of(int[], int...)}. */
    public static Tensor of(int[][] rows) {
        return io.cambium.tensor.ops.IntegerValues.of(rows);
    }

    /** Values start, start+step, ... below end (like {@code numpy.arange}). */
    public static Tensor arange(float start, float end, float step) {
        return Creation.arange(start, end, step);
    }

    /** The integers 0..n-1 as floats. */
    public static Tensor arange(int n) {
        return Creation.arange(0, n, 1);
    }

    /** {@code count} evenly spaced values from start to end inclusive. */
    public static Tensor linspace(float start, float end, int count) {
        return Creation.linspace(start, end, count);
    }

    /** The n-by-n identity matrix. */
    public static Tensor eye(int n) {
        return Creation.eye(n);
    }

    /** Uniform values in [0, 1) from the global seeded generator. */
    public static Tensor rand(int... shape) {
        return Creation.uniform(io.cambium.Cambium.rng(), 0f, 1f, shape);
    }

    /** Standard normal values from the global seeded generator. */
    public static Tensor randn(int... shape) {
        return Creation.normal(io.cambium.Cambium.rng(), 0f, 1f, shape);
    }

    /** Uniform values in [low, high) from the given generator. */
    public static Tensor uniform(Rng rng, float low, float high, int... shape) {
        return Creation.uniform(rng, low, high, shape);
    }

    /** Normal values with the given mean and standard deviation from the given generator. */
    public static Tensor normal(Rng rng, float mean, float std, int... shape) {
        return Creation.normal(rng, mean, std, shape);
    }

    /** A tensor of zeros with the shape of {@code like}. */
    public static Tensor zerosLike(Tensor like) {
        return zeros(like.shape);
    }

    /** A tensor of ones with the shape of {@code like}. */
    public static Tensor onesLike(Tensor like) {
        return ones(like.shape);
    }

    // ---------------------------------------------------------------- storage and shape

    /** The shape (a copy). */
    public int[] shape() {
        return shape.clone();
    }

    /** The size of one axis; negative axes count from the end. */
    public int dim(int axis) {
        return shape[Shape.axis("dim", axis, shape.length)];
    }

    /** The number of axes. */
    public int rank() {
        return shape.length;
    }

    /** The number of elements. */
    public int numel() {
        return data.length;
    }

    /**
     * The live backing array, row-major. Writing to it changes the tensor (and every reshape
     * that shares its storage) without autograd knowing: use it in kernels, loaders and
     * optimizers, not in differentiable code.
     */
    public float[] data() {
        return data;
    }

    /** A copy of the values, row-major. */
    public float[] toArray() {
        return data.clone();
    }

    /**
     * The values as integers, row-major (labels, ids, predicted classes).
     *
     * @throws IllegalArgumentException naming the position when a value is not a whole number
     */
    public int[] toIntArray() {
        return io.cambium.tensor.ops.IntegerValues.toInts(this);
    }

    /** The value of a one-element tensor. */
    public float item() {
        if (data.length != 1) {
            throw new IllegalStateException("item: tensor of shape " + Shape.str(shape) + " has " + data.length
                    + " elements, expected 1");
        }
        return data[0];
    }

    /** The value at the given index (one coordinate per axis). */
    public float get(int... index) {
        return data[offset("get", index)];
    }

    /** Writes one value in place (not recorded by autograd). */
    public Tensor setInPlace(float value, int... index) {
        data[offset("set", index)] = value;
        return this;
    }

    private int offset(String op, int[] index) {
        if (index.length != shape.length) {
            throw new IllegalArgumentException(op + ": " + index.length + " indices for a tensor of rank "
                    + shape.length);
        }
        int off = 0;
        for (int i = 0; i < shape.length; i++) {
            int ix = index[i] < 0 ? index[i] + shape[i] : index[i];
            if (ix < 0 || ix >= shape[i]) {
                throw new IndexOutOfBoundsException(op + ": index " + index[i] + " out of range for axis " + i
                        + " of shape " + Shape.str(shape));
            }
            off = off * shape[i] + ix;
        }
        return off;
    }

    /** A deep copy that is not connected to the graph. */
    public Tensor copy() {
        return new Tensor(Arrays.copyOf(data, data.length), shape);
    }

    // ---------------------------------------------------------------- autograd

    /** Whether gradients flow to or through this tensor. */
    public boolean requiresGrad() {
        return requiresGrad || gradFn != null;
    }

    /** Marks this leaf as a parameter whose gradient is wanted; returns this. */
    public Tensor requiresGrad(boolean value) {
        if (gradFn != null && !value) {
            throw new IllegalStateException("requiresGrad(false) on a tensor produced by '" + gradFn.op()
                    + "': use detach() instead");
        }
        requiresGrad = value;
        return this;
    }

    /** The accumulated gradient, or {@code null} before any backward pass reached this tensor. */
    public Tensor grad() {
        return grad;
    }

    /** Replaces the gradient (for optimizers and gradient clipping). */
    public void setGrad(Tensor g) {
        if (g != null && !Shape.same(g.shape, shape)) {
            throw new IllegalArgumentException("setGrad: gradient shape " + Shape.str(g.shape)
                    + " does not match tensor shape " + Shape.str(shape));
        }
        grad = g;
    }

    /** Clears the gradient. */
    public void zeroGrad() {
        grad = null;
    }

    /** Keeps the gradient of this non-leaf tensor after backward, like PyTorch's retain_grad. */
    public Tensor retainGrad() {
        retainGrad = true;
        return this;
    }

    /** Whether {@link #retainGrad()} was called. */
    public boolean retainsGrad() {
        return retainGrad;
    }

    /** The node that produced this tensor, or {@code null} for a leaf. */
    public Node gradFn() {
        return gradFn;
    }

    /** Used by {@link Autograd} only. */
    public void setGradFn(Node node) {
        gradFn = node;
    }

    /**
     * The backward pass during which {@link #wrapOwned(float[], int...)} created this tensor, or 0;
     * used by {@link Autograd}.
     */
    public long ownerPass() {
        return ownerPass;
    }

    /**
     * Adds {@code g} to the gradient, taking {@code g} itself as the gradient when there is none
     * yet; used by {@link Autograd} for gradients that nothing else references.
     */
    public void adoptGrad(Tensor g) {
        if (!Shape.same(g.shape, shape)) {
            throw new IllegalArgumentException("adoptGrad: gradient shape " + Shape.str(g.shape)
                    + " does not match tensor shape " + Shape.str(shape));
        }
        if (grad == null) {
            grad = g;
        } else {
            grad.addInPlace(g);
        }
    }

    /** Adds a copy of {@code g} to the gradient; used by {@link Autograd}. */
    public void accumulateGrad(Tensor g) {
        if (grad == null) {
            // A copy, because the incoming gradient may alias another tensor's storage; Arrays.copyOf
            // measured several times faster than clone() on large arrays here.
            grad = new Tensor(Arrays.copyOf(g.data, g.data.length), shape);
        } else {
            grad.addInPlace(g);
        }
    }

    /** The same values, cut from the graph: gradients do not flow through the result. */
    public Tensor detach() {
        return new Tensor(data, shape);
    }

    /** Back-propagates from this scalar (one-element) tensor. */
    public void backward() {
        if (data.length != 1) {
            throw new IllegalStateException("backward: called on a tensor of shape " + Shape.str(shape)
                    + "; give the output gradient with backward(gradient) for non-scalar outputs");
        }
        Autograd.backward(this, onesLike(this), false);
    }

    /** Back-propagates {@code gradient}, the gradient of some scalar with respect to this tensor. */
    public void backward(Tensor gradient) {
        Autograd.backward(this, gradient, false);
    }

    /** Back-propagates and optionally keeps the graph for a second pass. */
    public void backward(Tensor gradient, boolean retainGraph) {
        Autograd.backward(this, gradient, retainGraph);
    }

    // ---------------------------------------------------------------- in-place (not recorded)

    /** this += other (same shape), not recorded; returns this. */
    public Tensor addInPlace(Tensor other) {
        Elementwise.addInPlace(this, other, 1f);
        return this;
    }

    /** this += alpha * other (same shape), not recorded; returns this. */
    public Tensor addInPlace(Tensor other, float alpha) {
        Elementwise.addInPlace(this, other, alpha);
        return this;
    }

    /** this *= factor, not recorded; returns this. */
    public Tensor mulInPlace(float factor) {
        Elementwise.scaleInPlace(this, factor);
        return this;
    }

    /** Sets every element to {@code value}, not recorded; returns this. */
    public Tensor fillInPlace(float value) {
        Arrays.fill(data, value);
        return this;
    }

    /** Copies the values of {@code source} (same shape) into this tensor, not recorded; returns this. */
    public Tensor copyFromInPlace(Tensor source) {
        if (!Shape.same(source.shape, shape)) {
            throw new IllegalArgumentException("copyFrom: shape " + Shape.str(source.shape)
                    + " does not match " + Shape.str(shape));
        }
        System.arraycopy(source.data, 0, data, 0, data.length);
        return this;
    }

    // ---------------------------------------------------------------- arithmetic (broadcasting)

    /** this + other. */
    public Tensor add(Tensor other) {
        return Elementwise.add(this, other);
    }

    /** this + value. */
    public Tensor add(float value) {
        return Elementwise.addScalar(this, value);
    }

    /** this - other. */
    public Tensor sub(Tensor other) {
        return Elementwise.sub(this, other);
    }

    /** this - value. */
    public Tensor sub(float value) {
        return Elementwise.addScalar(this, -value);
    }

    /** this * other. */
    public Tensor mul(Tensor other) {
        return Elementwise.mul(this, other);
    }

    /** this * value. */
    public Tensor mul(float value) {
        return Elementwise.mulScalar(this, value);
    }

    /** this / other. */
    public Tensor div(Tensor other) {
        return Elementwise.div(this, other);
    }

    /** this / value. */
    public Tensor div(float value) {
        return Elementwise.mulScalar(this, 1f / value);
    }

    /** -this. */
    public Tensor neg() {
        return Elementwise.mulScalar(this, -1f);
    }

    // ---------------------------------------------------------------- shape

    /**
     * The same storage seen with a new shape of equal size; one dimension may be -1 and is then
     * inferred.
     */
    public Tensor reshape(int... newShape) {
        return ShapeOps.reshape(this, newShape);
    }

    /** Reshapes to one dimension. */
    public Tensor flatten() {
        return ShapeOps.reshape(this, data.length);
    }

    /** Reorders the axes: output axis i is input axis {@code axes[i]}. */
    public Tensor permute(int... axes) {
        return ShapeOps.permute(this, axes);
    }

    /** Swaps two axes. */
    public Tensor transpose(int axis0, int axis1) {
        return ShapeOps.transpose(this, axis0, axis1);
    }

    /** The transpose of a matrix (swaps the last two axes). */
    public Tensor t() {
        if (shape.length < 2) {
            throw new IllegalArgumentException("t: needs at least 2 axes, got shape " + Shape.str(shape));
        }
        return ShapeOps.transpose(this, -2, -1);
    }

    /** Broadcasts to {@code newShape} (materialized). */
    public Tensor expand(int... newShape) {
        return ShapeOps.expand(this, newShape);
    }

    // ---------------------------------------------------------------- linear algebra

    /** Matrix product with NumPy's batch broadcasting (1-D operands are promoted as in NumPy). */
    public Tensor matmul(Tensor other) {
        return LinAlg.matmul(this, other, false, false);
    }

    /** Matrix product of op(this) and op(other), where op transposes the last two axes when asked. */
    public Tensor matmul(Tensor other, boolean transposeThis, boolean transposeOther) {
        return LinAlg.matmul(this, other, transposeThis, transposeOther);
    }

    // ---------------------------------------------------------------- reductions

    /** The sum of all elements, as a scalar tensor. */
    public Tensor sum() {
        return Reductions.sum(this, null, false);
    }

    /** The sum over the given axes. */
    public Tensor sum(int[] axes, boolean keepDims) {
        return Reductions.sum(this, axes, keepDims);
    }

    /** The sum over one axis. */
    public Tensor sum(int axis, boolean keepDims) {
        return Reductions.sum(this, new int[] {axis}, keepDims);
    }

    /** The mean of all elements, as a scalar tensor. */
    public Tensor mean() {
        return Reductions.mean(this, null, false);
    }

    /** The mean over the given axes. */
    public Tensor mean(int[] axes, boolean keepDims) {
        return Reductions.mean(this, axes, keepDims);
    }

    /** The mean over one axis. */
    public Tensor mean(int axis, boolean keepDims) {
        return Reductions.mean(this, new int[] {axis}, keepDims);
    }

    /** Sums broadcast axes away so that the result has {@code target} shape (the adjoint of broadcasting). */
    public Tensor sumTo(int... target) {
        return Reductions.sumTo(this, target);
    }

    // ================================================================ region: elementwise math,
    // activations, reductions, softmax (owned by the ops-elementwise work; add methods only here)

    /** this^other elementwise, broadcasting (PyTorch's gradient conventions at 0). */
    public Tensor pow(Tensor exponent) {
        return io.cambium.tensor.ops.BinaryMath.pow(this, exponent);
    }

    /** this^p elementwise. */
    public Tensor pow(float p) {
        return io.cambium.tensor.ops.UnaryMath.pow(this, p);
    }

    /** |this|. */
    public Tensor abs() {
        return io.cambium.tensor.ops.UnaryMath.abs(this);
    }

    /** e^this. */
    public Tensor exp() {
        return io.cambium.tensor.ops.UnaryMath.exp(this);
    }

    /** The natural logarithm (-inf at 0, NaN below 0, as in PyTorch). */
    public Tensor log() {
        return io.cambium.tensor.ops.UnaryMath.log(this);
    }

    /** log(1 + this). */
    public Tensor log1p() {
        return io.cambium.tensor.ops.UnaryMath.log1p(this);
    }

    /** The square root. */
    public Tensor sqrt() {
        return io.cambium.tensor.ops.UnaryMath.sqrt(this);
    }

    /** 1 / sqrt(this). */
    public Tensor rsqrt() {
        return io.cambium.tensor.ops.UnaryMath.rsqrt(this);
    }

    /** this * this. */
    public Tensor square() {
        return io.cambium.tensor.ops.UnaryMath.square(this);
    }

    /** -1, 0 or 1 by sign (zero gradient). */
    public Tensor sign() {
        return io.cambium.tensor.ops.UnaryMath.sign(this);
    }

    /** 1 / this. */
    public Tensor reciprocal() {
        return io.cambium.tensor.ops.UnaryMath.reciprocal(this);
    }

    /** Clamps into [lo, hi]; the gradient passes where lo <= x <= hi (PyTorch's clamp). */
    public Tensor clip(float lo, float hi) {
        return io.cambium.tensor.ops.UnaryMath.clip(this, lo, hi);
    }

    /** The elementwise maximum, broadcasting; ties split the gradient evenly. */
    public Tensor maximum(Tensor other) {
        return io.cambium.tensor.ops.BinaryMath.maximum(this, other);
    }

    /** The elementwise minimum, broadcasting; ties split the gradient evenly. */
    public Tensor minimum(Tensor other) {
        return io.cambium.tensor.ops.BinaryMath.minimum(this, other);
    }

    /** {@code cond != 0 ? a : b} elementwise, the three broadcast together. */
    public static Tensor where(Tensor cond, Tensor a, Tensor b) {
        return io.cambium.tensor.ops.BinaryMath.where(cond, a, b);
    }

    /** 1 where this > other, else 0 (not differentiable). */
    public Tensor gt(Tensor other) {
        return io.cambium.tensor.ops.Compare.gt(this, other);
    }

    /** 1 where this > value, else 0. */
    public Tensor gt(float value) {
        return io.cambium.tensor.ops.Compare.gt(this, scalar(value));
    }

    /** 1 where this >= other, else 0. */
    public Tensor ge(Tensor other) {
        return io.cambium.tensor.ops.Compare.ge(this, other);
    }

    /** 1 where this >= value, else 0. */
    public Tensor ge(float value) {
        return io.cambium.tensor.ops.Compare.ge(this, scalar(value));
    }

    /** 1 where this < other, else 0. */
    public Tensor lt(Tensor other) {
        return io.cambium.tensor.ops.Compare.lt(this, other);
    }

    /** 1 where this < value, else 0. */
    public Tensor lt(float value) {
        return io.cambium.tensor.ops.Compare.lt(this, scalar(value));
    }

    /** 1 where this <= other, else 0. */
    public Tensor le(Tensor other) {
        return io.cambium.tensor.ops.Compare.le(this, other);
    }

    /** 1 where this <= value, else 0. */
    public Tensor le(float value) {
        return io.cambium.tensor.ops.Compare.le(this, scalar(value));
    }

    /** 1 where this == other, else 0. */
    public Tensor eq(Tensor other) {
        return io.cambium.tensor.ops.Compare.eq(this, other);
    }

    /** 1 where this == value, else 0. */
    public Tensor eq(float value) {
        return io.cambium.tensor.ops.Compare.eq(this, scalar(value));
    }

    /** 1 where this != other, else 0. */
    public Tensor ne(Tensor other) {
        return io.cambium.tensor.ops.Compare.ne(this, other);
    }

    /** 1 where this != value, else 0. */
    public Tensor ne(float value) {
        return io.cambium.tensor.ops.Compare.ne(this, scalar(value));
    }

    /** max(x, 0). */
    public Tensor relu() {
        return io.cambium.tensor.ops.Activations.relu(this);
    }

    /** min(max(x, 0), 6). */
    public Tensor relu6() {
        return io.cambium.tensor.ops.Activations.relu6(this);
    }

    /** x above 0, alpha * x below. */
    public Tensor leakyRelu(float alpha) {
        return io.cambium.tensor.ops.Activations.leakyRelu(this, alpha);
    }

    /** x above 0, alpha * (e^x - 1) below. */
    public Tensor elu(float alpha) {
        return io.cambium.tensor.ops.Activations.elu(this, alpha);
    }

    /** The scaled ELU with the fixed SELU constants. */
    public Tensor selu() {
        return io.cambium.tensor.ops.Activations.selu(this);
    }

    /** The exact GELU, x * Phi(x). */
    public Tensor gelu() {
        return io.cambium.tensor.ops.Activations.gelu(this, false);
    }

    /** GELU, exact or (with {@code tanhApproximation}) its tanh approximation. */
    public Tensor gelu(boolean tanhApproximation) {
        return io.cambium.tensor.ops.Activations.gelu(this, tanhApproximation);
    }

    /** The logistic sigmoid. */
    public Tensor sigmoid() {
        return io.cambium.tensor.ops.Activations.sigmoid(this);
    }

    /** The hyperbolic tangent. */
    public Tensor tanh() {
        return io.cambium.tensor.ops.Activations.tanh(this);
    }

    /** log(1 + e^x) (beta 1, threshold 20, as PyTorch's default). */
    public Tensor softplus() {
        return io.cambium.tensor.ops.Activations.softplus(this, 1f, 20f);
    }

    /** log(1 + e^(beta x)) / beta, linear where beta x > threshold. */
    public Tensor softplus(float beta, float threshold) {
        return io.cambium.tensor.ops.Activations.softplus(this, beta, threshold);
    }

    /** x / (1 + |x|). */
    public Tensor softsign() {
        return io.cambium.tensor.ops.Activations.softsign(this);
    }

    /** x * sigmoid(x) (swish). */
    public Tensor silu() {
        return io.cambium.tensor.ops.Activations.silu(this);
    }

    /** relu6(x + 3) / 6 (Keras 3 and PyTorch's hard sigmoid). */
    public Tensor hardSigmoid() {
        return io.cambium.tensor.ops.Activations.hardSigmoid(this);
    }

    /** The maximum of all elements. */
    public Tensor max() {
        return io.cambium.tensor.ops.ExtremaReductions.max(this, null, false);
    }

    /** The maximum over axes; the gradient is shared evenly among ties. */
    public Tensor max(int[] axes, boolean keepDims) {
        return io.cambium.tensor.ops.ExtremaReductions.max(this, axes, keepDims);
    }

    /** The maximum over one axis. */
    public Tensor max(int axis, boolean keepDims) {
        return io.cambium.tensor.ops.ExtremaReductions.max(this, new int[] {axis}, keepDims);
    }

    /** The minimum of all elements. */
    public Tensor min() {
        return io.cambium.tensor.ops.ExtremaReductions.min(this, null, false);
    }

    /** The minimum over axes; the gradient is shared evenly among ties. */
    public Tensor min(int[] axes, boolean keepDims) {
        return io.cambium.tensor.ops.ExtremaReductions.min(this, axes, keepDims);
    }

    /** The minimum over one axis. */
    public Tensor min(int axis, boolean keepDims) {
        return io.cambium.tensor.ops.ExtremaReductions.min(this, new int[] {axis}, keepDims);
    }

    /** The flat index of the first maximum, as a float scalar. */
    public Tensor argmax() {
        return io.cambium.tensor.ops.ExtremaReductions.argmax(this, null, false);
    }

    /** The index of the first maximum along an axis, as floats. */
    public Tensor argmax(int axis, boolean keepDims) {
        return io.cambium.tensor.ops.ExtremaReductions.argmax(this, axis, keepDims);
    }

    /** The flat index of the first minimum, as a float scalar. */
    public Tensor argmin() {
        return io.cambium.tensor.ops.ExtremaReductions.argmin(this, null, false);
    }

    /** The index of the first minimum along an axis, as floats. */
    public Tensor argmin(int axis, boolean keepDims) {
        return io.cambium.tensor.ops.ExtremaReductions.argmin(this, axis, keepDims);
    }

    /**
     * The variance over axes (null: all) with the given correction (divisor count - correction):
     * 0 for NumPy/Keras's population variance, 1 for PyTorch's default unbiased estimate.
     */
    public Tensor var(int[] axes, int correction, boolean keepDims) {
        return io.cambium.tensor.ops.StatReductions.var(this, axes, correction, keepDims);
    }

    /** The population variance (correction 0, as NumPy and Keras; PyTorch defaults to 1) of all elements. */
    public Tensor var() {
        return io.cambium.tensor.ops.StatReductions.var(this, null, 0, false);
    }

    /** The standard deviation over axes with the given correction (see {@link #var(int[], int, boolean)}). */
    public Tensor std(int[] axes, int correction, boolean keepDims) {
        return io.cambium.tensor.ops.StatReductions.std(this, axes, correction, keepDims);
    }

    /** The population standard deviation (correction 0) of all elements. */
    public Tensor std() {
        return io.cambium.tensor.ops.StatReductions.std(this, null, 0, false);
    }

    /** log(sum(exp(x))) over axes (null: all), computed stably. */
    public Tensor logsumexp(int[] axes, boolean keepDims) {
        return io.cambium.tensor.ops.StatReductions.logsumexp(this, axes, keepDims);
    }

    /** The L1 (p = 1) or L2 (p = 2) norm over axes (null: all). */
    public Tensor norm(float p, int[] axes, boolean keepDims) {
        return io.cambium.tensor.ops.StatReductions.norm(this, p, axes, keepDims);
    }

    /** The L2 norm of all elements. */
    public Tensor norm() {
        return io.cambium.tensor.ops.StatReductions.norm(this, 2f, null, false);
    }

    /** The running sum along an axis. */
    public Tensor cumsum(int axis) {
        return io.cambium.tensor.ops.Cumulative.cumsum(this, axis);
    }

    /** softmax along an axis (stable). */
    public Tensor softmax(int axis) {
        return io.cambium.tensor.ops.Softmax.softmax(this, axis);
    }

    /** log_softmax along an axis (stable). */
    public Tensor logSoftmax(int axis) {
        return io.cambium.tensor.ops.Softmax.logSoftmax(this, axis);
    }

    // ================================================================ end region: elementwise math



    // ================================================================ region: shape and indexing ops,
    // embedding, dropout, one_hot, normalization arithmetic (owned by the ops-shape work)

    /** Joins tensors along an existing axis (like {@code torch.cat}); other dimensions must match. */
    public static Tensor concat(int axis, Tensor... parts) {
        return io.cambium.tensor.ops.Joining.concat(axis, parts);
    }

    /** Joins tensors of equal shape along a new axis (like {@code torch.stack}). */
    public static Tensor stack(int axis, Tensor... parts) {
        return io.cambium.tensor.ops.Joining.stack(axis, parts);
    }

    /** Consecutive parts of the given sizes along {@code axis}; the sizes must add up to its size. */
    public Tensor[] split(int axis, int... sizes) {
        return io.cambium.tensor.ops.Joining.splitSizes(this, axis, sizes);
    }

    /** {@code parts} equal consecutive parts along {@code axis} (its size must be divisible by parts). */
    public Tensor[] splitEqual(int axis, int parts) {
        return io.cambium.tensor.ops.Joining.splitEqual(this, axis, parts);
    }

    /** The part [start, start+length) along {@code axis} (materialized). */
    public Tensor narrow(int axis, int start, int length) {
        return io.cambium.tensor.ops.Joining.narrow(this, axis, start, length);
    }

    /**
     * Python slicing {@code x[starts[0]:ends[0]:steps[0], ...]} over the first axes (the rest are
     * kept whole); negative bounds count from the end, bounds are clamped, {@link io.cambium.tensor.ops.Slicing#NONE}
     * is an omitted bound, and steps (null: all 1) may be negative.
     */
    public Tensor slice(int[] starts, int[] ends, int[] steps) {
        return io.cambium.tensor.ops.Slicing.slice(this, starts, ends, steps);
    }

    /** Python slicing {@code start:end} on one axis. */
    public Tensor slice(int axis, int start, int end) {
        return io.cambium.tensor.ops.Slicing.slice(this, axis, start, end, 1);
    }

    /** Python slicing {@code start:end:step} on one axis. */
    public Tensor slice(int axis, int start, int end, int step) {
        return io.cambium.tensor.ops.Slicing.slice(this, axis, start, end, step);
    }

    /** Removes the given axes of size 1 (all axes of size 1 when none are given); a reshape. */
    public Tensor squeeze(int... axes) {
        return io.cambium.tensor.ops.Reshaping.squeeze(this, axes);
    }

    /** Inserts an axis of size 1 at {@code axis} of the result; a reshape. */
    public Tensor unsqueeze(int axis) {
        return io.cambium.tensor.ops.Reshaping.unsqueeze(this, axis);
    }

    /** Merges axes startAxis..endAxis (inclusive) into one; a reshape. */
    public Tensor flatten(int startAxis, int endAxis) {
        return io.cambium.tensor.ops.Reshaping.flatten(this, startAxis, endAxis);
    }

    /** Whole copies along each axis, with {@code numpy.tile} semantics. */
    public Tensor tile(int... reps) {
        return io.cambium.tensor.ops.Tiling.tile(this, reps);
    }

    /** {@code torch.Tensor.repeat}: {@link #tile} where reps covers at least every axis. */
    public Tensor repeat(int... reps) {
        if (reps.length < shape.length) {
            throw new IllegalArgumentException("repeat: " + reps.length + " repetitions given for shape "
                    + Shape.str(shape) + "; give at least one per axis (or use tile)");
        }
        return io.cambium.tensor.ops.Tiling.tile(this, reps);
    }

    /** The slices at {@code indices} along {@code axis}, in order (like {@code torch.index_select}). */
    public Tensor indexSelect(int axis, int... indices) {
        return io.cambium.tensor.ops.Indexing.indexSelect(this, axis, indices);
    }

    /** {@code torch.gather}: index is a float tensor of integer positions along {@code axis}. */
    public Tensor gather(int axis, Tensor index) {
        return io.cambium.tensor.ops.Indexing.gather(this, axis, index);
    }

    /** {@code torch.Tensor.scatter_add}: this plus src added at the integer positions of index along axis. */
    public Tensor scatterAdd(int axis, Tensor index, Tensor src) {
        return io.cambium.tensor.ops.Indexing.scatterAdd(this, axis, index, src);
    }

    /** Rows of {@code weights [vocab, dim]} for each integer id: shape {@code ids.shape + [dim]}. */
    public static Tensor embedding(Tensor weights, Tensor ids) {
        return io.cambium.tensor.ops.Indexing.embedding(weights, ids);
    }

    /** Pads with a constant; {@code widths[i] = {before, after}} for axis i (NumPy pad_width). */
    public Tensor pad(int[][] widths, float value) {
        return io.cambium.tensor.ops.Padding.pad(this, widths, io.cambium.tensor.ops.Padding.Mode.CONSTANT, value);
    }

    /** Pads by reflection excluding the edge (NumPy/PyTorch 'reflect'); widths as in {@link #pad}. */
    public Tensor padReflect(int[][] widths) {
        return io.cambium.tensor.ops.Padding.pad(this, widths, io.cambium.tensor.ops.Padding.Mode.REFLECT, 0f);
    }

    /** Inverted dropout: zeroes elements with probability rate, scales the rest by 1/(1-rate). */
    public Tensor dropout(float rate, Rng rng) {
        return io.cambium.tensor.ops.DropoutOps.dropout(this, rate, rng);
    }

    /** Inverted dropout with decisions of {@code noiseShape} broadcast over this shape (Keras noise_shape). */
    public Tensor dropout(float rate, Rng rng, int... noiseShape) {
        return io.cambium.tensor.ops.DropoutOps.dropout(this, rate, rng, noiseShape);
    }

    /** One-hot vectors of this tensor's integer values: shape {@code shape + [numClasses]}. */
    public Tensor oneHot(int numClasses) {
        return io.cambium.tensor.ops.Encoding.oneHot(this, numClasses);
    }

    /** Layer normalization over the last axis; gamma and beta may be null. */
    public Tensor layerNorm(Tensor gamma, Tensor beta, float eps) {
        return io.cambium.tensor.ops.Normalization.layerNorm(this, 1, gamma, beta, eps);
    }

    /** Layer normalization over the last {@code normAxes} axes; gamma and beta may be null. */
    public Tensor layerNorm(int normAxes, Tensor gamma, Tensor beta, float eps) {
        return io.cambium.tensor.ops.Normalization.layerNorm(this, normAxes, gamma, beta, eps);
    }

    /** Training-mode batch normalization over all axes but the last, with the batch statistics. */
    public io.cambium.tensor.ops.BatchNormResult batchNormTraining(Tensor gamma, Tensor beta, float eps) {
        return io.cambium.tensor.ops.Normalization.batchNormTraining(this, gamma, beta, eps);
    }

    /** Inference-mode batch normalization over all axes but the last with moving statistics. */
    public Tensor batchNormInference(Tensor movingMean, Tensor movingVar, Tensor gamma, Tensor beta, float eps) {
        return io.cambium.tensor.ops.Normalization.batchNormInference(this, movingMean, movingVar, gamma, beta, eps);
    }

    // ================================================================ end region: shape and indexing



    // ================================================================ region: convolution and
    // pooling (owned by the ops-conv work; add methods only here)

    /**
     * 2-D convolution of this [N, H, W, Cin] input with a [kh, kw, Cin / groups, Cout] kernel, giving
     * [N, Ho, Wo, Cout]; padding VALID or SAME (see {@link io.cambium.tensor.ops.Convolution}).
     */
    public Tensor conv2d(Tensor kernel, int[] strides, io.cambium.tensor.ops.ConvPadding padding, int[] dilation,
                         int groups) {
        return io.cambium.tensor.ops.Convolution.conv2d(this, kernel, strides, padding, dilation, groups);
    }

    /**
     * {@code relu(conv2d(kernel, ...) + bias)} as one op (bias may be null; ReLU only when
     * {@code relu}), the form convolution layers use.
     */
    public Tensor conv2d(Tensor kernel, Tensor bias, boolean relu, int[] strides,
                         io.cambium.tensor.ops.ConvPadding padding, int[] dilation, int groups) {
        return io.cambium.tensor.ops.Convolution.conv2d(this, kernel, bias, relu, strides, padding, dilation, groups);
    }

    /** 2-D convolution with equal strides on both axes, no dilation and one group. */
    public Tensor conv2d(Tensor kernel, int stride, io.cambium.tensor.ops.ConvPadding padding) {
        return io.cambium.tensor.ops.Convolution.conv2d(this, kernel, new int[] {stride, stride}, padding,
                new int[] {1, 1}, 1);
    }

    /**
     * 1-D convolution of this [N, L, Cin] input with a [k, Cin / groups, Cout] kernel, giving
     * [N, Lo, Cout]; padding VALID, SAME or CAUSAL.
     */
    public Tensor conv1d(Tensor kernel, int stride, io.cambium.tensor.ops.ConvPadding padding, int dilation,
                         int groups) {
        return io.cambium.tensor.ops.Convolution.conv1d(this, kernel, stride, padding, dilation, groups);
    }

    /**
     * {@code relu(conv1d(kernel, ...) + bias)} as one op (bias may be null; ReLU only when
     * {@code relu}), the form convolution layers use.
     */
    public Tensor conv1d(Tensor kernel, Tensor bias, boolean relu, int stride,
                         io.cambium.tensor.ops.ConvPadding padding, int dilation, int groups) {
        return io.cambium.tensor.ops.Convolution.conv1d(this, kernel, bias, relu, stride, padding, dilation, groups);
    }

    /** 1-D convolution without dilation, one group. */
    public Tensor conv1d(Tensor kernel, int stride, io.cambium.tensor.ops.ConvPadding padding) {
        return io.cambium.tensor.ops.Convolution.conv1d(this, kernel, stride, padding, 1, 1);
    }

    /**
     * Transposed 2-D convolution (Keras Conv2DTranspose) of this [N, H, W, Cin] input with a
     * [kh, kw, Cout, Cin] kernel; {@code outputPadding} may be null (see
     * {@link io.cambium.tensor.ops.ConvTranspose}).
     */
    public Tensor conv2dTranspose(Tensor kernel, int[] strides, io.cambium.tensor.ops.ConvPadding padding,
                                  int[] outputPadding) {
        return io.cambium.tensor.ops.ConvTranspose.conv2dTranspose(this, kernel, strides, padding, outputPadding);
    }

    /** 2-D max pooling of [N, H, W, C]; {@code strides} null means the pool size. */
    public Tensor maxPool2d(int[] pool, int[] strides, io.cambium.tensor.ops.ConvPadding padding) {
        return io.cambium.tensor.ops.Pooling.maxPool2d(this, pool, strides, padding);
    }

    /** 2-D max pooling with a square window, stride = window, VALID padding. */
    public Tensor maxPool2d(int pool) {
        return io.cambium.tensor.ops.Pooling.maxPool2d(this, new int[] {pool, pool}, null,
                io.cambium.tensor.ops.ConvPadding.VALID);
    }

    /** 2-D average pooling of [N, H, W, C]; {@code strides} null means the pool size. */
    public Tensor avgPool2d(int[] pool, int[] strides, io.cambium.tensor.ops.ConvPadding padding) {
        return io.cambium.tensor.ops.Pooling.avgPool2d(this, pool, strides, padding);
    }

    /** 1-D max pooling of [N, L, C]; {@code stride} 0 means the pool size. */
    public Tensor maxPool1d(int pool, int stride, io.cambium.tensor.ops.ConvPadding padding) {
        return io.cambium.tensor.ops.Pooling.maxPool1d(this, pool, stride, padding);
    }

    /** 1-D average pooling of [N, L, C]; {@code stride} 0 means the pool size. */
    public Tensor avgPool1d(int pool, int stride, io.cambium.tensor.ops.ConvPadding padding) {
        return io.cambium.tensor.ops.Pooling.avgPool1d(this, pool, stride, padding);
    }

    // ================================================================ end region: convolution



    // ---------------------------------------------------------------- printing

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder("Tensor").append(Shape.str(shape)).append(' ');
        int show = Math.min(data.length, 8);
        b.append('[');
        for (int i = 0; i < show; i++) {
            if (i > 0) {
                b.append(", ");
            }
            b.append(data[i]);
        }
        if (show < data.length) {
            b.append(", ...");
        }
        b.append(']');
        if (gradFn != null) {
            b.append(" grad_fn=").append(gradFn.op());
        } else if (requiresGrad) {
            b.append(" requires_grad");
        }
        return b.toString();
    }
}
