package io.cambium.nn.schedules;

import io.cambium.nn.Configs;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Factory of learning rate schedules and their (de)serialization. */
public final class Schedules {
    private Schedules() {
    }

    /** A constant rate. */
    public static LearningRateSchedule constant(double lr) {
        return new ConstantSchedule(lr);
    }

    /** PyTorch's StepLR. */
    public static LearningRateSchedule stepDecay(double lr, long stepSize, double gamma) {
        return new StepDecay(lr, stepSize, gamma);
    }

    /** Keras's ExponentialDecay. */
    public static LearningRateSchedule exponentialDecay(double lr, long decaySteps, double decayRate, boolean staircase) {
        return new ExponentialDecay(lr, decaySteps, decayRate, staircase);
    }

    /** Keras's InverseTimeDecay. */
    public static LearningRateSchedule inverseTimeDecay(double lr, long decaySteps, double decayRate, boolean staircase) {
        return new InverseTimeDecay(lr, decaySteps, decayRate, staircase);
    }

    /** Keras's PiecewiseConstantDecay. */
    public static LearningRateSchedule piecewiseConstant(long[] boundaries, double[] values) {
        return new PiecewiseConstantDecay(boundaries, values);
    }

    /** Keras's CosineDecay without warm-up. */
    public static LearningRateSchedule cosineDecay(double lr, long decaySteps, double alpha) {
        return new CosineDecay(lr, decaySteps, alpha);
    }

    /** Keras's CosineDecay with a linear warm-up from {@code lr} to {@code warmupTarget}. */
    public static LearningRateSchedule cosineDecay(double lr, long decaySteps, double alpha, double warmupTarget,
                                                   long warmupSteps) {
        return new CosineDecay(lr, decaySteps, alpha, warmupTarget, warmupSteps);
    }

    /** SGDR (Keras's CosineDecayRestarts). */
    public static LearningRateSchedule cosineDecayRestarts(double lr, long firstDecaySteps, double tMul, double mMul,
                                                           double alpha) {
        return new CosineDecayRestarts(lr, firstDecaySteps, tMul, mMul, alpha);
    }

    /** A linear warm-up in front of {@code inner}. */
    public static LearningRateSchedule linearWarmup(LearningRateSchedule inner, long warmupSteps, double startFactor) {
        return new LinearWarmup(inner, warmupSteps, startFactor);
    }

    /** PyTorch's OneCycleLR (learning rate part) with its defaults. */
    public static LearningRateSchedule oneCycle(double maxLr, long totalSteps) {
        return new OneCycle(maxLr, totalSteps);
    }

    /** {@code {"class_name": ..., "config": {...}}} for a schedule. */
    public static Map<String, Object> toConfig(LearningRateSchedule s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("class_name", s.className());
        m.put("config", s.config());
        return m;
    }

