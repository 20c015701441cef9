package io.cambium.nn.layers.core;

import io.cambium.nn.Activations;
import io.cambium.nn.Configs;
import io.cambium.nn.FluentLayer;
import io.cambium.nn.KeepsNoActivations;
import io.cambium.nn.ObjectConfigs;
import io.cambium.nn.Variable;
import io.cambium.nn.constraints.Constraint;
import io.cambium.nn.initializers.Initializer;
import io.cambium.nn.initializers.Initializers;
import io.cambium.nn.regularizers.Regularizer;
import io.cambium.tensor.Tensor;
import io.cambium.tensor.ops.Affine;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * A fully connected layer: {@code activation(x · kernel + bias)} applied to the last axis of an
 * input of any rank ≥ 2, so {@code (batch, in) -> (batch, units)} and
 * {@code (batch, t, in) -> (batch, t, units)}. The kernel has shape {@code [in, units]}; defaults
 * as in Keras: Glorot-uniform kernel, zero bias, no activation. Constraints are not part of the
 * saved config.
 */
public class Dense extends FluentLayer<Dense> implements KeepsNoActivations {
    private final int units;
    private String activationName = "linear";
    private UnaryOperator<Tensor> activation = Activations.get("linear");
    private boolean useBias = true;
    private Initializer kernelInitializer = Initializers.glorotUniform();
    private Initializer biasInitializer = Initializers.zeros();
    private Regularizer kernelRegularizer;
    private Regularizer biasRegularizer;
    private Constraint kernelConstraint;
    private Constraint biasConstraint;
    private Variable kernel;
    private Variable bias;

    /** A dense layer with {@code units} outputs. */
    public Dense(int units) {
        if (units <= 0) {
            throw new IllegalArgumentException("Dense: units must be positive, got " + units);
        }
        this.units = units;
    }

    /** The number of outputs. */
    public int units() {
        return units;
    }

    /** The activation by Keras name ({@code "relu"}, {@code "softmax"}, ...). */
    public Dense activation(String name) {
        this.activation = Activations.get(name);
        this.activationName = name;
        return this;
    }

    /** A custom activation function (saved by name only if registered in {@link Activations}). */
    public Dense activation(UnaryOperator<Tensor> fn) {
        this.activation = fn;
        this.activationName = Activations.nameOf(fn);
        return this;
    }

    /** The activation's name, or {@code null} for an unregistered function. */
    public String activationName() {
        return activationName;
    }

    /** Whether to add a bias (default true). */
    public Dense useBias(boolean value) {
        this.useBias = value;
        return this;
    }

    /** The kernel initializer (default Glorot uniform). */
    public Dense kernelInitializer(Initializer init) {
        this.kernelInitializer = init;
        return this;
    }

    /** The bias initializer (default zeros). */
    public Dense biasInitializer(Initializer init) {
        this.biasInitializer = init;
        return this;
    }

    /** A penalty on the kernel added to the training loss. */
    public Dense kernelRegularizer(Regularizer r) {
        this.kernelRegularizer = r;
        return this;
    }

    /** A penalty on the bias added to the training loss. */
    public Dense biasRegularizer(Regularizer r) {
        this.biasRegularizer = r;
        return this;
    }

    /** A projection of the kernel after each optimizer step. */
    public Dense kernelConstraint(Constraint c) {
        this.kernelConstraint = c;
        return this;
    }

    /** A projection of the bias after each optimizer step. */
    public Dense biasConstraint(Constraint c) {
        this.biasConstraint = c;
        return this;
    }

    /** The kernel {@code [in, units]} (after build). */
    public Variable kernel() {
        return kernel;
    }

    /** The bias {@code [units]}, or {@code null} without bias. */
    public Variable bias() {
        return bias;
    }

