package io.cambium.nn.optimizers;

import io.cambium.nn.Variable;
import io.cambium.nn.schedules.LearningRateSchedule;
import io.cambium.nn.schedules.Schedules;
import io.cambium.tensor.Parallel;
import io.cambium.tensor.Shape;
import io.cambium.tensor.Tensor;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The shared machinery of Cambium's optimizers: learning rate or schedule, weight decay, gradient
 * clipping (by value, by norm per variable, or by global norm; at most one, as in Keras),
 * gradient accumulation, per-variable slots keyed by variable name, and checkpoint state.
 *
 * <p>Clipping follows {@code torch.nn.utils}: by norm scales a gradient by
 * {@code maxNorm / (norm + 1e-6)} when that is below 1; by value clamps to
 * {@code [-clipValue, clipValue]}. With accumulation over N calls the gradients of N calls are
 * averaged and one update is applied on every N-th call; {@link #iterations()} counts updates.
 *
 * @param <S> the concrete optimizer, returned by the fluent setters
 */
public abstract class BaseOptimizer<S extends BaseOptimizer<S>> extends Optimizer {
    /** Variables smaller than this are updated on the calling thread. */
    private static final int PARALLEL_GRAIN = 1 << 15;
    private static final double CLIP_EPS = 1e-6;

    private float learningRate;
    private LearningRateSchedule schedule;
    /** The weight decay factor (coupled L2 unless the optimizer decouples it). */
    protected float weightDecay;
    private float clipValue;
    private float clipNorm;
    private float globalClipNorm;
    private int accumulationSteps = 1;
    private int accumulated;
    private long iterations;
    private final Map<String, SlotState> states = new HashMap<>();
    private final Map<String, float[]> accumulators = new LinkedHashMap<>();
    private final List<Variable> pending = new ArrayList<>();
    private final List<float[]> pendingGrads = new ArrayList<>();

    protected BaseOptimizer(double learningRate) {
        setLearningRate((float) learningRate);
    }

    protected BaseOptimizer(LearningRateSchedule schedule) {
        this.schedule = schedule;
    }

    @SuppressWarnings("unchecked")
    protected final S self() {
        return (S) this;
    }

    // ---------------------------------------------------------------- options

    /** The weight decay factor ({@code weight_decay}); 0 turns it off. */
    public S weightDecay(double wd) {
        if (!(wd >= 0)) {
            throw new IllegalArgumentException(name() + ": weight_decay must be >= 0, got " + wd);
        }
        this.weightDecay = (float) wd;
        return self();
    }

    /** Clamps every gradient element to {@code [-value, value]} (Keras {@code clipvalue}). */
    public S clipValue(double value) {
        checkClip("clipvalue", (float) value);
        clipValue = (float) value;
        return self();
    }

    /** Rescales each variable's gradient to at most this L2 norm (Keras {@code clipnorm}). */
    public S clipNorm(double maxNorm) {
        checkClip("clipnorm", (float) maxNorm);
        clipNorm = (float) maxNorm;
        return self();
    }

    /** Rescales all gradients together to at most this global L2 norm (Keras {@code global_clipnorm}). */
    public S globalClipNorm(double maxNorm) {
        checkClip("global_clipnorm", (float) maxNorm);
        globalClipNorm = (float) maxNorm;
        return self();
    }

    private void checkClip(String what, float v) {
        if (!(v > 0)) {
            throw new IllegalArgumentException(name() + ": " + what + " must be positive, got " + v);
        }
        int set = (clipValue > 0 ? 1 : 0) + (clipNorm > 0 ? 1 : 0) + (globalClipNorm > 0 ? 1 : 0);
        boolean same = ("clipvalue".equals(what) && clipValue > 0) || ("clipnorm".equals(what) && clipNorm > 0)
                || ("global_clipnorm".equals(what) && globalClipNorm > 0);
        if (set > 0 && !same) {
            throw new IllegalArgumentException(name() + ": only one of clipvalue, clipnorm and global_clipnorm can be set");
        }
    }

    /** Applies an update every {@code n} calls of {@link #step(List)} with the average of their gradients. */
    public S gradientAccumulationSteps(int n) {
        if (n < 1) {
            throw new IllegalArgumentException(name() + ": gradient_accumulation_steps must be >= 1, got " + n);
        }
        accumulationSteps = n;
        return self();
    }

    /** Replaces the fixed learning rate by a schedule of the update count. */
    public S learningRateSchedule(LearningRateSchedule s) {
        this.schedule = s;
        return self();
    }

    /** The schedule, or {@code null} when the learning rate is fixed. */
    public LearningRateSchedule schedule() {
        return schedule;
    }

    @Override
    public float learningRate() {
        return schedule != null ? (float) schedule.learningRate(iterations) : learningRate;
    }

    /**
     * Sets the fixed learning rate.
     *
     * @throws IllegalStateException when the optimizer follows a schedule (as in Keras)
     */
    @Override
    public void setLearningRate(float lr) {
        if (schedule != null) {
            throw new IllegalStateException(name() + ": the learning rate follows a " + schedule.className()
                    + " schedule and cannot be set");
        }
        if (!(lr >= 0) || Float.isInfinite(lr)) {
            throw new IllegalArgumentException(name() + ": learning rate must be >= 0 and finite, got " + lr);
        }
        learningRate = lr;
    }

    @Override
    public long iterations() {
        return iterations;
    }

    // ---------------------------------------------------------------- the update

    /** The Keras-style name, such as {@code adam}. */
    public abstract String name();

    /** Names of the per-variable slot arrays, such as {@code m} and {@code v}. */
    protected abstract String[] slotNames();

    /** Names of the per-variable double scalars (none by default). */
    protected String[] scalarNames() {
        return new String[0];
    }

    /** Initializes the slots of a variable seen for the first time (zeros by default). */
    protected void initSlots(SlotState s) {
    }

    /**
     * Updates {@code p[from, to)} in place. The gradient of element i is
     * {@code clamp(g[i] * gradScale, clip)} (use {@link #clamp(float, float)}); the step count of
     * {@code s} already includes this update.
     */
    protected abstract void update(float[] p, float[] g, float gradScale, float clip, SlotState s, float lr,
                                   int from, int to);

    /**
     * Advances per-variable scalars after {@link #update} ran over all chunks of a variable
     * (update may run on several threads over disjoint ranges, so it must not mutate scalars).
     */
    protected void afterUpdate(SlotState s) {
    }

    /** Adds the optimizer's hyperparameters to its config. */
    protected abstract void hyperparameters(Map<String, Object> config);

    /** A float hyperparameter as the double with the same shortest decimal form (0.9f -> 0.9). */
    protected static double num(float x) {
        return Double.parseDouble(Float.toString(x));
    }

    /** {@code x} clamped to {@code [-c, c]}; NaN stays NaN. */
    protected static float clamp(float x, float c) {
        // Branch-free: a conditional form measured several times slower on random gradients. C2 still
        // does not vectorize loops with float min/max, so hot updates skip the clamp when there is no
        // clip value (see AdamKernel).
        return Math.max(-c, Math.min(c, x));
    }

    @Override
    public void step(List<Variable> variables) {
        pending.clear();
        pendingGrads.clear();
        float scale = 1f;
        if (accumulationSteps > 1) {
            for (Variable v : variables) {
                Tensor g = v.grad();
                if (!v.trainable() || g == null) {
                    continue;
                }
                float[] acc = accumulators.computeIfAbsent(v.name(), k -> new float[g.numel()]);
                checkLength(v, acc.length, "gradient accumulator");
                float[] gd = g.data();
                for (int i = 0; i < acc.length; i++) {
                    acc[i] += gd[i];
                }
            }
            if (++accumulated < accumulationSteps) {
                return;
            }
            accumulated = 0;
            for (Variable v : variables) {
                float[] acc = accumulators.get(v.name());
                if (v.trainable() && acc != null) {
                    pending.add(v);
                    pendingGrads.add(acc);
                }
            }
            scale = 1f / accumulationSteps;
        } else {
            for (Variable v : variables) {
                Tensor g = v.grad();
                if (v.trainable() && g != null) {
                    pending.add(v);
                    pendingGrads.add(g.data());
                }
            }
        }
        float lr = learningRate();
        if (globalClipNorm > 0) {
            double sq = 0;
            for (float[] g : pendingGrads) {
                sq += sumSquares(g);
            }
            double norm = Math.sqrt(sq) * scale;
            double coef = globalClipNorm / (norm + CLIP_EPS);
            if (coef < 1) {
                scale = (float) (scale * coef);
            }
        }
        float clip = clipValue > 0 ? clipValue : Float.POSITIVE_INFINITY;
        for (int k = 0; k < pending.size(); k++) {
            Variable v = pending.get(k);
            float[] g = pendingGrads.get(k);
            float[] p = v.value().data();
            float s = scale;
            if (clipNorm > 0) {
                double norm = Math.sqrt(sumSquares(g)) * scale;
                double coef = clipNorm / (norm + CLIP_EPS);
                if (coef < 1) {
                    s = (float) (scale * coef);
                }
            }
            SlotState st = stateFor(v);
            st.step++;
            float gs = s;
            if (p.length < 2 * PARALLEL_GRAIN) {
                update(p, g, gs, clip, st, lr, 0, p.length);
            } else {
                Parallel.range(p.length, PARALLEL_GRAIN, (from, to) -> update(p, g, gs, clip, st, lr, from, to));
            }
            afterUpdate(st);
        }
        if (accumulationSteps > 1) {
            for (float[] acc : accumulators.values()) {
                java.util.Arrays.fill(acc, 0f);
            }
        }
        iterations++;
        pending.clear();
        pendingGrads.clear();
    }

    private static double sumSquares(float[] g) {
        double acc = 0;
        for (float x : g) {
            acc += (double) x * x;
        }
        return acc;
    }

    private SlotState stateFor(Variable v) {
        SlotState s = states.get(v.name());
        int n = v.value().numel();
        if (s == null) {
            s = new SlotState(v.shape(), n, slotNames().length, scalarNames().length);
            initSlots(s);
            states.put(v.name(), s);
        } else if (s.shape == null) {
            s.shape = v.shape();
        } else if (!Shape.same(s.shape, v.shape())) {
            throw new IllegalStateException(name() + ": variable '" + v.name() + "' has shape " + Shape.str(v.shape())
                    + " but its optimizer state has shape " + Shape.str(s.shape));
        }
        return s;
    }

    private void checkLength(Variable v, int length, String what) {
        if (length != v.value().numel()) {
            throw new IllegalStateException(name() + ": " + what + " of variable '" + v.name() + "' has " + length
                    + " elements, the variable has " + v.value().numel());
        }
    }

    // ---------------------------------------------------------------- config and state

    @Override
    public Map<String, Object> config() {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("name", name());
        c.put("learning_rate", schedule != null ? Schedules.toConfig(schedule) : (Object) num(learningRate));
        c.put("weight_decay", num(weightDecay));
        c.put("clipvalue", clipValue > 0 ? (Object) num(clipValue) : null);
        c.put("clipnorm", clipNorm > 0 ? (Object) num(clipNorm) : null);
        c.put("global_clipnorm", globalClipNorm > 0 ? (Object) num(globalClipNorm) : null);
        c.put("gradient_accumulation_steps", accumulationSteps);
        hyperparameters(c);
        return c;
    }

    /**
     * The state: {@code iterations}, and per variable {@code name/step}, {@code name/<slot>} and
     * {@code name/<scalar>}; with accumulation also {@code accumulated} and {@code name/accumulator}.
     * Counters and scalars are encoded exactly with {@link StateCodec}.
     */
    @Override
    public Map<String, Tensor> state() {
        Map<String, Tensor> m = new LinkedHashMap<>();
        m.put("iterations", StateCodec.encodeLong(iterations));
        if (accumulationSteps > 1) {
            m.put("accumulated", StateCodec.encodeLong(accumulated));
        }
        String[] slotNames = slotNames();
        String[] scalarNames = scalarNames();
        for (Map.Entry<String, SlotState> e : new java.util.TreeMap<>(states).entrySet()) {
            String n = e.getKey();
            SlotState s = e.getValue();
            m.put(n + "/step", StateCodec.encodeLong(s.step));
            for (int i = 0; i < slotNames.length; i++) {
                m.put(n + "/" + slotNames[i], new Tensor(s.slots[i].clone(), s.shape));
            }
            for (int i = 0; i < scalarNames.length; i++) {
                m.put(n + "/" + scalarNames[i], StateCodec.encodeDouble(s.scalars[i]));
            }
        }
        for (Map.Entry<String, float[]> e : accumulators.entrySet()) {
            m.put(e.getKey() + "/accumulator", new Tensor(e.getValue().clone(), e.getValue().length));
        }
        return m;
    }

    /**
     * Restores a state from {@link #state()}; the current slots are replaced.
     *
     * @throws IllegalArgumentException naming the key when an entry is missing, unknown or malformed
     */
    @Override
    public void loadState(Map<String, Tensor> state) {
        Map<String, SlotState> loaded = new HashMap<>();
        Map<String, float[]> loadedAcc = new LinkedHashMap<>();
        String[] slotNames = slotNames();
        String[] scalarNames = scalarNames();
        Tensor it = state.get("iterations");
        if (it == null) {
            throw new IllegalArgumentException(name() + ": optimizer state has no 'iterations' entry");
        }
        long newIterations = StateCodec.decodeLong("iterations", it);
        int newAccumulated = 0;
        if (state.containsKey("accumulated")) {
            newAccumulated = (int) StateCodec.decodeLong("accumulated", state.get("accumulated"));
        }
        for (Map.Entry<String, Tensor> e : state.entrySet()) {
            String key = e.getKey();
            if (key.endsWith("/step")) {
                String var = key.substring(0, key.length() - 5);
                Tensor first = slotNames.length > 0 ? required(state, var + "/" + slotNames[0]) : null;
                int[] shape = first != null ? first.shape() : null;
                SlotState s = new SlotState(shape, shape == null ? 0 : Shape.numel(shape), slotNames.length,
                        scalarNames.length);
                s.step = StateCodec.decodeLong(key, e.getValue());
                for (int i = 0; i < slotNames.length; i++) {
                    Tensor t = required(state, var + "/" + slotNames[i]);
                    if (!Shape.same(t.shape(), shape)) {
                        throw new IllegalArgumentException(name() + ": optimizer state '" + var + "/" + slotNames[i]
                                + "' has shape " + Shape.str(t.shape()) + ", expected " + Shape.str(shape));
                    }
                    System.arraycopy(t.data(), 0, s.slots[i], 0, s.slots[i].length);
                }
                for (int i = 0; i < scalarNames.length; i++) {
                    String k = var + "/" + scalarNames[i];
                    s.scalars[i] = StateCodec.decodeDouble(k, required(state, k));
                }
                loaded.put(var, s);
            } else if (key.endsWith("/accumulator")) {
                loadedAcc.put(key.substring(0, key.length() - 12), e.getValue().data().clone());
            }
        }
        for (String key : state.keySet()) {
            if (!recognized(key, loaded, loadedAcc)) {
                throw new IllegalArgumentException(name() + ": optimizer state entry '" + key + "' is not recognized");
            }
        }
        states.clear();
        states.putAll(loaded);
        accumulators.clear();
        accumulators.putAll(loadedAcc);
        iterations = newIterations;
        accumulated = newAccumulated;
    }

    private boolean recognized(String key, Map<String, SlotState> loaded, Map<String, float[]> acc) {
        if (key.equals("iterations") || key.equals("accumulated")) {
            return true;
        }
        int slash = key.lastIndexOf('/');
        if (slash < 0) {
            return false;
        }
        String var = key.substring(0, slash);
        String part = key.substring(slash + 1);
        if (part.equals("accumulator")) {
            return acc.containsKey(var);
        }
        if (!loaded.containsKey(var)) {
            return false;
        }
        return part.equals("step") || java.util.Arrays.asList(slotNames()).contains(part)
                || java.util.Arrays.asList(scalarNames()).contains(part);
    }

    private Tensor required(Map<String, Tensor> state, String key) {
        Tensor t = state.get(key);
        if (t == null) {
            throw new IllegalArgumentException(name() + ": optimizer state is missing '" + key + "'");
        }
        return t;
    }

    @Override
    public String toString() {
        return name() + config();
    }
}
