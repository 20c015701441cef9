package io.cambium.rl.agents.pg;

import io.cambium.nn.Variable;
import io.cambium.nn.io.InvalidFileException;
import io.cambium.nn.optimizers.Adam;
import io.cambium.nn.optimizers.BaseOptimizer;
import io.cambium.rl.agents.AgentSupport;
import io.cambium.rl.agents.Callback;
import io.cambium.rl.env.Env;
import io.cambium.rl.env.vector.VectorStep;
import io.cambium.rl.envs.Envs;
import io.cambium.rl.io.AgentFile;
import io.cambium.rl.io.Json;
import io.cambium.rl.train.Schedule;
import io.cambium.tensor.Tensor;
import io.cambium.tensor.autograd.NoGrad;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * REINFORCE with a learned baseline (Williams, 1992; Sutton and Barto, section 13.4): complete
 * episodes are collected with the current policy, each step's Monte-Carlo return
 * {@code G_t = r_t + γ G_{t+1}} is computed (an episode cut by a time limit starts from the value
 * of its last observation), and one gradient step minimizes {@code -(G - V(s)) log π(a|s) +
 * vfCoef (G - V(s))^2 - entCoef H} over {@code episodesPerUpdate} episodes. The baseline
 * {@code V} only reduces the variance; advantages are normalized over the batch by default.
 * Defaults: Adam at 1e-3, 4 episodes per update, γ 0.99.
 */
public final class Reinforce extends OnPolicyAgent<Reinforce> {
    private int episodesPerUpdate = 4;
    private boolean normalizeAdvantage = true;

    /** One episode in progress or finished: stored observations, actions, rewards and the bootstrap value. */
    private static final class Trajectory {
        final List<float[]> obs = new ArrayList<>();
        final List<float[]> actions = new ArrayList<>();
        final List<Double> rewards = new ArrayList<>();
        double bootstrap;
    }

    private List<Trajectory> running;

    /** REINFORCE on a registered environment (see {@link Envs}). */
    public Reinforce(String envId) {
        this(Envs.factory(envId));
    }

    /** REINFORCE on environments from {@code factory}. */
    public Reinforce(Supplier<? extends Env<?, ?>> factory) {
        super("reinforce", factory, Schedule.constant(1e-3), 1, 1.0);
    }

    /** Complete episodes per gradient step (default 4). */
    public Reinforce episodesPerUpdate(int n) {
        this.episodesPerUpdate = AgentSupport.positive("REINFORCE", "episodes_per_update", n);
        return this;
    }

    /** Normalizes the advantages {@code G - V} over each batch (default true). */
    public Reinforce normalizeAdvantage(boolean v) {
        this.normalizeAdvantage = v;
        return this;
    }

    @Override
    protected BaseOptimizer<?> createOptimizer() {
        return new Adam(learningRate.value(1.0)).epsilon(1e-8);
    }

    @Override
    protected boolean iteration(List<Callback> callbacks) {
        ensureEnvs();
        int n = numEnvs;
        if (running == null) {
            running = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                running.add(new Trajectory());
            }
        }
        List<Trajectory> done = new ArrayList<>();
        while (done.size() < episodesPerUpdate) {
            float[] actions;
            try (var g = NoGrad.scope()) {
                actions = policy.sample(policy.policyOutput(AgentSupport.stack(lastObs, obsSize)).data(), n, rng, false);
            }
            VectorStep<float[]> s = venv.step(envActions(actions, n));
            steps += n;
            AgentSupport.logEpisodes(s, log, steps);
            int w = policy.actionWidth();
            for (int i = 0; i < n; i++) {
                Trajectory t = running.get(i);
                t.obs.add(lastObs.get(i));
                t.actions.add(java.util.Arrays.copyOfRange(actions, i * w, (i + 1) * w));
                t.rewards.add(s.rewards()[i]);
                if (s.done(i)) {
                    if (s.truncated()[i] && !s.terminated()[i]) {
                        try (var g = NoGrad.scope()) {
                            t.bootstrap = policy.values(AgentSupport.stack(List.of(AgentSupport.nextObservation(s, i)),
                                    obsSize)).item();
                        }
                    }
                    done.add(t);
                    running.set(i, new Trajectory());
                }
            }
            lastObs = s.observations();
            if (!callbacks(callbacks)) {
                return false;
            }
        }
        optimizer.setLearningRate((float) learningRate.value(progressRemaining()));
        update(done);
        return true;
    }

    private void update(List<Trajectory> episodes) {
        int rows = 0;
        for (Trajectory t : episodes) {
            rows += t.rewards.size();
        }
        int w = policy.actionWidth();
        float[] obs = new float[rows * obsSize];
        float[] act = new float[rows * w];
        float[] returns = new float[rows];
        int r = 0;
        for (Trajectory t : episodes) {
            int len = t.rewards.size();
            double g = t.bootstrap;
            for (int k = len - 1; k >= 0; k--) {
                g = t.rewards.get(k) + gamma * g;
                returns[r + k] = (float) g;
            }
            for (int k = 0; k < len; k++) {
                System.arraycopy(t.obs.get(k), 0, obs, (r + k) * obsSize, obsSize);
                System.arraycopy(t.actions.get(k), 0, act, (r + k) * w, w);
            }
            r += len;
        }
        Tensor obsT = Tensor.wrapOwned(obs, rows, obsSize);
        Tensor out = policy.policyOutput(obsT);
        Tensor values = policy.values(obsT);
        Tensor logp = policy.logProb(out, Tensor.wrapOwned(act, rows, w));
        float[] v = values.data();
        float[] adv = new float[rows];
        for (int i = 0; i < rows; i++) {
            adv[i] = returns[i] - v[i];
        }
        if (normalizeAdvantage && rows > 1) {
            Ppo.normalize(adv);
        }
        Tensor policyLoss = Tensor.wrapOwned(adv, rows).mul(logp).mean().neg();
        Tensor valueLoss = Tensor.wrapOwned(returns, rows).sub(values).square().mean();
        Tensor entropy = policy.meanEntropy(out);
        Tensor loss = policyLoss.add(entropy.neg().mul((float) entCoef)).add(valueLoss.mul((float) vfCoef));
        List<Variable> vars = policy.variables();
        optimizer.zeroGrad(vars);
        loss.backward();
        optimizer.step(vars);
        updates++;
        log.addMetric("policy_loss", steps, policyLoss.item());
        log.addMetric("value_loss", steps, valueLoss.item());
        log.addMetric("entropy", steps, entropy.item());
    }

    @Override
    protected void train(RolloutBuffer b, double progressRemaining) {
        throw new IllegalStateException("REINFORCE trains on complete episodes, not on rollouts");
    }

    @Override
    protected void specificConfig(Map<String, Object> c) {
        c.put("episodes_per_update", episodesPerUpdate);
        c.put("normalize_advantage", normalizeAdvantage);
    }

    @Override
    protected void applySpecificConfig(Json c) throws InvalidFileException {
        episodesPerUpdate((int) c.integer("episodes_per_update", 1, Integer.MAX_VALUE));
        normalizeAdvantage(c.bool("normalize_advantage"));
    }

    /** Loads an agent saved by {@link #save} for a registered environment. */
    public static Reinforce load(Path file) throws IOException {
        AgentFile.Contents c = AgentFile.load(file);
        return load(file, c, registered(file, c.envId()));
    }

    /** Loads from already-read contents (used by {@code Agents.load}). */
    public static Reinforce load(Path file, AgentFile.Contents c, Supplier<? extends Env<?, ?>> factory) throws IOException {
        return load(file, c, factory, Reinforce::new);
    }
}
