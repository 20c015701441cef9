package io.cambium.rl.agents.pg;

import io.cambium.nn.Variable;
import io.cambium.nn.io.InvalidFileException;
import io.cambium.nn.optimizers.Adam;
import io.cambium.nn.optimizers.BaseOptimizer;
import io.cambium.nn.optimizers.RMSprop;
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
 * Advantage actor-critic (the synchronous A2C of Mnih et al., 2016) with Stable-Baselines3's
 * {@code A2C} defaults: short rollouts ({@code nSteps} 5 per environment), advantages by GAE with
 * λ = 1 (n-step returns), one gradient step per rollout on {@code -A log π(a|s) + vfCoef (R - V)^2
 * - entCoef H}, RMSprop (α 0.99, ε 1e-5; Adam optionally) and clipping of the global gradient norm.
 */
public final class A2c extends OnPolicyAgent<A2c> {
    private boolean normalizeAdvantage;
    private boolean useRmsProp = true;

    /** A2C on a registered environment (see {@link Envs}). */
    public A2c(String envId) {
        this(Envs.factory(envId));
    }

    /** A2C on environments from {@code factory}; SB3's defaults: rate 7e-4, 5 steps, λ 1. */
    public A2c(Supplier<? extends Env<?, ?>> factory) {
        super("a2c", factory, Schedule.constant(7e-4), 5, 1.0);
    }

    /** Normalizes advantages over the rollout (default false). */
    public A2c normalizeAdvantage(boolean v) {
        this.normalizeAdvantage = v;
        return this;
    }

    /** RMSprop (default) or Adam. */
    public A2c useRmsProp(boolean v) {
        checkNotBuilt("use_rms_prop");
        this.useRmsProp = v;
        return this;
    }

    @Override
    protected BaseOptimizer<?> createOptimizer() {
        double lr = learningRate.value(1.0);
        return useRmsProp ? new RMSprop(lr).rho(0.99).epsilon(1e-5) : new Adam(lr).epsilon(1e-5);
    }

    @Override
    protected void train(RolloutBuffer b, double progressRemaining) {
        int rows = b.nSteps * b.nEnvs;
        int[] all = new int[rows];
        for (int i = 0; i < rows; i++) {
            all[i] = i;
        }
        Tensor obs = gatherObs(b, all, 0, rows);
        Tensor actions = gatherActions(b, all, 0, rows);
        float[] adv = b.advantages.clone();
        if (normalizeAdvantage && rows > 1) {
            Ppo.normalize(adv);
        }
        Tensor out = policy.policyOutput(obs);
        Tensor values = policy.values(obs);
        Tensor logp = policy.logProb(out, actions);
        Tensor policyLoss = Tensor.wrapOwned(adv, rows).mul(logp).mean().neg();
        Tensor valueLoss = Tensor.wrapOwned(b.returns.clone(), rows).sub(values).square().mean();
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
        logExplainedVariance(b);
    }

    @Override
    protected void specificConfig(Map<String, Object> c) {
        c.put("normalize_advantage", normalizeAdvantage);
        c.put("use_rms_prop", useRmsProp);
    }

    @Override
    protected void applySpecificConfig(Json c) throws InvalidFileException {
        normalizeAdvantage(c.bool("normalize_advantage"));
        useRmsProp(c.bool("use_rms_prop"));
    }

    /** Loads an agent saved by {@link #save} for a registered environment. */
    public static A2c load(Path file) throws IOException {
        AgentFile.Contents c = AgentFile.load(file);
        return load(file, c, registered(file, c.envId()));
    }

    /** Loads from already-read contents (used by {@code Agents.load}). */
    public static A2c load(Path file, AgentFile.Contents c, Supplier<? extends Env<?, ?>> factory) throws IOException {
        return load(file, c, factory, A2c::new);
    }
}
