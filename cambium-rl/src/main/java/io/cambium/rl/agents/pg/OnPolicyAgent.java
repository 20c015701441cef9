package io.cambium.rl.agents.pg;

import io.cambium.Cambium;
import io.cambium.nn.Variable;
import io.cambium.nn.io.InvalidFileException;
import io.cambium.nn.optimizers.BaseOptimizer;
import io.cambium.rl.agents.AgentSupport;
import io.cambium.rl.agents.BaseAgent;
import io.cambium.rl.agents.Callback;
import io.cambium.rl.env.Env;
import io.cambium.rl.env.vector.NormalizeVector;
import io.cambium.rl.env.vector.SyncVectorEnv;
import io.cambium.rl.env.vector.VectorEnv;
import io.cambium.rl.env.vector.VectorStep;
import io.cambium.rl.io.AgentFile;
import io.cambium.rl.io.Json;
import io.cambium.rl.normalize.ObservationNormalizer;
import io.cambium.rl.normalize.RunningMeanStd;
import io.cambium.rl.spaces.Box;
import io.cambium.rl.spaces.Discrete;
import io.cambium.rl.train.Schedule;
import io.cambium.rl.train.TrainingLog;
import io.cambium.tensor.Tensor;
import io.cambium.tensor.autograd.NoGrad;
import io.cambium.tensor.random.Rng;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The machinery shared by the policy-gradient agents (Stable-Baselines3's
 * {@code OnPolicyAlgorithm}): an {@link ActorCritic} policy for discrete (categorical) or
 * continuous (Gaussian, state-independent log standard deviation) actions, vectorized rollout
 * collection with GAE, bootstrapping of time-limit truncations from the value of the final
 * observation, optional observation and reward normalization as SB3's {@code VecNormalize}, and
 * saving. Continuous actions are sampled unclipped and clipped to the action bounds only when
 * sent to the environment, as in SB3.
 *
 * @param <S> the concrete agent, returned by the fluent setters
 */
public abstract class OnPolicyAgent<S extends OnPolicyAgent<S>> extends BaseAgent<float[], Object> {
    protected final int obsSize;
    protected final boolean discrete;
    protected final int actionSize;
    private final float[] low;
    private final float[] high;

    protected Schedule learningRate;
    protected int nSteps;
    protected double gamma = 0.99;
    protected double gaeLambda;
    protected double entCoef = 0.0;
    protected double vfCoef = 0.5;
    protected double maxGradNorm = 0.5;
    protected int[] piArch = {64, 64};
    protected int[] vfArch = {64, 64};
    protected String activation = "tanh";
    protected boolean orthoInit = true;
    protected double logStdInit = 0.0;
    protected int numEnvs = 1;
    protected long seed;
    protected boolean normalizeObservations;
    protected boolean normalizeRewards;

    protected ActorCritic policy;
    protected BaseOptimizer<?> optimizer;
    protected Rng rng;
    protected ObservationNormalizer normalizer;
    protected RunningMeanStd returnStats;
    protected RolloutBuffer buffer;
    protected VectorEnv<float[], Object> venv;
    protected List<float[]> lastObs;
    private boolean[] lastStarts;
    protected long updates;
    protected long totalTimesteps;

    /**
     * Checks the spaces (a flat Box of observations; Discrete or bounded Box actions) and sets the
     * algorithm's default learning rate, rollout length and GAE λ.
     */
    protected OnPolicyAgent(String name, Supplier<? extends Env<?, ?>> factory, Schedule learningRate, int nSteps,
                            double gaeLambda) {
        super(name, factory);
        String upper = name.toUpperCase(java.util.Locale.ROOT);
        this.obsSize = AgentSupport.boxSize(upper, envId, observationSpace);
        if (actionSpace instanceof Discrete d) {
            if (d.start() != 0) {
                throw new IllegalArgumentException(upper + " needs a Discrete action space starting at 0; " + envId + " has "
                        + d);
            }
            discrete = true;
            actionSize = d.n();
            low = null;
            high = null;
        } else if (actionSpace instanceof Box b && b.shape().length == 1 && b.isBounded()) {
            discrete = false;
            actionSize = b.size();
            low = b.low();
            high = b.high();
        } else {
            throw new IllegalArgumentException(upper + " needs a Discrete or a bounded one-dimensional Box action space; "
                    + envId + " has " + actionSpace);
        }
        this.learningRate = learningRate;
        this.nSteps = nSteps;
        this.gaeLambda = gaeLambda;
    }