    @Override
    protected void checkInputs(List<int[]> inputShapes) {
        if (inputShapes.size() != 1) {
            throw new IllegalArgumentException(describe() + ": expects 1 input, got " + inputShapes.size());
        }
        int[] s = inputShapes.get(0);
        expectMinRank(s, 2);
        if (kernel != null) {
            expectLastAxis(s, kernel.shape()[0]);
        } else if (s[s.length - 1] <= 0) {
            throw new IllegalArgumentException(describe() + ": the last axis of the input must be known, got "
                    + shapeStr(s));
        }
    }

    @Override
    public void build(int[] inputShape) {
        int in = inputShape[inputShape.length - 1];
        kernel = addWeight("kernel", new int[] {in, units}, kernelInitializer, kernelRegularizer, kernelConstraint, true);
        if (useBias) {
            bias = addWeight("bias", new int[] {units}, biasInitializer, biasRegularizer, biasConstraint, true);
        }
    }

    @Override
    public Tensor call(Tensor x, boolean training) {
        buildIfNeeded(x);
        int[] s = x.shape();
        int in = s[s.length - 1];
        // ReLU is fused into the affine op; any other activation is applied to its output.
        boolean relu = Activations.isBuiltInRelu(activation);
        Tensor b = bias == null ? null : bias.value();
        Tensor y;
        if (s.length == 2) {
            y = Affine.apply(x, kernel.value(), b, relu);
        } else {
            // One GEMM over all leading positions instead of a batched product.
            int[] outShape = s.clone();
            outShape[s.length - 1] = units;
            y = Affine.apply(x.reshape(-1, in), kernel.value(), b, relu).reshape(outShape);
        }
        return relu ? y : activation.apply(y);
    }

    @Override
    public int[] computeOutputShape(int[] inputShape) {
        int[] out = inputShape.clone();
        out[out.length - 1] = units;
        return out;
    }

    /** 2·in·units multiply-adds per position plus the bias additions. */
    @Override
    public long flops(List<int[]> inputShapes) {
        int[] s = inputShapes.get(0);
        long positions = 1;
        for (int i = 1; i < s.length - 1; i++) {
            positions *= Math.max(1, s[i]);
        }
        long in = s[s.length - 1];
        return positions * (2L * in * units + (useBias ? units : 0));
    }

    @Override
    public Map<String, Object> config() {
        Map<String, Object> c = super.config();
        c.put("units", units);
        if (activationName == null) {
            throw new IllegalStateException(describe() + ": its activation is an unregistered function; register it with "
                    + "Activations.register(name, fn) to save the model");
        }
        c.put("activation", activationName);
        c.put("use_bias", useBias);
        putIfPresent(c, "kernel_initializer", ObjectConfigs.initializer(kernelInitializer));
        putIfPresent(c, "bias_initializer", ObjectConfigs.initializer(biasInitializer));
        putIfPresent(c, "kernel_regularizer", ObjectConfigs.regularizer(kernelRegularizer, this));
        putIfPresent(c, "bias_regularizer", ObjectConfigs.regularizer(biasRegularizer, this));
        return c;
    }

    private static void putIfPresent(Map<String, Object> c, String key, Object value) {
        if (value != null) {
            c.put(key, value);
        }
    }

    /** Re-creates a Dense layer from {@link #config()}. */
    public static Dense fromConfig(Map<String, Object> c) {
        Dense d = new Dense(Configs.integer(c, "units"));
        d.applyConfig(c);
        d.activation(Configs.string(c, "activation", "linear"));
        d.useBias(Configs.bool(c, "use_bias", true));
        d.kernelInitializer(ObjectConfigs.initializer(c.get("kernel_initializer"), d.kernelInitializer));
        d.biasInitializer(ObjectConfigs.initializer(c.get("bias_initializer"), d.biasInitializer));
        d.kernelRegularizer(ObjectConfigs.regularizer(c.get("kernel_regularizer")));
        d.biasRegularizer(ObjectConfigs.regularizer(c.get("bias_regularizer")));
        return d;
    }

    private void applyConfig(Map<String, Object> c) {
        applyBaseConfig(c);
    }
}
