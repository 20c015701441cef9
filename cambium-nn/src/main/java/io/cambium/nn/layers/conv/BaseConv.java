package io.cambium.nn.layers.conv;

import io.cambium.nn.Activations;
import io.cambium.nn.Configs;
import io.cambium.nn.FluentLayer;
import io.cambium.nn.KeepsNoActivations;
import io.cambium.nn.Variable;
import io.cambium.nn.constraints.Constraint;
import io.cambium.nn.initializers.Initializer;
import io.cambium.nn.initializers.Initializers;
import io.cambium.nn.regularizers.Regularizer;
import io.cambium.tensor.Shape;
import io.cambium.tensor.Tensor;
import io.cambium.tensor.ops.ConvPadding;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * What Keras's convolution layers share: filters, kernel size, strides, padding, dilation, groups,
 * activation, bias, initializers, regularizers and constraints. Channels-last: inputs are
 * {@code (batch, ...spatial, channels)}.
 */
public abstract class BaseConv<T extends BaseConv<T>> extends FluentLayer<T> implements KeepsNoActivations {
    protected final int filters;
    protected final int[] kernelSize;
    protected int[] strides;
    protected int[] dilation;
    protected ConvPadding padding = ConvPadding.VALID;
    protected int groups = 1;
    protected String activationName = "linear";
    protected UnaryOperator<Tensor> activation = Activations.get("linear");
    protected boolean useBias = true;
    protected Initializer kernelInitializer = Initializers.glorotUniform();
    protected Initializer biasInitializer = Initializers.zeros();
    protected Regularizer kernelRegularizer;
    protected Regularizer biasRegularizer;
    protected Constraint kernelConstraint;
    protected Constraint biasConstraint;
    protected Variable kernel;
    protected Variable bias;

