package io.cambium.rl.env.vector;

import io.cambium.rl.env.Env;
import io.cambium.rl.env.Reset;
import io.cambium.rl.env.Step;
import io.cambium.rl.spaces.Space;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Runs its sub-environments one after the other on the calling thread (Gymnasium's
 * {@code SyncVectorEnv}), resetting ended ones as the {@link AutoresetMode} says; the default is
 * Gymnasium's {@link AutoresetMode#NEXT_STEP}.
 *
 * @param <O> the observation type
 * @param <A> the action type
 */
public final class SyncVectorEnv<O, A> implements VectorEnv<O, A> {
    /** The info key of the last observation of an ended episode ({@link AutoresetMode#SAME_STEP}). */
    public static final String FINAL_OBS = "final_obs";
    /** The info key of the last info of an ended episode ({@link AutoresetMode#SAME_STEP}). */
    public static final String FINAL_INFO = "final_info";

    private final List<Env<O, A>> envs;
    private final AutoresetMode mode;
    private final boolean[] autoreset;
    private boolean started;

    /** {@code n} sub-environments from {@code factory}, with next-step autoreset. */
    public SyncVectorEnv(Supplier<? extends Env<O, A>> factory, int n) {
        this(factory, n, AutoresetMode.NEXT_STEP);
    }

    /**
     * {@code n} sub-environments from {@code factory}.
     *
     * @throws IllegalArgumentException when {@code n < 1} or the sub-environments' spaces differ
     */
    public SyncVectorEnv(Supplier<? extends Env<O, A>> factory, int n, AutoresetMode mode) {
        if (n < 1) {
            throw new IllegalArgumentException("SyncVectorEnv: the number of environments must be >= 1, got " + n);
        }
        this.envs = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            envs.add(factory.get());
        }
        this.mode = mode;
        this.autoreset = new boolean[n];
        Env<O, A> first = envs.get(0);
        for (int i = 1; i < n; i++) {
            Env<O, A> e = envs.get(i);
            if (!e.observationSpace().equals(first.observationSpace()) || !e.actionSpace().equals(first.actionSpace())) {
                throw new IllegalArgumentException("SyncVectorEnv: sub-environment " + i + " (" + e.id() + ") has spaces "
                        + e.observationSpace() + " / " + e.actionSpace() + ", sub-environment 0 has "
                        + first.observationSpace() + " / " + first.actionSpace());
            }
        }
    }

    @Override
    public int numEnvs() {
        return envs.size();
    }

    @Override
    public String id() {
        return envs.get(0).id();
    }

    /** Sub-environment {@code i}. */
    public Env<O, A> env(int i) {
        return envs.get(i);
    }

    @Override
    public Space<O> singleObservationSpace() {
        return envs.get(0).observationSpace();
    }

    @Override
    public Space<A> singleActionSpace() {
        return envs.get(0).actionSpace();
    }

    @Override
    public AutoresetMode autoresetMode() {
        return mode;
    }

    @Override
    public VectorReset<O> reset(Long seed) {
        boolean[] all = new boolean[envs.size()];
        java.util.Arrays.fill(all, true);
        return reset(seed, all);
    }

    /**
     * Resets the sub-environments selected by {@code mask} (the others keep running and report
     * {@code null} observations and empty infos); with a seed, sub-environment {@code i} gets
     * {@code seed + i}.
     */
    public VectorReset<O> reset(Long seed, boolean[] mask) {
        if (mask.length != envs.size()) {
            throw new IllegalArgumentException(id() + ": reset mask has " + mask.length + " entries for " + envs.size()
                    + " environments");
        }
        List<O> obs = new ArrayList<>(envs.size());
        List<Map<String, Object>> infos = new ArrayList<>(envs.size());
        for (int i = 0; i < envs.size(); i++) {
            if (mask[i]) {
                Reset<O> r = envs.get(i).reset(seed == null ? null : seed + i, Map.of());
                obs.add(r.observation());
                infos.add(r.info());
                autoreset[i] = false;
            } else {
                obs.add(null);
                infos.add(Map.of());
            }
        }
        started = true;
        return new VectorReset<>(obs, infos);
    }

    /**
     * Steps every sub-environment.
     *
     * @throws IllegalArgumentException when the number of actions differs from the number of
     *     environments, or an action is invalid (the message names the sub-environment)
     * @throws IllegalStateException before the first reset
     */
    @Override
    public VectorStep<O> step(List<A> actions) {
        if (!started) {
            throw new IllegalStateException(id() + ": step() called before reset() of the vector environment");
        }
        int n = envs.size();
        if (actions.size() != n) {
            throw new IllegalArgumentException(id() + ": got " + actions.size() + " actions for " + n + " environments");
        }
        List<O> obs = new ArrayList<>(n);
        double[] rewards = new double[n];
        boolean[] terminated = new boolean[n];
        boolean[] truncated = new boolean[n];
        List<Map<String, Object>> infos = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            Env<O, A> env = envs.get(i);
            if (mode == AutoresetMode.NEXT_STEP && autoreset[i]) {
                Reset<O> r = env.reset();
                obs.add(r.observation());
                infos.add(r.info());
                autoreset[i] = false;
                continue;
            }
            Step<O> s;
            try {
                s = env.step(actions.get(i));
            } catch (IllegalArgumentException | IllegalStateException e) {
                throw withIndex(e, i);
            }
            rewards[i] = s.reward();
            terminated[i] = s.terminated();
            truncated[i] = s.truncated();
            if (mode == AutoresetMode.SAME_STEP && s.done()) {
                Reset<O> r = env.reset();
                Map<String, Object> info = new LinkedHashMap<>(r.info());
                info.put(FINAL_OBS, s.observation());
                info.put(FINAL_INFO, s.info());
                obs.add(r.observation());
                infos.add(info);
            } else {
                obs.add(s.observation());
                infos.add(s.info());
                autoreset[i] = s.done();
            }
        }
        return new VectorStep<>(obs, rewards, terminated, truncated, infos);
    }

    private static RuntimeException withIndex(RuntimeException e, int i) {
        String msg = "sub-environment " + i + ": " + e.getMessage();
        return e instanceof IllegalArgumentException ? new IllegalArgumentException(msg, e) : new IllegalStateException(msg, e);
    }

    @Override
    public void close() {
        for (Env<O, A> e : envs) {
            e.close();
        }
    }
}