    /** This agent as its concrete type, for the fluent setters. */
    @SuppressWarnings("unchecked")
    protected final S self() {
        return (S) this;
    }

    /** Fails when an option that shapes the networks changes after they were built. */
    protected final void checkNotBuilt(String option) {
        AgentSupport.checkNotBuilt(policy != null, algorithm.toUpperCase(java.util.Locale.ROOT), option);
    }

    /** The algorithm's name in capitals, for messages. */
    protected final String upper() {
        return algorithm.toUpperCase(java.util.Locale.ROOT);
    }

    // ---------------------------------------------------------------- shared options

    /** The learning rate. */
    public S learningRate(double lr) {
        return learningRate(Schedule.constant(lr));
    }

    /** A learning-rate schedule over the training progress (rl-zoo's {@code lin_<x>} is {@code Schedule.linear(x)}). */
    public S learningRate(Schedule s) {
        this.learningRate = s;
        return self();
    }

    /** Steps per environment in each rollout. */
    public S nSteps(int n) {
        checkNotBuilt("n_steps");
        this.nSteps = AgentSupport.positive(upper(), "n_steps", n);
        return self();
    }

    /** The discount factor (default 0.99). */
    public S gamma(double g) {
        this.gamma = AgentSupport.within(upper(), "gamma", g, 0, 1);
        return self();
    }

    /** The GAE λ. */
    public S gaeLambda(double l) {
        this.gaeLambda = AgentSupport.within(upper(), "gae_lambda", l, 0, 1);
        return self();
    }

    /** The entropy bonus coefficient (default 0). */
    public S entCoef(double c) {
        this.entCoef = AgentSupport.within(upper(), "ent_coef", c, 0, Double.MAX_VALUE);
        return self();
    }

    /** The value-loss coefficient (default 0.5). */
    public S vfCoef(double c) {
        this.vfCoef = AgentSupport.within(upper(), "vf_coef", c, 0, Double.MAX_VALUE);
        return self();
    }

    /** The global gradient-norm clip (default 0.5). */
    public S maxGradNorm(double n) {
        this.maxGradNorm = AgentSupport.within(upper(), "max_grad_norm", n, Double.MIN_VALUE, Double.MAX_VALUE);
        return self();
    }

    /** Hidden sizes of both the policy and the value network (default 64, 64). */
    public S netArch(int... sizes) {
        return netArch(sizes, sizes);
    }

    /** Hidden sizes of the policy and of the value network. */
    public S netArch(int[] pi, int[] vf) {
        checkNotBuilt("net_arch");
        this.piArch = AgentSupport.netArch(upper(), pi);
        this.vfArch = AgentSupport.netArch(upper(), vf);
        return self();
    }

    /** The hidden activation by Keras name (default {@code tanh}). */
    public S activation(String a) {
        checkNotBuilt("activation_fn");
        io.cambium.nn.Activations.get(a);
        this.activation = a;
        return self();
    }

    /** Orthogonal initialization (default true) or PyTorch's default. */
    public S orthoInit(boolean v) {
        checkNotBuilt("ortho_init");
        this.orthoInit = v;
        return self();
    }

    /** The initial log standard deviation of Gaussian policies (default 0). */
    public S logStdInit(double v) {
        checkNotBuilt("log_std_init");
        this.logStdInit = v;
        return self();
    }

    /** Parallel copies of the environment (default 1). */
    public S numEnvs(int n) {
        checkNotBuilt("n_envs");
        this.numEnvs = AgentSupport.positive(upper(), "n_envs", n);
        return self();
    }

