package io.cambium.rl.agents;

import io.cambium.nn.io.InvalidFileException;
import io.cambium.rl.env.Env;
import io.cambium.rl.envs.Envs;
import io.cambium.rl.io.AgentFile;
import io.cambium.rl.spaces.Space;
import io.cambium.rl.train.TrainingLog;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;

/**
 * What every agent keeps: its algorithm name, the environment factory and id, the spaces, the
 * step count and the training log.
 *
 * @param <O> the observation type
 * @param <A> the action type
 */
public abstract class BaseAgent<O, A> implements Agent<O, A> {
    protected final String algorithm;
    protected final Supplier<? extends Env<?, ?>> factory;
    protected final String envId;
    protected final Space<?> observationSpace;
    protected final Space<?> actionSpace;
    /** Environment steps taken in training. */
    protected long steps;
    /** What training recorded (replaced when an agent is loaded). */
    protected TrainingLog log = new TrainingLog();

    /** Reads the id and spaces from one instance of the environment. */
    protected BaseAgent(String algorithm, Supplier<? extends Env<?, ?>> factory) {
        this.algorithm = algorithm;
        this.factory = factory;
        Env<?, ?> probe = factory.get();
        if (probe == null) {
            throw new IllegalArgumentException(algorithm + ": the environment factory returned null");
        }
        this.envId = probe.id();
        this.observationSpace = probe.observationSpace();
        this.actionSpace = probe.actionSpace();
        probe.close();
    }

    @Override
    public final String algorithm() {
        return algorithm;
    }

    @Override
    public final String envId() {
        return envId;
    }

    @Override
    public final long steps() {
        return steps;
    }

    @Override
    public final TrainingLog log() {
        return log;
    }

    /** Calls every callback after a step; false when one of them stops training. */
    protected final boolean callbacks(List<Callback> callbacks) {
        boolean running = true;
        for (Callback c : callbacks) {
            running &= c.onStep(this);
        }
        return running;
    }

    /**
     * The registered factory of a saved environment id.
     *
     * @throws InvalidFileException when the id is not registered
     */
    public static Supplier<? extends Env<?, ?>> registered(Path file, String envId) throws InvalidFileException {
        try {
            return Envs.factory(envId);
        } catch (IllegalArgumentException e) {
            throw new InvalidFileException(file, "the agent's environment '" + envId
                    + "' is not registered; load it with an environment factory");
        }
    }

    /**
     * Checks that saved contents belong to this agent's algorithm and environment.
     *
     * @throws InvalidFileException naming the file otherwise
     */
    protected final void checkContents(Path file, AgentFile.Contents c, String display) throws InvalidFileException {
        if (!algorithm.equals(c.algorithm())) {
            throw new InvalidFileException(file, "holds a '" + c.algorithm() + "' agent, not a " + display + " agent");
        }
        if (!envId.equals(c.envId())) {
            throw new InvalidFileException(file, "the agent was trained on " + c.envId() + ", the factory makes " + envId);
        }
    }
}
