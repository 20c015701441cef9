package io.cambium.rl.agents;

import io.cambium.nn.io.InvalidFileException;
import io.cambium.rl.agents.dqn.Dqn;
import io.cambium.rl.agents.pg.A2c;
import io.cambium.rl.agents.pg.Ppo;
import io.cambium.rl.agents.pg.Reinforce;
import io.cambium.rl.agents.tabular.QLearning;
import io.cambium.rl.env.Env;
import io.cambium.rl.envs.Envs;
import io.cambium.rl.io.AgentFile;
import io.cambium.rl.train.Schedule;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;

/**
 * Agents by algorithm name: loading any saved agent, and new agents with tuned hyperparameters
 * where rl-baselines3-zoo publishes them for an environment (otherwise the algorithm's defaults).
 */
public final class Agents {
    /** The algorithm names. */
    public static final List<String> ALGORITHMS = List.of("dqn", "ppo", "a2c", "reinforce", "q_learning");

    private Agents() {
    }

    /**
     * Loads an agent file of any algorithm for its registered environment.
     *
     * @throws InvalidFileException for a corrupt file, an unknown algorithm or an unregistered environment
     */
    public static Agent<?, ?> load(Path file) throws IOException {
        AgentFile.Contents c = AgentFile.load(file);
        Supplier<? extends Env<?, ?>> factory = BaseAgent.registered(file, c.envId());
        return switch (c.algorithm()) {
            case "dqn" -> Dqn.load(file, c, factory);
            case "ppo" -> Ppo.load(file, c, factory);
            case "a2c" -> A2c.load(file, c, factory);
            case "reinforce" -> Reinforce.load(file, c, factory);
            case "q_learning" -> QLearning.load(file, c, factory);
            default -> throw new InvalidFileException(file, "unknown agent algorithm '" + c.algorithm() + "' (known: "
                    + String.join(", ", ALGORITHMS) + ")");
        };
    }

    /**
     * A new agent for {@code envId}: rl-baselines3-zoo's tuned hyperparameters for the pairs it
     * lists (DQN on CartPole, Acrobot and MountainCar; PPO on CartPole, Acrobot, MountainCar and
     * Pendulum; A2C on CartPole and Acrobot), otherwise the algorithm's defaults.
     *
     * @throws IllegalArgumentException for an unknown algorithm or environment, or spaces the algorithm cannot handle
     */
    public static Agent<?, ?> create(String algorithm, String envId, long seed) {
        Supplier<? extends Env<?, ?>> f = Envs.factory(envId);
        return switch (algorithm) {
            case "dqn" -> dqn(f, envId).seed(seed);
            case "ppo" -> ppo(f, envId).seed(seed);
            case "a2c" -> a2c(f, envId).seed(seed);
            case "reinforce" -> new Reinforce(f).seed(seed);
            case "q_learning" -> new QLearning(f).seed(seed);
            default -> throw new IllegalArgumentException("unknown algorithm '" + algorithm + "' (known: "
                    + String.join(", ", ALGORITHMS) + ")");
        };
    }

    /** The training budget rl-baselines3-zoo uses for a pair, or {@code fallback}. */
    public static long zooTimesteps(String algorithm, String envId, long fallback) {
        return switch (algorithm + "/" + envId) {
            case "dqn/CartPole-v1" -> 50_000;
            case "dqn/Acrobot-v1" -> 100_000;
            case "dqn/MountainCar-v0" -> 120_000;
            case "ppo/CartPole-v1" -> 100_000;
            case "ppo/Acrobot-v1", "ppo/MountainCar-v0", "ppo/Pendulum-v1" -> 1_000_000;
            case "a2c/CartPole-v1" -> 500_000;
            case "a2c/Acrobot-v1" -> 500_000;
            default -> fallback;
        };
    }

    private static Dqn dqn(Supplier<? extends Env<?, ?>> f, String envId) {
        Dqn d = new Dqn(f);
        return switch (envId) {
            case "CartPole-v1" -> d.learningRate(2.3e-3).batchSize(64).bufferSize(100_000).learningStarts(1000)
                    .gamma(0.99).targetUpdateInterval(10).trainFreq(256).gradientSteps(128)
                    .explorationFraction(0.16).explorationFinalEps(0.04).netArch(256, 256);
            case "Acrobot-v1" -> d.learningRate(6.3e-4).batchSize(128).bufferSize(50_000).learningStarts(0).gamma(0.99)
                    .targetUpdateInterval(250).trainFreq(4).gradientSteps(-1).explorationFraction(0.12)
                    .explorationFinalEps(0.1).netArch(256, 256);
            case "MountainCar-v0" -> d.learningRate(4e-3).batchSize(128).bufferSize(10_000).learningStarts(1000)
                    .gamma(0.98).targetUpdateInterval(600).trainFreq(16).gradientSteps(8).explorationFraction(0.2)
                    .explorationFinalEps(0.07).netArch(256, 256);
            default -> d;
        };
    }

    private static Ppo ppo(Supplier<? extends Env<?, ?>> f, String envId) {
        Ppo p = new Ppo(f);
        return switch (envId) {
            case "CartPole-v1" -> p.numEnvs(8).nSteps(32).batchSize(256).gaeLambda(0.8).gamma(0.98).nEpochs(20)
                    .entCoef(0.0).learningRate(Schedule.linear(1e-3)).clipRange(Schedule.linear(0.2));
            case "Acrobot-v1" -> p.normalizeObservations(true).normalizeRewards(true).numEnvs(16).nSteps(256)
                    .gaeLambda(0.94).gamma(0.99).nEpochs(4).entCoef(0.0);
            case "MountainCar-v0" -> p.normalizeObservations(true).normalizeRewards(true).numEnvs(16).nSteps(16)
                    .gaeLambda(0.98).gamma(0.99).nEpochs(4).entCoef(0.0);
            // The zoo adds gSDE, which Cambium does not implement; without it the same settings still learn.
            case "Pendulum-v1" -> p.normalizeObservations(true).normalizeRewards(true).numEnvs(4).nSteps(1024)
                    .gaeLambda(0.95).gamma(0.9).nEpochs(10).entCoef(0.0).learningRate(1e-3).clipRange(0.2);
            default -> p;
        };
    }

    private static A2c a2c(Supplier<? extends Env<?, ?>> f, String envId) {
        A2c a = new A2c(f);
        return switch (envId) {
            case "CartPole-v1" -> a.numEnvs(8).entCoef(0.0);
            case "Acrobot-v1" -> a.normalizeObservations(true).normalizeRewards(true).numEnvs(16).entCoef(0.0);
            default -> a;
        };
    }
}