    /** The seed of the weights, sampling and environments (default 0). */
    public S seed(long s) {
        checkNotBuilt("seed");
        if (s < 0) {
            throw new IllegalArgumentException(upper() + ": seed must be >= 0, got " + s);
        }
        this.seed = s;
        return self();
    }

    /** Normalizes observations with running statistics, as VecNormalize (default false). */
    public S normalizeObservations(boolean v) {
        checkNotBuilt("normalize");
        this.normalizeObservations = v;
        return self();
    }

    /** Scales rewards by the running deviation of the discounted return, as VecNormalize (default false). */
    public S normalizeRewards(boolean v) {
        checkNotBuilt("normalize_reward");
        this.normalizeRewards = v;
        return self();
    }

    // ---------------------------------------------------------------- building and acting

    /** The optimizer of the agent's algorithm. */
    protected abstract BaseOptimizer<?> createOptimizer();

    /** Builds the policy, optimizer, generator and normalizers on first use (seeding Cambium's generator). */
    protected final void ensureBuilt() {
        if (policy != null) {
            return;
        }
        Cambium.seed(seed);
        policy = new ActorCritic(obsSize, discrete, actionSize, piArch, vfArch, activation, orthoInit, logStdInit);
        optimizer = createOptimizer().globalClipNorm(maxGradNorm);
        rng = new Rng(seed);
        normalizer = normalizeObservations ? new ObservationNormalizer(obsSize) : null;
        returnStats = normalizeRewards ? new RunningMeanStd(1) : null;
    }

    /** Raw observations as a tensor, normalized with the frozen statistics when normalization is on. */
    protected final Tensor observations(List<float[]> raw) {
        Tensor t = AgentSupport.stack(raw, obsSize);
        return normalizer == null ? t : Tensor.wrapOwned(normalizer.normalize(t.data(), raw.size()), raw.size(), obsSize);
    }

    @Override
    public Object act(float[] observation, boolean deterministic) {
        return act(List.of(observation), deterministic).get(0);
    }

    /** Actions for raw observations (normalized with the frozen statistics when normalization is on). */
    @Override
    public List<Object> act(List<float[]> observations, boolean deterministic) {
        ensureBuilt();
        float[] out;
        try (var g = NoGrad.scope()) {
            out = policy.policyOutput(observations(observations)).data();
        }
        return envActions(policy.sample(out, observations.size(), rng, deterministic), observations.size());
    }

    /** The value estimate of a raw observation. */
    public float value(float[] observation) {
        ensureBuilt();
        try (var g = NoGrad.scope()) {
            return policy.values(observations(List.of(observation))).item();
        }
    }

    /** Environment actions for sampled rows: indices, or vectors clipped to the action bounds. */
    protected final List<Object> envActions(float[] a, int rows) {
        List<Object> out = new ArrayList<>(rows);
        int w = policy.actionWidth();
        for (int r = 0; r < rows; r++) {
            if (discrete) {
                out.add((int) a[r]);
            } else {
                float[] v = new float[w];
                for (int j = 0; j < w; j++) {
                    v[j] = Math.max(low[j], Math.min(high[j], a[r * w + j]));
                }
                out.add(v);
            }
        }
        return out;
    }

    // ---------------------------------------------------------------- rollouts

    /** Creates and resets the training environments on first use. */
    protected final void ensureEnvs() {
        if (venv != null) {
            return;
        }
        SyncVectorEnv<float[], Object> sync = AgentSupport.trainingEnvs(factory, numEnvs);
        venv = normalizer == null && returnStats == null ? sync : new NormalizeVector<>(sync, normalizer, returnStats, gamma);
        lastObs = venv.reset(seed + steps).observations();
        lastStarts = new boolean[numEnvs];
        java.util.Arrays.fill(lastStarts, true);
    }

