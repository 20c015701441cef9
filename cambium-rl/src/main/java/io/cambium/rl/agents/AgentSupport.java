package io.cambium.rl.agents;

import io.cambium.rl.env.Env;
import io.cambium.rl.env.RecordEpisodeStatistics;
import io.cambium.rl.env.vector.AutoresetMode;
import io.cambium.rl.env.vector.SyncVectorEnv;
import io.cambium.rl.env.vector.VectorStep;
import io.cambium.rl.spaces.Box;
import io.cambium.rl.spaces.Space;
import io.cambium.rl.train.TrainingLog;
import io.cambium.tensor.Tensor;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/** Helpers shared by the neural agents: space checks, vectorized training environments, batching. */
public final class AgentSupport {
    private AgentSupport() {
    }

    /**
     * The size of a flat Box observation space.
     *
     * @throws IllegalArgumentException naming the algorithm and the environment otherwise
     */
    public static int boxSize(String algorithm, String envId, Space<?> s) {
        if (!(s instanceof Box b) || b.shape().length != 1) {
            throw new IllegalArgumentException(algorithm + " needs a one-dimensional Box observation space; " + envId
                    + " has " + s);
        }
        return b.size();
    }

    /**
     * Training copies of the environment: each wrapped in {@link RecordEpisodeStatistics},
     * same-step autoreset (the final observation of an ended episode is in the info).
     */
    @SuppressWarnings("unchecked")
    public static <A> SyncVectorEnv<float[], A> trainingEnvs(Supplier<? extends Env<?, ?>> factory, int n) {
        return new SyncVectorEnv<>(() -> new RecordEpisodeStatistics<>((Env<float[], A>) factory.get()), n,
                AutoresetMode.SAME_STEP);
    }

    /** The last observation of sub-environment {@code i}: the final one when its episode ended. */
    public static float[] nextObservation(VectorStep<float[]> s, int i) {
        if (s.done(i)) {
            Object f = s.infos().get(i).get(SyncVectorEnv.FINAL_OBS);
            if (f instanceof float[] fo) {
                return fo;
            }
        }
        return s.observations().get(i);
    }

    /** Logs the episodes that ended on this step (from the same-step final infos). */
    @SuppressWarnings("unchecked")
    public static void logEpisodes(VectorStep<float[]> s, TrainingLog log, long step) {
        for (int i = 0; i < s.rewards().length; i++) {
            if (s.done(i) && s.infos().get(i).get(SyncVectorEnv.FINAL_INFO) instanceof Map<?, ?> fi) {
                Double r = RecordEpisodeStatistics.episodeReturn((Map<String, Object>) fi);
                Integer l = RecordEpisodeStatistics.episodeLength((Map<String, Object>) fi);
                if (r != null) {
                    log.addEpisode(step, r, l == null ? 0 : l);
                }
            }
        }
    }

    /** Stacks observations into a {@code [n, size]} tensor. */
    public static Tensor stack(List<float[]> rows, int size) {
        float[] flat = new float[rows.size() * size];
        for (int i = 0; i < rows.size(); i++) {
            float[] r = rows.get(i);
            if (r.length != size) {
                throw new IllegalArgumentException("observation " + i + " has " + r.length + " values, expected " + size);
            }
            System.arraycopy(r, 0, flat, i * size, size);
        }
        return Tensor.wrapOwned(flat, rows.size(), size);
    }

    /** Checks that a hyperparameter can still change. */
    public static void checkNotBuilt(boolean built, String algorithm, String option) {
        if (built) {
            throw new IllegalStateException(algorithm + ": " + option + " cannot change after the networks were built "
                    + "(set options before the first learn or act)");
        }
    }

    /** Checks a positive integer option. */
    public static int positive(String algorithm, String option, int v) {
        if (v < 1) {
            throw new IllegalArgumentException(algorithm + ": " + option + " must be >= 1, got " + v);
        }
        return v;
    }

    /** Checks a number in {@code [lo, hi]}. */
    public static double within(String algorithm, String option, double v, double lo, double hi) {
        if (!(v >= lo && v <= hi)) {
            throw new IllegalArgumentException(algorithm + ": " + option + " must be in [" + lo + ", " + hi + "], got " + v);
        }
        return v;
    }

    /** Checks hidden layer sizes. */
    public static int[] netArch(String algorithm, int[] sizes) {
        for (int s : sizes) {
            if (s < 1) {
                throw new IllegalArgumentException(algorithm + ": layer sizes must be >= 1, got " + java.util.Arrays.toString(sizes));
            }
        }
        return sizes.clone();
    }
}
