package io.cambium.rl.agents.pg;

import io.cambium.nn.Variable;
import io.cambium.nn.io.InvalidFileException;
import io.cambium.nn.optimizers.Adam;
import io.cambium.nn.optimizers.BaseOptimizer;
import io.cambium.rl.agents.AgentSupport;
import io.cambium.rl.env.Env;
import io.cambium.rl.envs.Envs;
import io.cambium.rl.io.AgentFile;
import io.cambium.rl.io.Json;
import io.cambium.rl.train.Schedule;
import io.cambium.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Proximal Policy Optimization (Schulman et al., 2017) with Stable-Baselines3's {@code PPO}
 * loop and defaults: rollouts of {@code nSteps} per environment, GAE, then {@code nEpochs} passes
 * over shuffled minibatches minimizing {@code -min(A r, A clip(r, 1-ε, 1+ε)) + vfCoef (R - V)^2
 * - entCoef H} with the probability ratio {@code r}, advantages normalized per minibatch
 * ({@code (A - mean) / (std + 1e-8)}), optional value clipping and early stopping at
 * {@code 1.5 targetKl}, Adam (ε 1e-5) and clipping of the global gradient norm. Discrete actions
 * use a categorical policy, continuous ones a Gaussian with a state-independent log std.
 *
 * <pre>{@code
 * var ppo = new Ppo("CartPole-v1").numEnvs(8).nSteps(32).batchSize(256).gaeLambda(0.8).gamma(0.98)
 *         .nEpochs(20).learningRate(Schedule.linear(1e-3)).clipRange(Schedule.linear(0.2)).seed(0);
 * ppo.learn(200_000);
 * }</pre>
 */
public final class Ppo extends OnPolicyAgent<Ppo> {
    private int batchSize = 64;
    private int nEpochs = 10;
    private Schedule clipRange = Schedule.constant(0.2);
    private Schedule clipRangeVf;
    private boolean normalizeAdvantage = true;
    private Double targetKl;

    /** PPO on a registered environment (see {@link Envs}). */
    public Ppo(String envId) {
        this(Envs.factory(envId));
    }

    /** PPO on environments from {@code factory}; SB3's defaults: rate 3e-4, 2048 steps, λ 0.95. */
    public Ppo(Supplier<? extends Env<?, ?>> factory) {
        super("ppo", factory, Schedule.constant(3e-4), 2048, 0.95);
    }

    /** The minibatch size (default 64). */
    public Ppo batchSize(int n) {
        this.batchSize = AgentSupport.positive("PPO", "batch_size", n);
        return this;
    }

    /** Passes over each rollout (default 10). */
    public Ppo nEpochs(int n) {
        this.nEpochs = AgentSupport.positive("PPO", "n_epochs", n);
        return this;
    }

    /** The clipping range ε (default 0.2). */
    public Ppo clipRange(double c) {
        return clipRange(Schedule.constant(AgentSupport.within("PPO", "clip_range", c, Double.MIN_VALUE, 10)));
    }

    /** A schedule of the clipping range. */
    public Ppo clipRange(Schedule s) {
        this.clipRange = s;
        return this;
    }

    /** Clips the value prediction to within {@code c} of the old value (default off). */
    public Ppo clipRangeVf(Double c) {
        this.clipRangeVf = c == null ? null : Schedule.constant(AgentSupport.within("PPO", "clip_range_vf", c,
                Double.MIN_VALUE, Double.MAX_VALUE));
        return this;
    }

    /** Normalizes advantages per minibatch (default true). */
    public Ppo normalizeAdvantage(boolean v) {
        this.normalizeAdvantage = v;
        return this;
    }

    /** Stops an update phase when the approximate KL divergence exceeds {@code 1.5 kl} (default off). */
    public Ppo targetKl(Double kl) {
        this.targetKl = kl == null ? null : AgentSupport.within("PPO", "target_kl", kl, Double.MIN_VALUE, Double.MAX_VALUE);
        return this;
    }

    @Override
    protected BaseOptimizer<?> createOptimizer() {
        return new Adam(learningRate.value(1.0)).epsilon(1e-5);
    }