    /**
     * Fills {@code buf} with {@code nSteps} vector steps and computes its advantages.
     *
     * @return false when a callback stopped training (the rollout is then incomplete)
     */
    protected final boolean collectRollout(RolloutBuffer buf, List<Callback> callbacks) {
        ensureEnvs();
        buf.reset();
        int n = numEnvs;
        while (!buf.full()) {
            Tensor obsT = AgentSupport.stack(lastObs, obsSize);
            float[] out;
            float[] values;
            float[] actions;
            float[] logp;
            try (var g = NoGrad.scope()) {
                Tensor o = policy.policyOutput(obsT);
                out = o.data();
                values = policy.values(obsT).data();
                actions = policy.sample(out, n, rng, false);
                logp = policy.logProb(o, Tensor.wrapOwned(actions.clone(), n, policy.actionWidth())).data();
            }
            VectorStep<float[]> s = venv.step(envActions(actions, n));
            steps += n;
            AgentSupport.logEpisodes(s, log, steps);
            double[] rewards = s.rewards().clone();
            for (int i = 0; i < n; i++) {
                if (s.truncated()[i] && !s.terminated()[i]) {
                    float[] fin = AgentSupport.nextObservation(s, i);
                    try (var g = NoGrad.scope()) {
                        rewards[i] += gamma * policy.values(AgentSupport.stack(List.of(fin), obsSize)).item();
                    }
                }
            }
            float[] flat = new float[n * obsSize];
            for (int i = 0; i < n; i++) {
                System.arraycopy(lastObs.get(i), 0, flat, i * obsSize, obsSize);
            }
            buf.add(flat, actions, rewards, lastStarts, values, logp);
            lastObs = s.observations();
            boolean[] starts = new boolean[n];
            for (int i = 0; i < n; i++) {
                starts[i] = s.done(i);
            }
            lastStarts = starts;
            // After the step is fully recorded, so that a later learn() continues from consistent state.
            if (!callbacks(callbacks)) {
                return false;
            }
        }
        float[] lastValues;
        try (var g = NoGrad.scope()) {
            lastValues = policy.values(AgentSupport.stack(lastObs, obsSize)).data();
        }
        buf.computeReturnsAndAdvantages(lastValues, lastStarts, gamma, gaeLambda);
        return true;
    }

    /** Observations {@code [rows, obsSize]} of the buffer samples {@code idx}. */
    protected final Tensor gatherObs(RolloutBuffer b, int[] idx, int from, int to) {
        int rows = to - from;
        float[] o = new float[rows * obsSize];
        for (int k = 0; k < rows; k++) {
            System.arraycopy(b.obs, idx[k + from] * obsSize, o, k * obsSize, obsSize);
        }
        return Tensor.wrapOwned(o, rows, obsSize);
    }

    /** Actions {@code [rows, actionWidth]} of the buffer samples {@code idx}. */
    protected final Tensor gatherActions(RolloutBuffer b, int[] idx, int from, int to) {
        int rows = to - from;
        int w = b.actionWidth;
        float[] a = new float[rows * w];
        for (int k = 0; k < rows; k++) {
            System.arraycopy(b.actions, idx[k + from] * w, a, k * w, w);
        }
        return Tensor.wrapOwned(a, rows, w);
    }

    /** Entries {@code idx[from, to)} of a per-sample array. */
    protected static float[] gather(float[] values, int[] idx, int from, int to) {
        float[] out = new float[to - from];
        for (int k = from; k < to; k++) {
            out[k - from] = values[idx[k]];
        }
        return out;
    }

    /** Runs rollouts and training phases for {@code moreSteps} environment steps. */
    @Override
    public TrainingLog learn(long moreSteps, List<Callback> callbacks) {
        if (moreSteps < 0) {
            throw new IllegalArgumentException(upper() + ": steps must be >= 0, got " + moreSteps);
        }
        ensureBuilt();
        if (buffer == null) {
            buffer = new RolloutBuffer(nSteps, numEnvs, obsSize, policy.actionWidth());
        }
        long end = steps + moreSteps;
        totalTimesteps = end;
        log.startClock();
        try {
            while (steps < end) {
                if (!iteration(callbacks)) {
                    break;
                }
            }
        } finally {
            log.flushMetrics();
            log.stopClock();
        }
        return log;
    }

