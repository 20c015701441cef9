package io.cambium.rl.agents;

import io.cambium.nn.Layer;
import io.cambium.nn.Sequential;
import io.cambium.nn.Variable;
import io.cambium.nn.initializers.Initializers;
import io.cambium.nn.initializers.VarianceScaling;
import io.cambium.nn.layers.core.Dense;
import java.util.ArrayList;
import java.util.List;

/** The multilayer perceptrons of the agents, built from Cambium's {@link Dense} layers. */
public final class Networks {
    /** How the weights are initialized. */
    public enum Init {
        /**
         * PyTorch's default for {@code nn.Linear}: kernel and bias uniform in
         * {@code ±1/sqrt(fan_in)} (Stable-Baselines3's DQN networks).
         */
        TORCH_DEFAULT,
        /** Orthogonal kernels with per-layer gains and zero biases (Stable-Baselines3's actor-critic). */
        ORTHOGONAL
    }

    private Networks() {
    }

    /**
     * An MLP {@code in -> hidden... -> out} named {@code prefix_0, prefix_1, ..., prefix_out}
     * (stable names, so that saved optimizer states find their variables again). Hidden layers use
     * {@code activation}; the output layer is linear. With ORTHOGONAL, hidden kernels get gain
     * {@code hiddenGain} and the output kernel {@code outGain}.
     */
    public static Sequential mlp(String prefix, int in, int[] hidden, String activation, int out, Init init,
                                 double hiddenGain, double outGain) {
        Sequential s = new Sequential();
        int fanIn = in;
        for (int i = 0; i < hidden.length; i++) {
            s.add(dense(prefix + "_" + i, hidden[i], activation, fanIn, init, hiddenGain, i == 0 ? in : -1));
            fanIn = hidden[i];
        }
        s.add(dense(prefix + "_out", out, "linear", fanIn, init, outGain, hidden.length == 0 ? in : -1));
        return s;
    }

    /** A dense layer with the given initialization; {@code inputSize > 0} declares the input shape. */
    public static Dense dense(String name, int units, String activation, int fanIn, Init init, double gain, int inputSize) {
        Dense d = new Dense(units).activation(activation);
        if (init == Init.TORCH_DEFAULT) {
            double bound = 1 / Math.sqrt(fanIn);
            d.kernelInitializer(Initializers.varianceScaling(1.0 / 3.0, VarianceScaling.Mode.FAN_IN,
                    VarianceScaling.Distribution.UNIFORM));
            d.biasInitializer(Initializers.randomUniform(-bound, bound));
        } else {
            d.kernelInitializer(Initializers.orthogonal(gain));
            d.biasInitializer(Initializers.zeros());
        }
        if (inputSize > 0) {
            d.inputShape(inputSize);
        }
        Layer named = d.name(name);
        return (Dense) named;
    }

    /** Copies the values of {@code from} into {@code to} in order ({@code tau = 1}), or Polyak-averages them. */
    public static void polyak(List<Variable> from, List<Variable> to, double tau) {
        if (from.size() != to.size()) {
            throw new IllegalArgumentException("polyak: " + from.size() + " source and " + to.size() + " target variables");
        }
        for (int k = 0; k < from.size(); k++) {
            float[] s = from.get(k).value().data();
            float[] t = to.get(k).value().data();
            if (s.length != t.length) {
                throw new IllegalArgumentException("polyak: variable " + from.get(k).name() + " has " + s.length
                        + " values, its target " + t.length);
            }
            if (tau == 1.0) {
                System.arraycopy(s, 0, t, 0, s.length);
            } else {
                float a = (float) tau;
                float b = (float) (1 - tau);
                for (int i = 0; i < s.length; i++) {
                    t[i] = b * t[i] + a * s[i];
                }
            }
        }
    }

    /** The variables of several networks in order. */
    public static List<Variable> variables(Layer... layers) {
        List<Variable> out = new ArrayList<>();
        for (Layer l : layers) {
            if (l != null) {
                out.addAll(l.variables());
            }
        }
        return out;
    }
}
