package io.cambium.rl.agents.dqn;

import io.cambium.nn.Sequential;
import io.cambium.nn.Variable;
import io.cambium.nn.layers.core.Dense;
import io.cambium.rl.agents.Networks;
import io.cambium.tensor.Tensor;
import java.util.List;

/**
 * A Q-network: observation to one value per action. Plain: an MLP with ReLU hidden layers.
 * Dueling (Wang et al., 2016): an MLP trunk, then a state-value head {@code V(s)} and an
 * advantage head {@code A(s, a)}, combined as {@code Q = V + A - mean_a A}.
 */
final class QNetwork {
    private final Sequential plain;
    private final Sequential trunk;
    private final Dense value;
    private final Dense advantage;

    QNetwork(String prefix, int observations, int actions, int[] hidden, boolean dueling) {
        Networks.Init init = Networks.Init.TORCH_DEFAULT;
        if (!dueling) {
            plain = Networks.mlp(prefix, observations, hidden, "relu", actions, init, 0, 0);
            trunk = null;
            value = null;
            advantage = null;
        } else {
            plain = null;
            int features = observations;
            Sequential t = null;
            if (hidden.length > 0) {
                t = new Sequential();
                for (int i = 0; i < hidden.length; i++) {
                    t.add(Networks.dense(prefix + "_" + i, hidden[i], "relu", features, init, 0, i == 0 ? observations : -1));
                    features = hidden[i];
                }
            }
            trunk = t;
            value = Networks.dense(prefix + "_value", 1, "linear", features, init, 0, features);
            advantage = Networks.dense(prefix + "_advantage", actions, "linear", features, init, 0, features);
            // Build the heads now so that their variables exist before the first forward pass.
            value.ensureBuilt(List.of(new int[] {-1, features}));
            advantage.ensureBuilt(List.of(new int[] {-1, features}));
        }
    }

    /** Q-values {@code [batch, actions]} of observations {@code [batch, obs]}. */
    Tensor forward(Tensor obs) {
        if (plain != null) {
            return plain.apply(obs, true);
        }
        Tensor h = trunk == null ? obs : trunk.apply(obs, true);
        Tensor v = value.apply(h, true);
        Tensor a = advantage.apply(h, true);
        return v.add(a.sub(a.mean(1, true)));
    }

    /** The weights in a fixed order. */
    List<Variable> variables() {
        return plain != null ? plain.variables() : Networks.variables(trunk, value, advantage);
    }
}
