package io.cambium.llm.train;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The options of a pretraining run ({@link Pretrainer}), with nanoGPT's defaults where it has
 * them: AdamW (β 0.9/0.95, ε 1e-8, weight decay 0.1 on matrices only), learning rate 6e-4
 * warming up linearly from 0 over {@code warmupSteps}, then following a cosine down to
 * {@code minLearningRate} at {@code maxSteps}; global gradient-norm clipping at 1; gradient
 * accumulation; validation every {@code evalInterval} steps on {@code evalBatches} fixed batches.
 */
public final class PretrainConfig {
    private int batchSize = 16;
    private int gradientAccumulation = 1;
    private int maxSteps = 1000;
    private double learningRate = 6e-4;
    private double minLearningRate = 6e-5;
    private int warmupSteps = 100;
    private double weightDecay = 0.1;
    private double beta1 = 0.9;
    private double beta2 = 0.95;
    private double epsilon = 1e-8;
    private double gradClip = 1.0;
    private int evalInterval = 100;
    private int evalBatches = 20;
    private int logInterval = 10;
    private int checkpointInterval = -1;
    private long seed = 1337;

    /** nanoGPT's defaults with 1,000 steps of batch 16. */
    public PretrainConfig() {
    }

    /** Sequences per micro-batch (default 16). */
    public PretrainConfig batchSize(int v) {
        batchSize = positive("batch_size", v);
        return this;
    }

    /** Micro-batches whose gradients are summed (averaged) into one optimizer step (default 1). */
    public PretrainConfig gradientAccumulation(int v) {
        gradientAccumulation = positive("gradient_accumulation_steps", v);
        return this;
    }

    /** Optimizer steps of the whole run (default 1,000). */
    public PretrainConfig maxSteps(int v) {
        maxSteps = positive("max_steps", v);
        return this;
    }

    /** The peak learning rate (default 6e-4). */
    public PretrainConfig learningRate(double v) {
        learningRate = nonNegative("learning_rate", v);
        return this;
    }

    /** The learning rate at the end of the cosine (default 6e-5). */
    public PretrainConfig minLearningRate(double v) {
        minLearningRate = nonNegative("min_learning_rate", v);
        return this;
    }

    /** Steps of linear warm-up from 0 (default 100). */
    public PretrainConfig warmupSteps(int v) {
        if (v < 0) {
            throw new IllegalArgumentException("PretrainConfig: warmup_steps must be >= 0, got " + v);
        }
        warmupSteps = v;
        return this;
    }

    /** AdamW's decoupled weight decay on the projection matrices (default 0.1). */
    public PretrainConfig weightDecay(double v) {
        weightDecay = nonNegative("weight_decay", v);
        return this;
    }

    /** AdamW's β1 and β2 (default 0.9 and 0.95). */
    public PretrainConfig betas(double b1, double b2) {
        if (!(b1 >= 0 && b1 < 1 && b2 >= 0 && b2 < 1)) {
            throw new IllegalArgumentException("PretrainConfig: betas must be in [0, 1), got " + b1 + ", " + b2);
        }
        beta1 = b1;
        beta2 = b2;
        return this;
    }

    /** AdamW's ε (default 1e-8). */
    public PretrainConfig epsilon(double v) {
        if (!(v > 0)) {
            throw new IllegalArgumentException("PretrainConfig: epsilon must be positive, got " + v);
        }
        epsilon = v;
        return this;
    }

    /** The maximum global gradient norm (default 1; 0 turns clipping off). */
    public PretrainConfig gradClip(double v) {
        gradClip = nonNegative("grad_clip", v);
        return this;
    }

    /** Steps between validations (default 100; the last step is always validated). */
    public PretrainConfig evalInterval(int v) {
        evalInterval = positive("eval_interval", v);
        return this;
    }

    /** Validation batches per evaluation, the first ones of the validation set in order (default 20; 0: all). */
    public PretrainConfig evalBatches(int v) {
        if (v < 0) {
            throw new IllegalArgumentException("PretrainConfig: eval_batches must be >= 0, got " + v);
        }
        evalBatches = v;
        return this;
    }

    /** Steps between progress lines (default 10). */
    public PretrainConfig logInterval(int v) {
        logInterval = positive("log_interval", v);
        return this;
    }

    /** Steps between checkpoints (default: at every validation). */
    public PretrainConfig checkpointInterval(int v) {
        checkpointInterval = positive("checkpoint_interval", v);
        return this;
    }

    /** The seed of the batch sampler and of dropout (default 1337). */
    public PretrainConfig seed(long v) {
        seed = v;
        return this;
    }

    private static int positive(String what, int v) {
        if (v <= 0) {
            throw new IllegalArgumentException("PretrainConfig: " + what + " must be positive, got " + v);
        }
        return v;
    }

    private static double nonNegative(String what, double v) {
        if (!(v >= 0) || Double.isInfinite(v)) {
            throw new IllegalArgumentException("PretrainConfig: " + what + " must be >= 0 and finite, got " + v);
        }
        return v;
    }

