package io.cambium.rl.train;

import io.cambium.rl.agents.Policy;
import io.cambium.rl.env.Env;
import io.cambium.rl.env.Step;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Evaluates a policy over seeded episodes (Stable-Baselines3's {@code evaluate_policy}): episode
 * {@code i} starts from {@code reset(seed + i)}, so results are reproducible and independent of
 * how many episodes run side by side. All episodes run together, the policy acting on the
 * observations of the running ones in one batch.
 */
public final class Evaluation {
    /** The returns and lengths of the episodes, their mean and population standard deviation. */
    public record Result(double mean, double std, double[] returns, int[] lengths) {
        @Override
        public String toString() {
            return String.format(java.util.Locale.ROOT, "mean return %.2f +/- %.2f over %d episodes", mean, std, returns.length);
        }
    }

    private Evaluation() {
    }

    /**
     * Runs {@code episodes} episodes of fresh environments from {@code factory} with
     * {@code policy}.
     *
     * @throws IllegalArgumentException when {@code episodes < 1}
     */
    @SuppressWarnings("unchecked")
    public static <O, A> Result evaluate(Policy<O, A> policy, Supplier<? extends Env<?, ?>> factory, int episodes, long seed,
                                         boolean deterministic) {
        if (episodes < 1) {
            throw new IllegalArgumentException("evaluate: episodes must be >= 1, got " + episodes);
        }
        List<Env<O, A>> envs = new ArrayList<>(episodes);
        List<O> obs = new ArrayList<>(episodes);
        for (int i = 0; i < episodes; i++) {
            Env<O, A> e = (Env<O, A>) factory.get();
            envs.add(e);
            obs.add(e.reset(seed + i).observation());
        }
        double[] returns = new double[episodes];
        int[] lengths = new int[episodes];
        List<Integer> active = new ArrayList<>();
        for (int i = 0; i < episodes; i++) {
            active.add(i);
        }
        while (!active.isEmpty()) {
            List<O> batch = new ArrayList<>(active.size());
            for (int i : active) {
                batch.add(obs.get(i));
            }
            List<A> actions = policy.act(batch, deterministic);
            List<Integer> still = new ArrayList<>(active.size());
            for (int k = 0; k < active.size(); k++) {
                int i = active.get(k);
                Step<O> s = envs.get(i).step(actions.get(k));
                returns[i] += s.reward();
                lengths[i]++;
                obs.set(i, s.observation());
                if (!s.done()) {
                    still.add(i);
                }
            }
            active = still;
        }
        for (Env<O, A> e : envs) {
            e.close();
        }
        double mean = 0;
        for (double r : returns) {
            mean += r;
        }
        mean /= episodes;
        double var = 0;
        for (double r : returns) {
            var += (r - mean) * (r - mean);
        }
        return new Result(mean, Math.sqrt(var / episodes), returns, lengths);
    }
}
