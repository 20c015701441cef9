package io.cambium.rl.agents.pg;

import io.cambium.tensor.random.Rng;

/**
 * One rollout of {@code nSteps} steps of {@code nEnvs} environments (Stable-Baselines3's
 * {@code RolloutBuffer}), with generalized advantage estimation: {@code δ_t = r_t + γ V(s_{t+1})
 * (1 - start_{t+1}) - V(s_t)}, {@code A_t = δ_t + γ λ (1 - start_{t+1}) A_{t+1}}, returns
 * {@code A + V}.
 */
final class RolloutBuffer {
    final int nSteps;
    final int nEnvs;
    final int obsSize;
    final int actionWidth;
    final float[] obs;
    final float[] actions;
    final float[] rewards;
    final float[] episodeStarts;
    final float[] values;
    final float[] logProbs;
    final float[] advantages;
    final float[] returns;
    int pos;

    RolloutBuffer(int nSteps, int nEnvs, int obsSize, int actionWidth) {
        this.nSteps = nSteps;
        this.nEnvs = nEnvs;
        this.obsSize = obsSize;
        this.actionWidth = actionWidth;
        int n = nSteps * nEnvs;
        obs = new float[n * obsSize];
        actions = new float[n * actionWidth];
        rewards = new float[n];
        episodeStarts = new float[n];
        values = new float[n];
        logProbs = new float[n];
        advantages = new float[n];
        returns = new float[n];
    }

    void reset() {
        pos = 0;
    }

    boolean full() {
        return pos == nSteps;
    }

    /** Adds one vector step (row {@code pos}): per env its observation, action, reward, start flag, value, log-probability. */
    void add(float[] o, float[] a, double[] r, boolean[] starts, float[] v, float[] lp) {
        int base = pos * nEnvs;
        System.arraycopy(o, 0, obs, base * obsSize, nEnvs * obsSize);
        System.arraycopy(a, 0, actions, base * actionWidth, nEnvs * actionWidth);
        for (int e = 0; e < nEnvs; e++) {
            rewards[base + e] = (float) r[e];
            episodeStarts[base + e] = starts[e] ? 1f : 0f;
            values[base + e] = v[e];
            logProbs[base + e] = lp[e];
        }
        pos++;
    }

    /** GAE over the rollout, given the values of the observations after it and whether they start episodes. */
    void computeReturnsAndAdvantages(float[] lastValues, boolean[] dones, double gamma, double lambda) {
        for (int e = 0; e < nEnvs; e++) {
            double last = 0;
            for (int t = nSteps - 1; t >= 0; t--) {
                double nextNonTerminal;
                double nextValue;
                if (t == nSteps - 1) {
                    nextNonTerminal = dones[e] ? 0 : 1;
                    nextValue = lastValues[e];
                } else {
                    nextNonTerminal = 1.0 - episodeStarts[(t + 1) * nEnvs + e];
                    nextValue = values[(t + 1) * nEnvs + e];
                }
                int i = t * nEnvs + e;
                double delta = rewards[i] + gamma * nextValue * nextNonTerminal - values[i];
                last = delta + gamma * lambda * nextNonTerminal * last;
                advantages[i] = (float) last;
                returns[i] = (float) (last + values[i]);
            }
        }
    }

    /** A random order of the {@code nSteps * nEnvs} samples. */
    int[] permutation(Rng rng) {
        return rng.permutation(nSteps * nEnvs);
    }
}
