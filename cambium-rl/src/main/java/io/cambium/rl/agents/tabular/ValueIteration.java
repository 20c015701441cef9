package io.cambium.rl.agents.tabular;

import io.cambium.rl.envs.FrozenLake;

/**
 * Optimal action values of a FrozenLake by value iteration on its transition table
 * ({@code Q*(s, a) = Σ p (r + γ (1 - terminated) max_a' Q*(s', a'))}), a dynamic-programming
 * reference for tabular learners.
 */
public final class ValueIteration {
    private ValueIteration() {
    }

    /** {@code Q*} as {@code [state][action]}, iterated until the largest change is below {@code tolerance}. */
    public static double[][] solve(FrozenLake lake, double gamma, double tolerance) {
        int n = lake.observationSpace().n();
        int m = lake.actionSpace().n();
        double[][] q = new double[n][m];
        double[] v = new double[n];
        for (int iter = 0; iter < 1_000_000; iter++) {
            double delta = 0;
            for (int s = 0; s < n; s++) {
                for (int a = 0; a < m; a++) {
                    double sum = 0;
                    for (FrozenLake.Transition t : lake.transitions(s, a)) {
                        sum += t.probability() * (t.reward() + (t.terminated() ? 0 : gamma * v[t.nextState()]));
                    }
                    delta = Math.max(delta, Math.abs(sum - q[s][a]));
                    q[s][a] = sum;
                }
            }
            for (int s = 0; s < n; s++) {
                double best = Double.NEGATIVE_INFINITY;
                for (int a = 0; a < m; a++) {
                    best = Math.max(best, q[s][a]);
                }
                v[s] = best;
            }
            if (delta < tolerance) {
                return q;
            }
        }
        throw new IllegalStateException("value iteration did not converge");
    }
}