    /**
     * One collection and training phase: by default a rollout of {@code nSteps} per environment
     * and {@link #train}.
     *
     * @return false when a callback stopped training
     */
    protected boolean iteration(List<Callback> callbacks) {
        if (!collectRollout(buffer, callbacks)) {
            return false;
        }
        double progressRemaining = progressRemaining();
        optimizer.setLearningRate((float) learningRate.value(progressRemaining));
        train(buffer, progressRemaining);
        return true;
    }

    /** The fraction of the current {@code learn} call's steps still to go (1 to 0). */
    protected final double progressRemaining() {
        return Math.max(0, 1.0 - (double) steps / Math.max(1, totalTimesteps));
    }

    /** One training phase on a full rollout. */
    protected abstract void train(RolloutBuffer b, double progressRemaining);

    /** Logs the fraction of the return variance the value function explains (SB3's explained_variance). */
    protected final void logExplainedVariance(RolloutBuffer b) {
        int n = b.values.length;
        double mr = 0;
        double md = 0;
        for (int i = 0; i < n; i++) {
            mr += b.returns[i];
            md += b.returns[i] - b.values[i];
        }
        mr /= n;
        md /= n;
        double vr = 0;
        double vd = 0;
        for (int i = 0; i < n; i++) {
            vr += (b.returns[i] - mr) * (b.returns[i] - mr);
            double d = b.returns[i] - b.values[i] - md;
            vd += d * d;
        }
        if (vr > 0) {
            log.addMetric("explained_variance", steps, 1 - vd / vr);
        }
    }

    // ---------------------------------------------------------------- bookkeeping

    /** Gradient steps taken so far. */
    public long updates() {
        return updates;
    }

    /** The current standard deviations of a Gaussian policy, or {@code null} for discrete actions. */
    public float[] actionStd() {
        ensureBuilt();
        if (policy.logStd == null) {
            return null;
        }
        float[] ls = policy.logStd.value().data();
        float[] s = new float[ls.length];
        for (int i = 0; i < s.length; i++) {
            s[i] = (float) Math.exp(ls[i]);
        }
        return s;
    }

    // ---------------------------------------------------------------- saving

    /** The hyperparameters (SB3's names). */
    public Map<String, Object> config() {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("learning_rate", Schedule.toConfig(learningRate));
        c.put("n_steps", nSteps);
        c.put("gamma", gamma);
        c.put("gae_lambda", gaeLambda);
        c.put("ent_coef", entCoef);
        c.put("vf_coef", vfCoef);
        c.put("max_grad_norm", maxGradNorm);
        c.put("net_arch_pi", java.util.Arrays.stream(piArch).boxed().toList());
        c.put("net_arch_vf", java.util.Arrays.stream(vfArch).boxed().toList());
        c.put("activation_fn", activation);
        c.put("ortho_init", orthoInit);
        c.put("log_std_init", logStdInit);
        c.put("n_envs", numEnvs);
        c.put("seed", seed);
        c.put("normalize", normalizeObservations);
        c.put("normalize_reward", normalizeRewards);
        specificConfig(c);
        return c;
    }

    /** Adds the algorithm's own hyperparameters. */
    protected abstract void specificConfig(Map<String, Object> c);

    /** Applies the algorithm's own hyperparameters from a saved config. */
    protected abstract void applySpecificConfig(Json c) throws InvalidFileException;

    /**
     * Saves the policy and value networks, optimizer state, normalization statistics, counters,
     * generator and log atomically. Training resumed from the file starts new episodes.
     */
    @Override
    public void save(Path file) throws IOException {
        ensureBuilt();
        Map<String, Tensor> t = new LinkedHashMap<>(AgentFile.tensors("policy/", policy.variables()));
        optimizer.state().forEach((k, v) -> t.put("optimizer/" + k, v));
        Map<String, Object> state = new LinkedHashMap<>();
        state.put("steps", steps);
        state.put("updates", updates);
        state.put("rng", rng.state());
        if (normalizer != null) {
            RunningMeanStd s = normalizer.stats();
            state.put("obs_rms", Map.of("mean", s.mean(), "var", s.var(), "count", s.count()));
        }
        if (returnStats != null) {
            state.put("ret_rms", Map.of("mean", returnStats.mean(), "var", returnStats.var(), "count", returnStats.count()));
        }
        state.put("log", log.toConfig());
        AgentFile.save(file, new AgentFile.Contents(algorithm, envId, config(), state, t));
    }

