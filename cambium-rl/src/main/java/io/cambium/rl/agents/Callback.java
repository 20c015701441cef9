package io.cambium.rl.agents;

/** Hooks into an agent's training loop (Stable-Baselines3's {@code BaseCallback}). */
public interface Callback {
    /**
     * Called after every step of the (vectorized) environment during training.
     *
     * @return false to stop training
     */
    boolean onStep(Agent<?, ?> agent);
}
