package io.cambium.rl.agents.dqn;

import io.cambium.Cambium;
import io.cambium.nn.Variable;
import io.cambium.nn.io.InvalidFileException;
import io.cambium.nn.losses.Loss;
import io.cambium.nn.losses.Losses;
import io.cambium.nn.optimizers.Adam;
import io.cambium.rl.agents.BaseAgent;
import io.cambium.rl.agents.AgentSupport;
import io.cambium.rl.agents.Callback;
import io.cambium.rl.agents.Networks;
import io.cambium.rl.env.Env;
import io.cambium.rl.env.vector.SyncVectorEnv;
import io.cambium.rl.env.vector.VectorStep;
import io.cambium.rl.envs.Envs;
import io.cambium.rl.io.AgentFile;
import io.cambium.rl.io.Json;
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
import java.util.function.Supplier;

/**
 * Deep Q-learning (Mnih et al., 2015) with Stable-Baselines3's {@code DQN} loop and defaults: an
 * ε-greedy policy over a Q-network, a replay buffer, a target network updated every
 * {@code targetUpdateInterval} steps (a hard copy with {@code tau = 1}, Polyak averaging below),
 * the Huber loss on {@code r + γ (1 - terminated) max_a' Q_target(s', a')}, Adam and gradient
 * clipping by global norm; ε decays linearly from {@code explorationInitialEps} to
 * {@code explorationFinalEps} over the first {@code explorationFraction} of training. Options
 * beyond SB3: Double DQN (the online network picks {@code a'}, the target evaluates it) and
 * dueling heads. Episodes cut by a time limit still bootstrap from their last observation.
 *
 * <pre>{@code
 * var dqn = new Dqn("CartPole-v1").learningRate(2.3e-3).batchSize(64).bufferSize(100_000)
 *         .learningStarts(1000).targetUpdateInterval(10).trainFreq(256).gradientSteps(128)
 *         .explorationFraction(0.16).explorationFinalEps(0.04).netArch(256, 256).seed(0);
 * dqn.learn(50_000, List.of(new EvalCallback(Envs.factory("CartPole-v1"), 5000, 100, 1000).threshold(475)));
 * int action = dqn.act(observation, true);
 * }</pre>
 */
public final class Dqn extends BaseAgent<float[], Integer> {
    private static final String NAME = "dqn";

    private final int obsSize;
    private final int actionCount;

    private Schedule learningRate = Schedule.constant(1e-4);
    private int bufferSize = 1_000_000;
    private int learningStarts = 100;
    private int batchSize = 32;
    private double tau = 1.0;
    private double gamma = 0.99;
    private int trainFreq = 4;
    private int gradientSteps = 1;
    private int targetUpdateInterval = 10_000;
    private double explorationFraction = 0.1;
    private double explorationInitialEps = 1.0;
    private double explorationFinalEps = 0.05;
    private double maxGradNorm = 10;
    private int[] netArch = {64, 64};
    private boolean doubleQ;
    private boolean dueling;
    private int numEnvs = 1;
    private long seed;
    private boolean saveReplayBuffer = true;

    private QNetwork q;
    private QNetwork target;
    private Adam optimizer;
    private ReplayBuffer buffer;
    private Rng rng;
    private final Loss huber = Losses.huber(1.0);
    private SyncVectorEnv<float[], Integer> venv;
    private List<float[]> lastObs;
    private long calls;
    private long updates;
    private long totalTimesteps;
    private double explorationRate = 1.0;

    /** DQN on a registered environment (see {@link Envs}). */
    public Dqn(String envId) {
        this(Envs.factory(envId));
    }

    /**
     * DQN on environments from {@code factory}.
     *
     * @throws IllegalArgumentException unless observations are a flat Box and actions Discrete from 0
     */
    public Dqn(Supplier<? extends Env<?, ?>> factory) {
        super(NAME, factory);
        this.obsSize = AgentSupport.boxSize("DQN", envId, observationSpace);
        if (!(actionSpace instanceof Discrete d) || d.start() != 0) {
            throw new IllegalArgumentException("DQN needs a Discrete action space starting at 0; " + envId + " has "
                    + actionSpace);
        }
        this.actionCount = d.n();
    }

