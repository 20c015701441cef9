package io.cambium.rl.agents.pg;

import io.cambium.nn.Sequential;
import io.cambium.nn.Variable;
import io.cambium.rl.agents.Networks;
import io.cambium.tensor.Tensor;
import io.cambium.tensor.random.Rng;
import java.util.ArrayList;
import java.util.List;

/**
 * Stable-Baselines3's {@code ActorCriticPolicy} for flat observations: separate policy and value
 * MLPs (default 64-64, tanh, orthogonal initialization with gains √2 for hidden layers, 0.01 for
 * the action head and 1 for the value head). Discrete actions follow a categorical distribution
 * over the policy's logits; continuous actions a diagonal Gaussian whose mean is the policy's
 * output and whose log standard deviation is a state-independent learned vector.
 */
final class ActorCritic {
    private static final double HALF_LOG_2PI = 0.5 * Math.log(2 * Math.PI);

    final boolean discrete;
    final int obsSize;
    /** The number of actions (discrete) or the action dimension (continuous). */
    final int actionSize;
    final Sequential pi;
    final Sequential vf;
    final Variable logStd;

    ActorCritic(int obsSize, boolean discrete, int actionSize, int[] piArch, int[] vfArch, String activation,
                boolean orthoInit, double logStdInit) {
        this.discrete = discrete;
        this.obsSize = obsSize;
        this.actionSize = actionSize;
        Networks.Init init = orthoInit ? Networks.Init.ORTHOGONAL : Networks.Init.TORCH_DEFAULT;
        this.pi = Networks.mlp("pi", obsSize, piArch, activation, actionSize, init, Math.sqrt(2), 0.01);
        this.vf = Networks.mlp("vf", obsSize, vfArch, activation, 1, init, Math.sqrt(2), 1.0);
        this.logStd = discrete ? null : new Variable("log_std", Tensor.full((float) logStdInit, actionSize), true);
    }

    /** Width of one stored action: 1 (the index) for discrete, the dimension for continuous. */
    int actionWidth() {
        return discrete ? 1 : actionSize;
    }

    List<Variable> variables() {
        List<Variable> v = new ArrayList<>(pi.variables());
        v.addAll(vf.variables());
        if (logStd != null) {
            v.add(logStd);
        }
        return v;
    }

    /** Logits or Gaussian means {@code [batch, actionSize]}. */
    Tensor policyOutput(Tensor obs) {
        return pi.apply(obs, true);
    }

    /** State values {@code [batch]}. */
    Tensor values(Tensor obs) {
        Tensor v = vf.apply(obs, true);
        return v.reshape(v.dim(0));
    }

    /** Log-probabilities {@code [batch]} of {@code actions} ({@code [batch, actionWidth]}). */
    Tensor logProb(Tensor out, Tensor actions) {
        if (discrete) {
            return out.logSoftmax(1).gather(1, actions).reshape(actions.dim(0));
        }
        Tensor std = logStd.value().exp();
        Tensor z = actions.sub(out).div(std);
        return z.square().mul(-0.5f).sub(logStd.value()).sub((float) HALF_LOG_2PI).sum(1, false);
    }

    /** The mean entropy of the action distributions (a scalar). */
    Tensor meanEntropy(Tensor out) {
        if (discrete) {
            Tensor logp = out.logSoftmax(1);
            return logp.exp().mul(logp).sum(1, false).mean().neg();
        }
        return logStd.value().add((float) (0.5 + HALF_LOG_2PI)).sum();
    }

    /**
     * Samples actions (or takes the mode) for {@code rows} outputs, without gradients: the
     * category index as a float, or the Gaussian vector (unclipped).
     */
    float[] sample(float[] out, int rows, Rng rng, boolean deterministic) {
        int w = actionWidth();
        float[] actions = new float[rows * w];
        if (discrete) {
            double[] p = new double[actionSize];
            for (int r = 0; r < rows; r++) {
                int off = r * actionSize;
                int best = 0;
                double max = Double.NEGATIVE_INFINITY;
                for (int j = 0; j < actionSize; j++) {
                    if (out[off + j] > max) {
                        max = out[off + j];
                        best = j;
                    }
                }
                if (deterministic) {
                    actions[r] = best;
                    continue;
                }
                double sum = 0;
                for (int j = 0; j < actionSize; j++) {
                    p[j] = Math.exp(out[off + j] - max);
                    sum += p[j];
                }
                double u = rng.nextDouble() * sum;
                int k = 0;
                double c = p[0];
                while (c <= u && k < actionSize - 1) {
                    k++;
                    c += p[k];
                }
                actions[r] = k;
            }
            return actions;
        }
        float[] ls = logStd.value().data();
        for (int r = 0; r < rows; r++) {
            for (int j = 0; j < actionSize; j++) {
                double mean = out[r * actionSize + j];
                actions[r * actionSize + j] = deterministic ? (float) mean
                        : (float) (mean + Math.exp(ls[j]) * rng.nextGaussian());
            }
        }
        return actions;
    }
}
