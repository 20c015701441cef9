package io.cambium.rl.env.vector;

import io.cambium.rl.normalize.ObservationNormalizer;
import io.cambium.rl.normalize.RunningMeanStd;
import io.cambium.rl.spaces.Space;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Normalizes the observations and rewards of a same-step vectorized environment as
 * Stable-Baselines3's {@code VecNormalize}: observations (including {@code final_obs}) by running
 * statistics updated with every returned batch while training; rewards divided by the running
 * standard deviation of the discounted return, {@code clip(r / sqrt(var_ret + 1e-8), -10, 10)},
 * with each sub-environment's return reset when its episode ends.
 *
 * @param <A> the action type
 */
public final class NormalizeVector<A> implements VectorEnv<float[], A> {
    private final VectorEnv<float[], A> venv;
    private final ObservationNormalizer observations;
    private final RunningMeanStd returnStats;
    private final boolean normalizeObservations;
    private final boolean normalizeRewards;
    private final double gamma;
    private final double clipReward;
    private final double[] returns;
    private boolean training = true;

    /**
     * Wraps {@code venv} (which must reset in {@link AutoresetMode#SAME_STEP} mode).
     *
     * @param observations the normalizer (shared with the agent that acts on raw observations)
     * @param returnStats running statistics of the discounted return, or {@code null} without reward normalization
     */
    public NormalizeVector(VectorEnv<float[], A> venv, ObservationNormalizer observations, RunningMeanStd returnStats,
                           double gamma) {
        if (venv.autoresetMode() != AutoresetMode.SAME_STEP) {
            throw new IllegalArgumentException(venv.id() + ": NormalizeVector needs SAME_STEP autoreset, got "
                    + venv.autoresetMode());
        }
        this.venv = venv;
        this.observations = observations;
        this.returnStats = returnStats;
        this.normalizeObservations = observations != null;
        this.normalizeRewards = returnStats != null;
        this.gamma = gamma;
        this.clipReward = 10.0;
        this.returns = new double[venv.numEnvs()];
    }

    /** Whether statistics are updated (true while training; false for evaluation). */
    public NormalizeVector<A> training(boolean value) {
        training = value;
        return this;
    }

    @Override
    public int numEnvs() {
        return venv.numEnvs();
    }

    @Override
    public String id() {
        return venv.id();
    }

    @Override
    public Space<float[]> singleObservationSpace() {
        return venv.singleObservationSpace();
    }

    @Override
    public Space<A> singleActionSpace() {
        return venv.singleActionSpace();
    }

    @Override
    public AutoresetMode autoresetMode() {
        return venv.autoresetMode();
    }

    @Override
    public VectorReset<float[]> reset(Long seed) {
        VectorReset<float[]> r = venv.reset(seed);
        java.util.Arrays.fill(returns, 0);
        return new VectorReset<>(normalizeBatch(r.observations(), training), r.infos());
    }

    @Override
    public VectorStep<float[]> step(List<A> actions) {
        VectorStep<float[]> s = venv.step(actions);
        List<float[]> obs = normalizeBatch(s.observations(), training);
        List<Map<String, Object>> infos = new ArrayList<>(s.infos().size());
        for (Map<String, Object> info : s.infos()) {
            if (normalizeObservations && info.get(SyncVectorEnv.FINAL_OBS) instanceof float[] f) {
                Map<String, Object> m = new LinkedHashMap<>(info);
                m.put(SyncVectorEnv.FINAL_OBS, observations.normalize(f));
                infos.add(m);
            } else {
                infos.add(info);
            }
        }
        double[] rewards = s.rewards().clone();
        if (normalizeRewards) {
            for (int i = 0; i < returns.length; i++) {
                returns[i] = returns[i] * gamma + rewards[i];
            }
            if (training) {
                returnStats.update(returns.clone());
            }
            double scale = Math.sqrt(returnStats.var()[0] + 1e-8);
            for (int i = 0; i < rewards.length; i++) {
                rewards[i] = Math.max(-clipReward, Math.min(clipReward, rewards[i] / scale));
                if (s.done(i)) {
                    returns[i] = 0;
                }
            }
        }
        return new VectorStep<>(obs, rewards, s.terminated(), s.truncated(), infos);
    }

    private List<float[]> normalizeBatch(List<float[]> batch, boolean update) {
        if (!normalizeObservations) {
            return batch;
        }
        int d = observations.stats().size();
        float[] flat = new float[batch.size() * d];
        for (int i = 0; i < batch.size(); i++) {
            System.arraycopy(batch.get(i), 0, flat, i * d, d);
        }
        if (update) {
            observations.stats().update(flat, batch.size());
        }
        float[] norm = observations.normalize(flat, batch.size());
        List<float[]> out = new ArrayList<>(batch.size());
        for (int i = 0; i < batch.size(); i++) {
            out.add(java.util.Arrays.copyOfRange(norm, i * d, (i + 1) * d));
        }
        return out;
    }

    @Override
    public void close() {
        venv.close();
    }
}