    // ---------------------------------------------------------------- options (SB3 names and defaults)

    /** The learning rate (default 1e-4). */
    public Dqn learningRate(double lr) {
        return learningRate(Schedule.constant(lr));
    }

    /** A learning-rate schedule over the training progress. */
    public Dqn learningRate(Schedule s) {
        this.learningRate = s;
        return this;
    }

    /** The replay capacity in transitions (default 1,000,000). */
    public Dqn bufferSize(int n) {
        AgentSupport.checkNotBuilt(q != null, "DQN", "buffer_size");
        this.bufferSize = AgentSupport.positive("DQN", "buffer_size", n);
        return this;
    }

    /** Steps of uniformly random actions before learning starts (default 100). */
    public Dqn learningStarts(int n) {
        if (n < 0) {
            throw new IllegalArgumentException("DQN: learning_starts must be >= 0, got " + n);
        }
        this.learningStarts = n;
        return this;
    }

    /** The minibatch size (default 32). */
    public Dqn batchSize(int n) {
        this.batchSize = AgentSupport.positive("DQN", "batch_size", n);
        return this;
    }

    /** The target update coefficient: 1 copies, less averages (default 1). */
    public Dqn tau(double t) {
        this.tau = AgentSupport.within("DQN", "tau", t, Double.MIN_VALUE, 1);
        return this;
    }

    /** The discount factor (default 0.99). */
    public Dqn gamma(double g) {
        this.gamma = AgentSupport.within("DQN", "gamma", g, 0, 1);
        return this;
    }

    /** Vector steps between training phases (default 4). */
    public Dqn trainFreq(int n) {
        this.trainFreq = AgentSupport.positive("DQN", "train_freq", n);
        return this;
    }

    /** Gradient steps per training phase; -1 takes as many as environment steps were collected (default 1). */
    public Dqn gradientSteps(int n) {
        if (n < -1 || n == 0) {
            throw new IllegalArgumentException("DQN: gradient_steps must be >= 1 or -1, got " + n);
        }
        this.gradientSteps = n;
        return this;
    }

    /** Environment steps between target updates (default 10,000). */
    public Dqn targetUpdateInterval(int n) {
        this.targetUpdateInterval = AgentSupport.positive("DQN", "target_update_interval", n);
        return this;
    }

    /** The fraction of training over which ε decays (default 0.1). */
    public Dqn explorationFraction(double f) {
        this.explorationFraction = AgentSupport.within("DQN", "exploration_fraction", f, Double.MIN_VALUE, 1);
        return this;
    }

    /** The initial ε (default 1). */
    public Dqn explorationInitialEps(double e) {
        this.explorationInitialEps = AgentSupport.within("DQN", "exploration_initial_eps", e, 0, 1);
        return this;
    }

    /** The final ε (default 0.05). */
    public Dqn explorationFinalEps(double e) {
        this.explorationFinalEps = AgentSupport.within("DQN", "exploration_final_eps", e, 0, 1);
        return this;
    }

    /** The global gradient-norm clip (default 10). */
    public Dqn maxGradNorm(double n) {
        this.maxGradNorm = AgentSupport.within("DQN", "max_grad_norm", n, Double.MIN_VALUE, Double.MAX_VALUE);
        return this;
    }

    /** The hidden layer sizes (default 64, 64). */
    public Dqn netArch(int... sizes) {
        AgentSupport.checkNotBuilt(q != null, "DQN", "net_arch");
        this.netArch = AgentSupport.netArch("DQN", sizes);
        return this;
    }

    /** Double DQN targets (default false). */
    public Dqn doubleQ(boolean v) {
        this.doubleQ = v;
        return this;
    }

    /** Dueling value and advantage heads (default false). */
    public Dqn dueling(boolean v) {
        AgentSupport.checkNotBuilt(q != null, "DQN", "dueling");
        this.dueling = v;
        return this;
    }

    /** Parallel copies of the environment (default 1). */
    public Dqn numEnvs(int n) {
        AgentSupport.checkNotBuilt(q != null, "DQN", "n_envs");
        this.numEnvs = AgentSupport.positive("DQN", "n_envs", n);
        return this;
    }