    /**
     * Creates an agent with {@code constructor} and restores it from file contents.
     *
     * @throws InvalidFileException naming the file when the contents do not fit
     */
    protected static <T extends OnPolicyAgent<T>> T load(Path file, AgentFile.Contents c,
            Supplier<? extends Env<?, ?>> factory, Function<Supplier<? extends Env<?, ?>>, T> constructor)
            throws IOException {
        T a;
        try {
            a = constructor.apply(factory);
        } catch (IllegalArgumentException e) {
            throw new InvalidFileException(file, e.getMessage(), e);
        }
        a.checkContents(file, c, a.upper());
        Json cfg = new Json(file, "config", c.config());
        Json st = new Json(file, "state", c.state());
        try {
            a.learningRate(Schedule.fromConfig(cfg.raw("learning_rate")))
                    .nSteps((int) cfg.integer("n_steps", 1, Integer.MAX_VALUE))
                    .gamma(cfg.number("gamma")).gaeLambda(cfg.number("gae_lambda"))
                    .entCoef(cfg.number("ent_coef")).vfCoef(cfg.number("vf_coef")).maxGradNorm(cfg.number("max_grad_norm"))
                    .netArch(cfg.ints("net_arch_pi", 1, 1 << 20), cfg.ints("net_arch_vf", 1, 1 << 20))
                    .activation(cfg.string("activation_fn")).orthoInit(cfg.bool("ortho_init"))
                    .logStdInit(cfg.number("log_std_init")).numEnvs((int) cfg.integer("n_envs", 1, 4096))
                    .seed(cfg.integer("seed", 0, Long.MAX_VALUE))
                    .normalizeObservations(cfg.bool("normalize")).normalizeRewards(cfg.bool("normalize_reward"));
            a.applySpecificConfig(cfg);
        } catch (IllegalArgumentException e) {
            throw new InvalidFileException(file, "invalid " + a.upper() + " config: " + e.getMessage(), e);
        }
        a.ensureBuilt();
        List<Variable> vars = a.policy.variables();
        AgentFile.assign(file, c.tensors(), "policy/", vars);
        try {
            a.optimizer.loadState(AgentFile.section(c.tensors(), "optimizer/"));
            a.rng.setState(st.longs("rng", 6));
        } catch (IllegalArgumentException e) {
            throw new InvalidFileException(file, "cannot restore the optimizer or generator: " + e.getMessage(), e);
        }
        for (String k : c.tensors().keySet()) {
            if (!k.startsWith("policy/") && !k.startsWith("optimizer/")) {
                throw new InvalidFileException(file, "unexpected tensor '" + k + "' in a " + a.upper() + " agent file");
            }
        }
        a.steps = st.integer("steps", 0, Long.MAX_VALUE);
        a.updates = st.integer("updates", 0, Long.MAX_VALUE);
        if (a.normalizer != null) {
            restoreStats(file, new Json(file, "state.obs_rms", st.object("obs_rms")), a.normalizer.stats(), a.obsSize);
        }
        if (a.returnStats != null) {
            restoreStats(file, new Json(file, "state.ret_rms", st.object("ret_rms")), a.returnStats, 1);
        }
        try {
            a.log = TrainingLog.fromConfig(st.object("log"));
        } catch (IllegalArgumentException e) {
            throw new InvalidFileException(file, e.getMessage(), e);
        }
        return a;
    }

    private static void restoreStats(Path file, Json j, RunningMeanStd s, int size) throws InvalidFileException {
        double[] var = j.doubles("var", size);
        for (double v : var) {
            if (!(v >= 0) || Double.isInfinite(v)) {
                throw new InvalidFileException(file, "normalization variance " + v + " is not a finite non-negative number");
            }
        }
        s.set(j.doubles("mean", size), var, j.number("count"));
    }
}