    protected BaseConv(int filters, int[] kernelSize) {
        if (filters <= 0) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ": filters must be positive, got " + filters);
        }
        for (int k : kernelSize) {
            if (k <= 0) {
                throw new IllegalArgumentException(getClass().getSimpleName() + ": kernel size must be positive, got "
                        + java.util.Arrays.toString(kernelSize));
            }
        }
        this.filters = filters;
        this.kernelSize = kernelSize.clone();
        this.strides = ones(kernelSize.length);
        this.dilation = ones(kernelSize.length);
    }

    static int[] ones(int n) {
        int[] a = new int[n];
        java.util.Arrays.fill(a, 1);
        return a;
    }

    /** The number of spatial axes. */
    protected int spatialRank() {
        return kernelSize.length;
    }

    /** Strides per spatial axis (one value for all). */
    public T strides(int... s) {
        this.strides = expand("strides", s);
        return self();
    }

    /** Dilation rate per spatial axis (one value for all). */
    public T dilationRate(int... d) {
        this.dilation = expand("dilation_rate", d);
        return self();
    }

    /** VALID (default), SAME, or CAUSAL (1-D only). */
    public T padding(ConvPadding p) {
        if (p == ConvPadding.CAUSAL && spatialRank() != 1) {
            throw new IllegalArgumentException(describe() + ": causal padding is only for 1-D convolutions");
        }
        this.padding = p;
        return self();
    }

    /** Padding by Keras name: "valid", "same" or "causal". */
    public T padding(String p) {
        return padding(ConvPadding.valueOf(p.toUpperCase(Locale.ROOT)));
    }

    /** Number of channel groups (input and output channels must be divisible by it). */
    public T groups(int g) {
        if (g <= 0 || filters % g != 0) {
            throw new IllegalArgumentException(describe() + ": groups must divide filters (" + filters + "), got " + g);
        }
        this.groups = g;
        return self();
    }

    /** Activation by Keras name. */
    public T activation(String name) {
        this.activation = Activations.get(name);
        this.activationName = name;
        return self();
    }

    /** Whether to add a bias (default true). */
    public T useBias(boolean v) {
        this.useBias = v;
        return self();
    }

    /** Kernel initializer (default Glorot uniform). */
    public T kernelInitializer(Initializer i) {
        this.kernelInitializer = i;
        return self();
    }

    /** Bias initializer (default zeros). */
    public T biasInitializer(Initializer i) {
        this.biasInitializer = i;
        return self();
    }

    /** Penalty on the kernel. */
    public T kernelRegularizer(Regularizer r) {
        this.kernelRegularizer = r;
        return self();
    }

    /** Penalty on the bias. */
    public T biasRegularizer(Regularizer r) {
        this.biasRegularizer = r;
        return self();
    }

    /** Projection of the kernel after each step. */
    public T kernelConstraint(Constraint c) {
        this.kernelConstraint = c;
        return self();
    }

    /** The kernel (after build). */
    public Variable kernel() {
        return kernel;
    }

    /** The bias (after build), or {@code null}. */
    public Variable bias() {
        return bias;
    }

    private int[] expand(String what, int[] v) {
        int n = spatialRank();
        if (v.length == 1) {
            int[] a = new int[n];
            java.util.Arrays.fill(a, v[0]);
            v = a;
        }
        if (v.length != n) {
            throw new IllegalArgumentException(describe() + ": " + what + " needs 1 or " + n + " values, got " + v.length);
        }
        for (int x : v) {
            if (x <= 0) {
                throw new IllegalArgumentException(describe() + ": " + what + " must be positive, got "
                        + java.util.Arrays.toString(v));
            }
        }
        return v.clone();
    }

    /** The kernel's shape for this many input channels. */
    protected int[] kernelShape(int inChannels) {
        int n = spatialRank();
        int[] s = new int[n + 2];
        System.arraycopy(kernelSize, 0, s, 0, n);
        s[n] = inChannels / groups;
        s[n + 1] = filters;
        return s;
    }

    @Override
    protected void checkInputs(List<int[]> inputShapes) {
        int[] s = inputShapes.get(0);
        expectRank(s, spatialRank() + 2);
        int c = s[s.length - 1];
        if (kernel != null) {
            int expected = kernel.shape()[spatialRank()] * groups;
            if (c != expected) {
                throw new IllegalArgumentException(describe() + ": expected input with " + expected + " channels (…, "
                        + expected + "), got " + shapeStr(s));
            }
        } else if (c <= 0 || c % groups != 0) {
            throw new IllegalArgumentException(describe() + ": the channel axis must be known and divisible by groups ("
                    + groups + "), got " + shapeStr(s));
        }
    }

    @Override
    public void build(int[] inputShape) {
        kernel = addWeight("kernel", kernelShape(inputShape[inputShape.length - 1]), kernelInitializer, kernelRegularizer,
                kernelConstraint, true);
        if (useBias) {
            bias = addWeight("bias", new int[] {filters}, biasInitializer, biasRegularizer, biasConstraint, true);
        }
    }

    /** The convolution itself, without bias and activation. */
    protected abstract Tensor convolve(Tensor x);

    /**
     * The convolution plus {@code bias} (may be null) and then, when {@code relu}, ReLU; layers
     * whose op computes all three in one pass override this.
     */
    protected Tensor convolve(Tensor x, Tensor bias, boolean relu) {
        Tensor y = convolve(x);
        if (bias != null) {
            y = y.add(bias);
        }
        return relu ? y.relu() : y;
    }

    @Override
    public Tensor call(Tensor x, boolean training) {
        buildIfNeeded(x);
        boolean relu = activation == Activations.get("relu");
        Tensor y = convolve(x, bias == null ? null : bias.value(), relu);
        return relu ? y : activation.apply(y);
    }

    /** Output length of one spatial axis, as Keras computes it. */
    protected int outputLength(int in, int axis) {
        if (in < 0) {
            return -1;
        }
        long k = (long) (kernelSize[axis] - 1) * dilation[axis] + 1;
        long s = strides[axis];
        return Shape.checkedSize(describe() + " output length", switch (padding) {
            case VALID -> Math.max(0, (in - k) / s + 1);
            case SAME -> (in + s - 1) / s;
            case CAUSAL -> (in - 1) / s + 1;
        });
    }

    @Override
    public int[] computeOutputShape(int[] inputShape) {
        int n = spatialRank();
        int[] out = inputShape.clone();
        for (int i = 0; i < n; i++) {
            out[1 + i] = outputLength(inputShape[1 + i], i);
        }
        out[n + 1] = filters;
        return out;
    }

    /** 2 * kernel volume * input channels per group, per output element. */
    @Override
    public long flops(List<int[]> inputShapes) {
        int[] out = computeOutputShape(inputShapes.get(0));
        long positions = 1;
        for (int i = 1; i <= spatialRank(); i++) {
            positions *= Math.max(1, out[i]);
        }
        long window = kernel == null ? 0 : kernel.value().numel() / filters;
        return positions * filters * (2 * window + (useBias ? 1 : 0));
    }

    @Override
    public Map<String, Object> config() {
        Map<String, Object> c = super.config();
        c.put("filters", filters);
        c.put("kernel_size", Configs.list(kernelSize));
        c.put("strides", Configs.list(strides));
        c.put("padding", padding.name().toLowerCase(Locale.ROOT));
        c.put("dilation_rate", Configs.list(dilation));
        c.put("groups", groups);
        c.put("activation", activationName);
        c.put("use_bias", useBias);
        return c;
    }

    /** Restores the options of {@link #config()}. */
    protected void applyConvConfig(Map<String, Object> c) {
        applyBaseConfig(c);
        int[] k = Configs.ints(c, "kernel_size");
        if (k != null && !java.util.Arrays.equals(k, kernelSize)) {
            // Layers built from kernel_size[0] alone would silently square a (3, 5) window.
            throw Configs.invalid(c, "kernel_size", "does not fit " + className() + ", which builds "
                    + java.util.Arrays.toString(kernelSize) + " from it", c.get("kernel_size"));
        }
        strides(Configs.ints(c, "strides"));
        padding(Configs.string(c, "padding", "valid"));
        dilationRate(Configs.ints(c, "dilation_rate"));
        groups(Configs.integer(c, "groups", 1));
        activation(Configs.string(c, "activation", "linear"));
        useBias(Configs.bool(c, "use_bias", true));
    }
}