    /** The seed of the weights, exploration, sampling and environments (default 0). */
    public Dqn seed(long s) {
        AgentSupport.checkNotBuilt(q != null, "DQN", "seed");
        if (s < 0) {
            throw new IllegalArgumentException("DQN: seed must be >= 0, got " + s);
        }
        this.seed = s;
        return this;
    }

    /** Whether {@link #save} includes the replay buffer (default true). */
    public Dqn saveReplayBuffer(boolean v) {
        this.saveReplayBuffer = v;
        return this;
    }

    // ---------------------------------------------------------------- acting

    private void ensureBuilt() {
        if (q != null) {
            return;
        }
        Cambium.seed(seed);
        q = new QNetwork("q", obsSize, actionCount, netArch, dueling);
        target = new QNetwork("q_target", obsSize, actionCount, netArch, dueling);
        Networks.polyak(q.variables(), target.variables(), 1.0);
        optimizer = new Adam(learningRate.value(1.0)).epsilon(1e-8).globalClipNorm(maxGradNorm);
        buffer = new ReplayBuffer(bufferSize, obsSize);
        rng = new Rng(seed);
    }

    /** The Q-values of one observation. */
    public float[] qValues(float[] observation) {
        ensureBuilt();
        try (var g = NoGrad.scope()) {
            return q.forward(AgentSupport.stack(List.of(observation), obsSize)).data().clone();
        }
    }

    @Override
    public Integer act(float[] observation, boolean deterministic) {
        return act(List.of(observation), deterministic).get(0);
    }