    /**
     * Re-creates a schedule from {@link #toConfig(LearningRateSchedule)}.
     *
     * @throws IllegalArgumentException naming the class when it is unknown or a key is missing
     */
    @SuppressWarnings("unchecked")
    public static LearningRateSchedule fromConfig(Map<String, Object> m) {
        String n = Configs.string(m, "class_name", null);
        Map<String, Object> c = Configs.object(m, "config");
        if (n == null || c == null) {
            throw Configs.invalid(m, n == null ? "class_name" : "config",
                    "is required: a learning rate schedule config is {\"class_name\": ..., \"config\": {...}}", null);
        }
        return switch (n) {
            case "ConstantSchedule" -> new ConstantSchedule(num(n, c, "learning_rate"));
            case "StepDecay" -> new StepDecay(num(n, c, "initial_learning_rate"), lng(n, c, "step_size"), num(n, c, "gamma"));
            case "ExponentialDecay" -> new ExponentialDecay(num(n, c, "initial_learning_rate"), lng(n, c, "decay_steps"),
                    num(n, c, "decay_rate"), bool(n, c, "staircase"));
            case "InverseTimeDecay" -> new InverseTimeDecay(num(n, c, "initial_learning_rate"), lng(n, c, "decay_steps"),
                    num(n, c, "decay_rate"), bool(n, c, "staircase"));
            case "PiecewiseConstantDecay" -> {
                require(n, c, "boundaries");
                require(n, c, "values");
                List<?> b = Configs.list(c, "boundaries");
                List<?> v = Configs.list(c, "values");
                long[] bs = new long[b.size()];
                for (int i = 0; i < bs.length; i++) {
                    if (!(b.get(i) instanceof Integer || b.get(i) instanceof Long)) {
                        throw Configs.invalid(c, "boundaries", "must be a list of integers", b);
                    }
                    bs[i] = ((Number) b.get(i)).longValue();
                }
                double[] vs = new double[v.size()];
                for (int i = 0; i < vs.length; i++) {
                    if (!(v.get(i) instanceof Number x) || !Double.isFinite(x.doubleValue())) {
                        throw Configs.invalid(c, "values", "must be a list of numbers", v);
                    }
                    vs[i] = ((Number) v.get(i)).doubleValue();
                }
                yield new PiecewiseConstantDecay(bs, vs);
            }
            case "CosineDecay" -> new CosineDecay(num(n, c, "initial_learning_rate"), lng(n, c, "decay_steps"),
                    num(n, c, "alpha"), c.get("warmup_target") == null ? Double.NaN : num(n, c, "warmup_target"),
                    c.get("warmup_steps") == null ? 0 : lng(n, c, "warmup_steps"));
            case "CosineDecayRestarts" -> new CosineDecayRestarts(num(n, c, "initial_learning_rate"),
                    lng(n, c, "first_decay_steps"), num(n, c, "t_mul"), num(n, c, "m_mul"), num(n, c, "alpha"));
            case "LinearWarmup" -> new LinearWarmup(fromConfig(Configs.object(c, "schedule") == null
                    ? (Map<String, Object>) require(n, c, "schedule") : Configs.object(c, "schedule")),
                    lng(n, c, "warmup_steps"), num(n, c, "start_factor"));
            case "OneCycle" -> new OneCycle(num(n, c, "max_lr"), lng(n, c, "total_steps"), num(n, c, "pct_start"),
                    "cos".equals(strategy(n, c)), num(n, c, "div_factor"),
                    num(n, c, "final_div_factor"), bool(n, c, "three_phase"));
            default -> throw Configs.unknown(m, "class_name", "learning rate schedule", n);
        };
    }

    private static Object require(String cls, Map<String, Object> c, String key) {
        Object v = c.get(key);
        if (v == null) {
            throw Configs.invalid(c, key, "is required in a " + cls + " config", null);
        }
        return v;
    }

    private static double num(String cls, Map<String, Object> c, String key) {
        require(cls, c, key);
        return Configs.real(c, key, 0);
    }

    private static long lng(String cls, Map<String, Object> c, String key) {
        require(cls, c, key);
        return Configs.longInteger(c, key);
    }

    private static boolean bool(String cls, Map<String, Object> c, String key) {
        require(cls, c, key);
        return Configs.bool(c, key, false);
    }

    private static String strategy(String cls, Map<String, Object> c) {
        require(cls, c, "anneal_strategy");
        String s = Configs.string(c, "anneal_strategy", null);
        if (!"cos".equals(s) && !"linear".equals(s)) {
            throw Configs.invalid(c, "anneal_strategy", "must be cos or linear", s);
        }
        return s;
    }

    static double positive(String cls, String what, double v) {
        if (!(v > 0) || Double.isInfinite(v)) {
            throw new IllegalArgumentException(cls + ": " + what + " must be positive and finite, got " + v);
        }
        return v;
    }

    static long positiveSteps(String cls, String what, long v) {
        if (v <= 0) {
            throw new IllegalArgumentException(cls + ": " + what + " must be positive, got " + v);
        }
        return v;
    }
}