    @Override
    protected void train(RolloutBuffer b, double progressRemaining) {
        float clip = (float) clipRange.value(progressRemaining);
        Float clipVf = clipRangeVf == null ? null : (float) clipRangeVf.value(progressRemaining);
        List<Variable> vars = policy.variables();
        int total = b.nSteps * b.nEnvs;
        double sumPolicy = 0;
        double sumValue = 0;
        double sumEntropy = 0;
        double sumKl = 0;
        double sumClipped = 0;
        int batches = 0;
        boolean keepGoing = true;
        for (int epoch = 0; epoch < nEpochs && keepGoing; epoch++) {
            int[] perm = b.permutation(rng);
            for (int from = 0; from < total; from += batchSize) {
                int to = Math.min(total, from + batchSize);
                int rows = to - from;
                Tensor obs = gatherObs(b, perm, from, to);
                Tensor actions = gatherActions(b, perm, from, to);
                float[] oldLogp = gather(b.logProbs, perm, from, to);
                float[] adv = gather(b.advantages, perm, from, to);
                float[] ret = gather(b.returns, perm, from, to);
                if (normalizeAdvantage && rows > 1) {
                    normalize(adv);
                }
                Tensor out = policy.policyOutput(obs);
                Tensor values = policy.values(obs);
                Tensor logp = policy.logProb(out, actions);
                Tensor ratio = logp.sub(Tensor.wrapOwned(oldLogp.clone(), rows)).exp();
                Tensor advT = Tensor.wrapOwned(adv, rows);
                Tensor policyLoss = advT.mul(ratio).minimum(advT.mul(ratio.clip(1 - clip, 1 + clip))).mean().neg();
                Tensor retT = Tensor.wrapOwned(ret, rows);
                Tensor pred = values;
                if (clipVf != null) {
                    Tensor old = Tensor.wrapOwned(gather(b.values, perm, from, to), rows);
                    pred = old.add(values.sub(old).clip(-clipVf, clipVf));
                }
                Tensor valueLoss = retT.sub(pred).square().mean();
                Tensor entropy = policy.meanEntropy(out);
                Tensor loss = policyLoss.add(entropy.neg().mul((float) entCoef)).add(valueLoss.mul((float) vfCoef));
                float[] lp = logp.data();
                float[] r = ratio.data();
                double kl = 0;
                int clipped = 0;
                for (int k = 0; k < rows; k++) {
                    double logRatio = lp[k] - oldLogp[k];
                    kl += Math.exp(logRatio) - 1 - logRatio;
                    clipped += Math.abs(r[k] - 1) > clip ? 1 : 0;
                }
                kl /= rows;
                if (targetKl != null && kl > 1.5 * targetKl) {
                    keepGoing = false;
                    break;
                }
                optimizer.zeroGrad(vars);
                loss.backward();
                optimizer.step(vars);
                updates++;
                batches++;
                sumPolicy += policyLoss.item();
                sumValue += valueLoss.item();
                sumEntropy += entropy.item();
                sumKl += kl;
                sumClipped += (double) clipped / rows;
            }
        }
        if (batches > 0) {
            log.addMetric("policy_loss", steps, sumPolicy / batches);
            log.addMetric("value_loss", steps, sumValue / batches);
            log.addMetric("entropy", steps, sumEntropy / batches);
            log.addMetric("approx_kl", steps, sumKl / batches);
            log.addMetric("clip_fraction", steps, sumClipped / batches);
        }
        logExplainedVariance(b);
    }

    /** {@code (a - mean) / (std + 1e-8)} with the unbiased standard deviation, as {@code torch.std}. */
    static void normalize(float[] a) {
        double m = 0;
        for (float v : a) {
            m += v;
        }
        m /= a.length;
        double s = 0;
        for (float v : a) {
            s += (v - m) * (v - m);
        }
        double std = Math.sqrt(s / (a.length - 1));
        for (int i = 0; i < a.length; i++) {
            a[i] = (float) ((a[i] - m) / (std + 1e-8));
        }
    }

    @Override
    protected void specificConfig(Map<String, Object> c) {
        c.put("batch_size", batchSize);
        c.put("n_epochs", nEpochs);
        c.put("clip_range", Schedule.toConfig(clipRange));
        c.put("clip_range_vf", clipRangeVf == null ? null : Schedule.toConfig(clipRangeVf));
        c.put("normalize_advantage", normalizeAdvantage);
        c.put("target_kl", targetKl);
    }

    @Override
    protected void applySpecificConfig(Json c) throws InvalidFileException {
        batchSize((int) c.integer("batch_size", 1, Integer.MAX_VALUE));
        nEpochs((int) c.integer("n_epochs", 1, Integer.MAX_VALUE));
        clipRange(Schedule.fromConfig(c.raw("clip_range")));
        clipRangeVf = c.raw("clip_range_vf") == null ? null : Schedule.fromConfig(c.raw("clip_range_vf"));
        normalizeAdvantage(c.bool("normalize_advantage"));
        targetKl(c.raw("target_kl") == null ? null : c.number("target_kl"));
    }

    /** Loads an agent saved by {@link #save} for a registered environment. */
    public static Ppo load(Path file) throws IOException {
        AgentFile.Contents c = AgentFile.load(file);
        return load(file, c, registered(file, c.envId()));
    }

    /** Loads an agent saved by {@link #save}, training on environments from {@code factory}. */
    public static Ppo load(Path file, Supplier<? extends Env<?, ?>> factory) throws IOException {
        return load(file, AgentFile.load(file), factory);
    }

    /** Loads from already-read contents (used by {@code Agents.load}). */
    public static Ppo load(Path file, AgentFile.Contents c, Supplier<? extends Env<?, ?>> factory) throws IOException {
        return load(file, c, factory, Ppo::new);
    }
}