    /** Greedy actions, or ε-greedy ones with the current exploration rate when not deterministic. */
    @Override
    public List<Integer> act(List<float[]> observations, boolean deterministic) {
        ensureBuilt();
        int n = observations.size();
        float[] qs;
        try (var g = NoGrad.scope()) {
            qs = q.forward(AgentSupport.stack(observations, obsSize)).data();
        }
        List<Integer> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            if (!deterministic && rng.nextDouble() < explorationRate) {
                out.add(rng.nextInt(actionCount));
            } else {
                out.add(argmax(qs, i * actionCount, actionCount));
            }
        }
        return out;
    }

    private static int argmax(float[] a, int off, int n) {
        int best = 0;
        for (int j = 1; j < n; j++) {
            if (a[off + j] > a[off + best]) {
                best = j;
            }
        }
        return best;
    }

    /** The current exploration rate ε. */
    public double explorationRate() {
        return explorationRate;
    }

    // ---------------------------------------------------------------- training

    @Override
    public TrainingLog learn(long moreSteps, List<Callback> callbacks) {
        if (moreSteps < 0) {
            throw new IllegalArgumentException("DQN: steps must be >= 0, got " + moreSteps);
        }
        ensureBuilt();
        long end = steps + moreSteps;
        totalTimesteps = end;
        if (venv == null) {
            venv = AgentSupport.trainingEnvs(factory, numEnvs);
            lastObs = venv.reset(seed + steps).observations();
        }
        log.startClock();
        try {
            boolean running = true;
            while (running && steps < end) {
                long collected = 0;
                for (int k = 0; k < trainFreq && steps < end; k++) {
                    List<Integer> actions = steps < learningStarts ? randomActions() : act(lastObs, false);
                    VectorStep<float[]> s = venv.step(actions);
                    steps += numEnvs;
                    calls++;
                    collected += numEnvs;
                    for (int i = 0; i < numEnvs; i++) {
                        buffer.add(lastObs.get(i), actions.get(i), s.rewards()[i], AgentSupport.nextObservation(s, i),
                                s.terminated()[i]);
                    }
                    AgentSupport.logEpisodes(s, log, steps);
                    lastObs = s.observations();
                    double progressRemaining = 1.0 - (double) steps / totalTimesteps;
                    if (calls % Math.max(targetUpdateInterval / numEnvs, 1) == 0) {
                        Networks.polyak(q.variables(), target.variables(), tau);
                    }
                    explorationRate = Schedule.linear(explorationInitialEps, explorationFinalEps, explorationFraction)
                            .value(progressRemaining);
                    log.addMetric("exploration_rate", steps, explorationRate);
                    running = callbacks(callbacks);
                    if (!running) {
                        break;
                    }
                }
                if (running && steps > learningStarts) {
                    train(gradientSteps >= 0 ? gradientSteps : (int) collected);
                }
            }
        } finally {
            log.flushMetrics();
            log.stopClock();
        }
        return log;
    }

    private List<Integer> randomActions() {
        List<Integer> a = new ArrayList<>(numEnvs);
        for (int i = 0; i < numEnvs; i++) {
            a.add(rng.nextInt(actionCount));
        }
        return a;
    }

    private void train(int gradSteps) {
        optimizer.setLearningRate((float) learningRate.value(1.0 - (double) steps / Math.max(1, totalTimesteps)));
        List<Variable> vars = q.variables();
        double lossSum = 0;
        for (int g = 0; g < gradSteps; g++) {
            ReplayBuffer.Batch b = buffer.sample(batchSize, rng);
            float[] next;
            try (var ng = NoGrad.scope()) {
                Tensor tq = target.forward(b.nextObs());
                Tensor nv = doubleQ ? tq.gather(1, q.forward(b.nextObs()).argmax(1, true)) : tq.max(1, true);
                next = nv.data();
            }
            float[] y = new float[batchSize];
            for (int i = 0; i < batchSize; i++) {
                y[i] = b.rewards()[i] + (1f - b.dones()[i]) * (float) gamma * next[i];
            }
            optimizer.zeroGrad(vars);
            Tensor qsa = q.forward(b.obs()).gather(1, b.actions());
            Tensor loss = huber.call(Tensor.wrapOwned(y, batchSize, 1), qsa);
            loss.backward();
            optimizer.step(vars);
            lossSum += loss.item();
        }
        updates += gradSteps;
        log.addMetric("loss", steps, lossSum / gradSteps);
    }

    /** Gradient steps taken so far. */
    public long updates() {
        return updates;
    }

    // ---------------------------------------------------------------- saving

    /** The hyperparameters (SB3's names). */
    public Map<String, Object> config() {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("learning_rate", Schedule.toConfig(learningRate));
        c.put("buffer_size", bufferSize);
        c.put("learning_starts", learningStarts);
        c.put("batch_size", batchSize);
        c.put("tau", tau);
        c.put("gamma", gamma);
        c.put("train_freq", trainFreq);
        c.put("gradient_steps", gradientSteps);
        c.put("target_update_interval", targetUpdateInterval);
        c.put("exploration_fraction", explorationFraction);
        c.put("exploration_initial_eps", explorationInitialEps);
        c.put("exploration_final_eps", explorationFinalEps);
        c.put("max_grad_norm", maxGradNorm);
        c.put("net_arch", java.util.Arrays.stream(netArch).boxed().toList());
        c.put("double_q", doubleQ);
        c.put("dueling", dueling);
        c.put("n_envs", numEnvs);
        c.put("seed", seed);
        return c;
    }

    /**
     * Saves networks, optimizer state, replay buffer (unless turned off), counters, generators and
     * log atomically. Training resumed from the file starts new episodes.
     */
    @Override
    public void save(Path file) throws IOException {
        ensureBuilt();
        Map<String, Tensor> t = new LinkedHashMap<>();
        t.putAll(AgentFile.tensors("q/", q.variables()));
        t.putAll(AgentFile.tensors("target/", target.variables()));
        optimizer.state().forEach((k, v) -> t.put("optimizer/" + k, v));
        Map<String, Object> state = new LinkedHashMap<>();
        state.put("steps", steps);
        state.put("calls", calls);
        state.put("updates", updates);
        state.put("exploration_rate", explorationRate);
        state.put("rng", rng.state());
        if (saveReplayBuffer) {
            buffer.tensors().forEach((k, v) -> t.put("replay/" + k, v));
            state.put("replay_pos", buffer.position());
            state.put("replay_full", buffer.full());
        }
        state.put("log", log.toConfig());
        AgentFile.save(file, new AgentFile.Contents(NAME, envId, config(), state, t));
    }

    /** Loads an agent saved by {@link #save} for a registered environment. */
    public static Dqn load(Path file) throws IOException {
        AgentFile.Contents c = AgentFile.load(file);
        return load(file, c, registered(file, c.envId()));
    }

    /** Loads an agent saved by {@link #save}, training on environments from {@code factory}. */
    public static Dqn load(Path file, Supplier<? extends Env<?, ?>> factory) throws IOException {
        return load(file, AgentFile.load(file), factory);
    }

    /** Loads from already-read contents (used by {@code Agents.load}). */
    public static Dqn load(Path file, AgentFile.Contents c, Supplier<? extends Env<?, ?>> factory) throws IOException {
        Dqn d;
        try {
            d = new Dqn(factory);
        } catch (IllegalArgumentException e) {
            throw new InvalidFileException(file, e.getMessage(), e);
        }
        d.checkContents(file, c, "DQN");
        Json cfg = new Json(file, "config", c.config());
        Json st = new Json(file, "state", c.state());
        try {
            d.learningRate(Schedule.fromConfig(cfg.raw("learning_rate")))
                    .bufferSize((int) cfg.integer("buffer_size", 1, Integer.MAX_VALUE))
                    .learningStarts((int) cfg.integer("learning_starts", 0, Integer.MAX_VALUE))
                    .batchSize((int) cfg.integer("batch_size", 1, Integer.MAX_VALUE))
                    .tau(cfg.number("tau")).gamma(cfg.number("gamma"))
                    .trainFreq((int) cfg.integer("train_freq", 1, Integer.MAX_VALUE))
                    .gradientSteps((int) cfg.integer("gradient_steps", -1, Integer.MAX_VALUE))
                    .targetUpdateInterval((int) cfg.integer("target_update_interval", 1, Integer.MAX_VALUE))
                    .explorationFraction(cfg.number("exploration_fraction"))
                    .explorationInitialEps(cfg.number("exploration_initial_eps"))
                    .explorationFinalEps(cfg.number("exploration_final_eps"))
                    .maxGradNorm(cfg.number("max_grad_norm"))
                    .netArch(cfg.ints("net_arch", 1, 1 << 20))
                    .doubleQ(cfg.bool("double_q")).dueling(cfg.bool("dueling"))
                    .numEnvs((int) cfg.integer("n_envs", 1, 4096))
                    .seed(cfg.integer("seed", 0, Long.MAX_VALUE));
        } catch (IllegalArgumentException e) {
            throw new InvalidFileException(file, "invalid DQN config: " + e.getMessage(), e);
        }
        d.ensureBuilt();
        AgentFile.assign(file, c.tensors(), "q/", d.q.variables());
        AgentFile.assign(file, c.tensors(), "target/", d.target.variables());
        try {
            d.optimizer.loadState(AgentFile.section(c.tensors(), "optimizer/"));
            d.rng.setState(st.longs("rng", 6));
        } catch (IllegalArgumentException e) {
            throw new InvalidFileException(file, "cannot restore the optimizer or generator: " + e.getMessage(), e);
        }
        d.steps = st.integer("steps", 0, Long.MAX_VALUE);
        d.calls = st.integer("calls", 0, Long.MAX_VALUE);
        d.updates = st.integer("updates", 0, Long.MAX_VALUE);
        d.explorationRate = st.number("exploration_rate");
        Map<String, Tensor> replay = AgentFile.section(c.tensors(), "replay/");
        if (st.has("replay_pos")) {
            String problem = d.buffer.restore(replay, (int) st.integer("replay_pos", 0, d.bufferSize),
                    st.bool("replay_full"), d.actionCount);
            if (problem != null) {
                throw new InvalidFileException(file, problem);
            }
        } else if (!replay.isEmpty()) {
            throw new InvalidFileException(file, "replay tensors without a replay position");
        }
        for (String k : c.tensors().keySet()) {
            if (!(k.startsWith("q/") || k.startsWith("target/") || k.startsWith("optimizer/") || k.startsWith("replay/"))) {
                throw new InvalidFileException(file, "unexpected tensor '" + k + "' in a DQN agent file");
            }
        }
        try {
            d.log = TrainingLog.fromConfig(st.object("log"));
        } catch (IllegalArgumentException e) {
            throw new InvalidFileException(file, e.getMessage(), e);
        }
        return d;
    }
}
