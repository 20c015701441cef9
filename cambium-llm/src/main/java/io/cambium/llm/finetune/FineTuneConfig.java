package io.cambium.llm.finetune;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Fine-tuning options (fluent setters), with Hugging Face {@code Trainer}'s defaults where it has
 * them: AdamW β 0.9/0.999, ε 1e-8, no weight decay, gradient-norm clipping at 1.0; a linear
 * warm-up then a cosine to {@code minLearningRate}. Freezing and layer-wise rates apply to full
 * fine-tuning (a LoRA model's base is frozen by its wrapper).
 *
 * <ul>
 *   <li>{@code freezeEmbeddings}: token and position tables do not train (a tied output head is
 *       the token table, so it stays too).
 *   <li>{@code freezeFirstBlocks(n)}: blocks {@code h.0 .. h.n-1} do not train.
 *   <li>{@code layerwiseDecay(d)}: layer-wise learning-rate decay (as in ELECTRA/BEiT fine-tuning):
 *       block i of L trains at {@code lr · d^(L - i)}, the embeddings at {@code lr · d^(L + 1)},
 *       the final norm and head at {@code lr}; 1 (the default) means one rate.
 *   <li>{@code loraPlusRatio(k)}: LoRA+ (Hayou et al., 2024; PEFT's
 *       {@code create_loraplus_optimizer}): the B factors of LoRA adapters (and any other trainable
 *       vector) train at {@code lr · k}, the A factors at {@code lr}, and the adapters of token
 *       tables at {@code loraPlusEmbeddingLearningRate} (PEFT's default 1e-6); 0 (the default)
 *       means plain LoRA.
 * </ul>
 */
public final class FineTuneConfig {
    private int steps = 200;
    private int batchSize = 8;
    private int context;
    private double learningRate = 2e-4;
    private double minLearningRate = -1;
    private int warmupSteps = 20;
    private double weightDecay;
    private double beta1 = 0.9;
    private double beta2 = 0.999;
    private double epsilon = 1e-8;
    private double gradClip = 1.0;
    private int evalInterval = 50;
    private int evalBatches;
    private long seed = 42;
    private boolean freezeEmbeddings;
    private int freezeFirstBlocks;
    private double layerwiseDecay = 1.0;
    private double loraPlusRatio;
    private double loraPlusEmbeddingLearningRate = 1e-6;

    /** Optimizer steps (default 200). */
    public FineTuneConfig steps(int n) {
        this.steps = positive(n, "steps");
        return this;
    }

    /** Sequences per step (default 8). */
    public FineTuneConfig batchSize(int n) {
        this.batchSize = positive(n, "batch size");
        return this;
    }

    /** Sequence length (0: the model's context length). */
    public FineTuneConfig context(int n) {
        if (n < 0) {
            throw new IllegalArgumentException("context must be >= 0, got " + n);
        }
        this.context = n;
        return this;
    }

    /** Peak learning rate (default 2e-4). */
    public FineTuneConfig learningRate(double lr) {
        this.learningRate = positive(lr, "learning rate");
        return this;
    }

    /** The rate the cosine ends at (default: a tenth of the peak). */
    public FineTuneConfig minLearningRate(double lr) {
        if (!(lr >= 0)) {
            throw new IllegalArgumentException("minimum learning rate must be >= 0, got " + lr);
        }
        this.minLearningRate = lr;
        return this;
    }

    /** Linear warm-up steps from 0 (default 20). */
    public FineTuneConfig warmupSteps(int n) {
        if (n < 0) {
            throw new IllegalArgumentException("warm-up steps must be >= 0, got " + n);
        }
        this.warmupSteps = n;
        return this;
    }

    /** Decoupled weight decay of matrices (not norms, biases or embedding tables); default 0. */
    public FineTuneConfig weightDecay(double wd) {
        if (!(wd >= 0)) {
            throw new IllegalArgumentException("weight decay must be >= 0, got " + wd);
        }
        this.weightDecay = wd;
        return this;
    }

    /** AdamW betas (default 0.9, 0.999). */
    public FineTuneConfig betas(double b1, double b2) {
        if (!(b1 >= 0 && b1 < 1 && b2 >= 0 && b2 < 1)) {
            throw new IllegalArgumentException("betas must be in [0, 1), got " + b1 + ", " + b2);
        }
        this.beta1 = b1;
        this.beta2 = b2;
        return this;
    }

    /** AdamW epsilon (default 1e-8). */
    public FineTuneConfig epsilon(double eps) {
        this.epsilon = positive(eps, "epsilon");
        return this;
    }

    /** Global gradient-norm limit (0: no clipping). */
    public FineTuneConfig gradClip(double c) {
        if (!(c >= 0)) {
            throw new IllegalArgumentException("gradient clip must be >= 0, got " + c);
        }
        this.gradClip = c;
        return this;
    }

    /** Steps between validations (default 50). */
    public FineTuneConfig evalInterval(int n) {
        this.evalInterval = positive(n, "evaluation interval");
        return this;
    }

    /** Validation batches per evaluation (0: all). */
    public FineTuneConfig evalBatches(int n) {
        if (n < 0) {
            throw new IllegalArgumentException("evaluation batches must be >= 0, got " + n);
        }
        this.evalBatches = n;
        return this;
    }

    /** Seed of the training batches' order (default 42). */
    public FineTuneConfig seed(long s) {
        this.seed = s;
        return this;
    }

    /** Keeps the token and position tables frozen. */
    public FineTuneConfig freezeEmbeddings(boolean on) {
        this.freezeEmbeddings = on;
        return this;
    }

    /** Keeps blocks h.0 .. h.n-1 frozen. */
    public FineTuneConfig freezeFirstBlocks(int n) {
        if (n < 0) {
            throw new IllegalArgumentException("frozen blocks must be >= 0, got " + n);
        }
        this.freezeFirstBlocks = n;
        return this;
    }

    /** Layer-wise learning-rate decay factor in (0, 1] (1: one rate). */
    public FineTuneConfig layerwiseDecay(double d) {
        if (!(d > 0 && d <= 1)) {
            throw new IllegalArgumentException("layer-wise decay must be in (0, 1], got " + d);
        }
        this.layerwiseDecay = d;
        return this;
    }

    /**
     * LoRA+: the learning rate of the adapters' B factors over that of their A factors (PEFT's
     * {@code loraplus_lr_ratio}; the paper suggests 16); 0 turns LoRA+ off (the default).
     */
    public FineTuneConfig loraPlusRatio(double ratio) {
        if (ratio != 0) {
            positive(ratio, "LoRA+ ratio");
        }
        this.loraPlusRatio = ratio;
        return this;
    }

    /**
     * With LoRA+, the peak learning rate of adapters on token tables (PEFT's
     * {@code loraplus_lr_embedding}, default 1e-6).
     */
    public FineTuneConfig loraPlusEmbeddingLearningRate(double lr) {
        this.loraPlusEmbeddingLearningRate = positive(lr, "LoRA+ embedding learning rate");
        return this;
    }

    /** Optimizer steps. */
    public int steps() {
        return steps;
    }

    /** Sequences per step. */
    public int batchSize() {
        return batchSize;
    }

    /** Sequence length (0: the model's). */
    public int context() {
        return context;
    }

    /** Peak learning rate. */
    public double learningRate() {
        return learningRate;
    }

    /** The rate the cosine ends at. */
    public double minLearningRate() {
        return minLearningRate < 0 ? learningRate / 10 : minLearningRate;
    }

    /** Warm-up steps. */
    public int warmupSteps() {
        return warmupSteps;
    }

    /** Weight decay of matrices. */
    public double weightDecay() {
        return weightDecay;
    }

    /** AdamW beta1. */
    public double beta1() {
        return beta1;
    }

    /** AdamW beta2. */
    public double beta2() {
        return beta2;
    }

    /** AdamW epsilon. */
    public double epsilon() {
        return epsilon;
    }

    /** Global gradient-norm limit (0: none). */
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

    /** Seed of the training batches. */
    public long seed() {
        return seed;
    }

    /** Whether the embeddings are frozen. */
    public boolean freezeEmbeddings() {
        return freezeEmbeddings;
    }

    /** How many first blocks are frozen. */
    public int freezeFirstBlocks() {
        return freezeFirstBlocks;
    }

    /** The layer-wise learning-rate decay factor. */
    public double layerwiseDecay() {
        return layerwiseDecay;
    }

    /** The LoRA+ ratio (0: off). */
    public double loraPlusRatio() {
        return loraPlusRatio;
    }

    /** With LoRA+, the peak learning rate of token-table adapters. */
    public double loraPlusEmbeddingLearningRate() {
        return loraPlusEmbeddingLearningRate;
    }

    /** The learning rate of step {@code step} (0-based): linear warm-up from 0, then cosine to the minimum. */
    public double learningRateAt(long step) {
        if (step < warmupSteps) {
            return learningRate * step / warmupSteps;
        }
        double progress = Math.min(1.0, (step - warmupSteps) / (double) Math.max(1, steps - warmupSteps));
        double min = minLearningRate();
        return min + 0.5 * (1 + Math.cos(Math.PI * progress)) * (learningRate - min);
    }

    /** The options by name, for reports. */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("steps", steps);
        m.put("batch_size", batchSize);
        m.put("context", context);
        m.put("learning_rate", learningRate);
        m.put("min_learning_rate", minLearningRate());
        m.put("warmup_steps", warmupSteps);
        m.put("weight_decay", weightDecay);
        m.put("betas", new double[] {beta1, beta2});
        m.put("epsilon", epsilon);
        m.put("grad_clip", gradClip);
        m.put("eval_interval", evalInterval);
        m.put("eval_batches", evalBatches);
        m.put("seed", seed);
        m.put("freeze_embeddings", freezeEmbeddings);
        m.put("freeze_first_blocks", freezeFirstBlocks);
        m.put("layerwise_decay", layerwiseDecay);
        if (loraPlusRatio != 0) {
            m.put("loraplus_lr_ratio", loraPlusRatio);
            m.put("loraplus_lr_embedding", loraPlusEmbeddingLearningRate);
        }
        return m;
    }

    private static int positive(int n, String what) {
        if (n <= 0) {
            throw new IllegalArgumentException(what + " must be positive, got " + n);
        }
        return n;
    }

    private static double positive(double v, String what) {
        if (!(v > 0) || Double.isInfinite(v)) {
            throw new IllegalArgumentException(what + " must be positive and finite, got " + v);
        }
        return v;
    }
}
