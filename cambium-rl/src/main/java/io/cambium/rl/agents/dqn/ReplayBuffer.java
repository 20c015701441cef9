package io.cambium.rl.agents.dqn;

import io.cambium.tensor.Tensor;
import io.cambium.tensor.random.Rng;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A circular buffer of transitions {@code (s, a, r, s', terminated)} sampled uniformly with
 * replacement (Stable-Baselines3's {@code ReplayBuffer}). The stored flag is {@code terminated}
 * only: a transition cut by a time limit keeps bootstrapping from {@code s'}, as SB3's
 * {@code handle_timeout_termination} does.
 */
final class ReplayBuffer {
    private final int capacity;
    private final int obsSize;
    private final float[] obs;
    private final float[] nextObs;
    private final int[] actions;
    private final float[] rewards;
    private final float[] dones;
    private int pos;
    private boolean full;

    ReplayBuffer(int capacity, int obsSize) {
        this.capacity = capacity;
        this.obsSize = obsSize;
        this.obs = new float[capacity * obsSize];
        this.nextObs = new float[capacity * obsSize];
        this.actions = new int[capacity];
        this.rewards = new float[capacity];
        this.dones = new float[capacity];
    }

    int size() {
        return full ? capacity : pos;
    }

    void add(float[] o, int a, double r, float[] next, boolean terminated) {
        System.arraycopy(o, 0, obs, pos * obsSize, obsSize);
        System.arraycopy(next, 0, nextObs, pos * obsSize, obsSize);
        actions[pos] = a;
        rewards[pos] = (float) r;
        dones[pos] = terminated ? 1f : 0f;
        pos++;
        if (pos == capacity) {
            full = true;
            pos = 0;
        }
    }

    /** A sampled batch: observations, actions (as float indices {@code [b, 1]}), rewards, next observations, done flags. */
    record Batch(Tensor obs, Tensor actions, float[] rewards, Tensor nextObs, float[] dones) {
    }

    Batch sample(int batchSize, Rng rng) {
        int n = size();
        float[] o = new float[batchSize * obsSize];
        float[] no = new float[batchSize * obsSize];
        float[] a = new float[batchSize];
        float[] r = new float[batchSize];
        float[] d = new float[batchSize];
        for (int i = 0; i < batchSize; i++) {
            int k = rng.nextInt(n);
            System.arraycopy(obs, k * obsSize, o, i * obsSize, obsSize);
            System.arraycopy(nextObs, k * obsSize, no, i * obsSize, obsSize);
            a[i] = actions[k];
            r[i] = rewards[k];
            d[i] = dones[k];
        }
        return new Batch(Tensor.wrapOwned(o, batchSize, obsSize), Tensor.wrapOwned(a, batchSize, 1), r,
                Tensor.wrapOwned(no, batchSize, obsSize), d);
    }

    /** The stored transitions (only the filled part) as tensors, for saving. */
    Map<String, Tensor> tensors() {
        int n = size();
        Map<String, Tensor> m = new LinkedHashMap<>();
        if (n == 0) {
            return m;
        }
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = actions[i];
        }
        m.put("obs", new Tensor(java.util.Arrays.copyOf(obs, n * obsSize), n, obsSize));
        m.put("next_obs", new Tensor(java.util.Arrays.copyOf(nextObs, n * obsSize), n, obsSize));
        m.put("actions", new Tensor(a, n));
        m.put("rewards", new Tensor(java.util.Arrays.copyOf(rewards, n), n));
        m.put("dones", new Tensor(java.util.Arrays.copyOf(dones, n), n));
        return m;
    }

    int position() {
        return pos;
    }

    boolean full() {
        return full;
    }

    /**
     * Restores a saved buffer.
     *
     * @return a description of the problem, or {@code null} when the tensors fit
     */
    String restore(Map<String, Tensor> t, int savedPos, boolean savedFull, int actionCount) {
        int n = savedFull ? capacity : savedPos;
        if (savedPos < 0 || savedPos >= capacity) {
            return "replay position " + savedPos + " is outside the capacity " + capacity;
        }
        if (n == 0) {
            if (!t.isEmpty()) {
                return "an empty replay buffer has tensors " + t.keySet();
            }
            pos = savedPos;
            full = savedFull;
            return null;
        }
        String[] keys = {"obs", "next_obs", "actions", "rewards", "dones"};
        for (String k : keys) {
            if (!t.containsKey(k)) {
                return "replay/" + k + " is missing";
            }
        }
        if (t.size() != keys.length) {
            return "unexpected replay tensors " + t.keySet();
        }
        if (!shape(t.get("obs"), n, obsSize) || !shape(t.get("next_obs"), n, obsSize) || !shape(t.get("actions"), n)
                || !shape(t.get("rewards"), n) || !shape(t.get("dones"), n)) {
            return "replay tensors do not have " + n + " transitions of " + obsSize + " observation values";
        }
        float[] a = t.get("actions").data();
        for (int i = 0; i < n; i++) {
            if (a[i] != Math.rint(a[i]) || a[i] < 0 || a[i] >= actionCount) {
                return "replay action " + a[i] + " at " + i + " is not an action of the space";
            }
        }
        System.arraycopy(t.get("obs").data(), 0, obs, 0, n * obsSize);
        System.arraycopy(t.get("next_obs").data(), 0, nextObs, 0, n * obsSize);
        for (int i = 0; i < n; i++) {
            actions[i] = (int) a[i];
        }
        System.arraycopy(t.get("rewards").data(), 0, rewards, 0, n);
        System.arraycopy(t.get("dones").data(), 0, dones, 0, n);
        pos = savedPos;
        full = savedFull;
        return null;
    }

    private static boolean shape(Tensor t, int... s) {
        return java.util.Arrays.equals(t.shape(), s);
    }
}