    /** Sequences per micro-batch. */
    public int batchSize() {
        return batchSize;
    }

    /** Micro-batches per optimizer step. */
    public int gradientAccumulation() {
        return gradientAccumulation;
    }

    /** Optimizer steps of the run. */
    public int maxSteps() {
        return maxSteps;
    }

    /** The peak learning rate. */
    public double learningRate() {
        return learningRate;
    }

    /** The final learning rate. */
    public double minLearningRate() {
        return minLearningRate;
    }

    /** Warm-up steps. */
    public int warmupSteps() {
        return warmupSteps;
    }

    /** The weight decay of matrices. */
    public double weightDecay() {
        return weightDecay;
    }

    /** AdamW's β1. */
    public double beta1() {
        return beta1;
    }

    /** AdamW's β2. */
    public double beta2() {
        return beta2;
    }

    /** AdamW's ε. */
    public double epsilon() {
        return epsilon;
    }

    /** The global gradient-norm limit (0: off). */
    public double gradClip() {
        return gradClip;
    }

    /** Steps between validations. */
    public int evalInterval() {
        return evalInterval;
    }

    /** Validation batches per evaluation (0: all). */
    public int evalBatches() {
        return evalBatches;
    }

    /** Steps between progress lines. */
    public int logInterval() {
        return logInterval;
    }

    /** Steps between checkpoints (the evaluation interval unless set). */
    public int checkpointInterval() {
        return checkpointInterval > 0 ? checkpointInterval : evalInterval;
    }

    /** The seed of sampling and dropout. */
    public long seed() {
        return seed;
    }

    /**
     * The learning rate of optimizer update {@code step} (0-based): {@code peak · step / warmup}
     * during the warm-up, then a cosine from the peak to the minimum at {@code maxSteps}.
     */
    public double learningRateAt(long step) {
        if (step < warmupSteps) {
            return learningRate * step / warmupSteps;
        }
        long decay = Math.max(1, maxSteps - warmupSteps);
        double progress = Math.min(1.0, (double) (step - warmupSteps) / decay);
        return minLearningRate + 0.5 * (1 + Math.cos(Math.PI * progress)) * (learningRate - minLearningRate);
    }

    /** The options as JSON-compatible values. */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("batch_size", batchSize);
        m.put("gradient_accumulation_steps", gradientAccumulation);
        m.put("max_steps", maxSteps);
        m.put("learning_rate", learningRate);
        m.put("min_learning_rate", minLearningRate);
        m.put("warmup_steps", warmupSteps);
        m.put("weight_decay", weightDecay);
        m.put("beta1", beta1);
        m.put("beta2", beta2);
        m.put("epsilon", epsilon);
        m.put("grad_clip", gradClip);
        m.put("eval_interval", evalInterval);
        m.put("eval_batches", evalBatches);
        m.put("log_interval", logInterval);
        m.put("checkpoint_interval", checkpointInterval());
        m.put("seed", seed);
        return m;
    }

    /**
     * Options from {@link #toMap()}.
     *
     * @throws IllegalArgumentException naming the key when a value is missing or invalid
     */
    public static PretrainConfig fromMap(Map<String, ?> m) {
        PretrainConfig c = new PretrainConfig();
        c.batchSize(integer(m, "batch_size"));
        c.gradientAccumulation(integer(m, "gradient_accumulation_steps"));
        c.maxSteps(integer(m, "max_steps"));
        c.learningRate(number(m, "learning_rate"));
        c.minLearningRate(number(m, "min_learning_rate"));
        c.warmupSteps(integer(m, "warmup_steps"));
        c.weightDecay(number(m, "weight_decay"));
        c.betas(number(m, "beta1"), number(m, "beta2"));
        c.epsilon(number(m, "epsilon"));
        c.gradClip(number(m, "grad_clip"));
        c.evalInterval(integer(m, "eval_interval"));
        c.evalBatches(integer(m, "eval_batches"));
        c.logInterval(integer(m, "log_interval"));
        c.checkpointInterval(integer(m, "checkpoint_interval"));
        Object s = m.get("seed");
        if (!(s instanceof Number n)) {
            throw new IllegalArgumentException("PretrainConfig: 'seed' must be a number, got " + s);
        }
        c.seed(n.longValue());
        return c;
    }

    private static int integer(Map<String, ?> m, String key) {
        Object v = m.get(key);
        if (!(v instanceof Number n) || n.doubleValue() != Math.rint(n.doubleValue())) {
            throw new IllegalArgumentException("PretrainConfig: '" + key + "' must be an integer, got " + v);
        }
        return n.intValue();
    }

    private static double number(Map<String, ?> m, String key) {
        Object v = m.get(key);
        if (!(v instanceof Number n)) {
            throw new IllegalArgumentException("PretrainConfig: '" + key + "' must be a number, got " + v);
        }
        return n.doubleValue();
    }

    @Override
    public String toString() {
        return "PretrainConfig" + toMap();
    }
}
