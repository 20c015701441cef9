package io.cambium.llm.finetune;

import io.cambium.llm.data.TokenBatch;
import io.cambium.llm.finetune.quant.QuantizedLinear;
import io.cambium.llm.model.Gpt;
import io.cambium.llm.model.GptConfig;
import io.cambium.llm.train.Pretrainer;
import io.cambium.nn.Layer;
import io.cambium.nn.Variable;
import io.cambium.nn.losses.Loss;

import io.cambium.nn.losses.SparseCategoricalCrossentropy;
import io.cambium.nn.optimizers.AdamW;
import io.cambium.tensor.Shape;
import io.cambium.tensor.Tensor;
import io.cambium.tensor.autograd.NoGrad;
import io.cambium.tensor.random.Rng;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Fine-tunes a {@link Gpt} (plain, or wrapped with LoRA adapters, on a float or quantized base):
 * next-token cross-entropy over the targets that are not {@link FineTuneData#IGNORE}, AdamW over
 * the trainable variables in groups (weight decay on matrices only; one group per layer-wise
 * learning-rate factor), global gradient-norm clipping, warm-up and cosine. The freeze policy of
 * the configuration is applied to the model's variables when the tuner is made.
 */
public final class FineTuner {
    private static final Loss LOSS = new SparseCategoricalCrossentropy(true, FineTuneData.IGNORE,
            Loss.Reduction.SUM_OVER_BATCH_SIZE);

    private record Group(AdamW optimizer, double factor, List<Variable> variables) {
    }

    private final Gpt model;
    private final FineTuneData data;
    private final FineTuneConfig cfg;
    private final int context;
    private final List<Variable> trainable;
    private final List<Group> groups = new ArrayList<>();
    private final Rng rng;

    /**
     * A tuner of {@code model} on {@code data}; freezes what the configuration says.
     *
     * @throws IllegalArgumentException when nothing is left to train or the context is too long
     */
    public FineTuner(Gpt model, FineTuneData data, FineTuneConfig cfg) {
        this.model = model;
        this.data = data;
        this.cfg = cfg;
        GptConfig mc = model.gptConfig();
        this.context = cfg.context() == 0 ? mc.contextLength() : cfg.context();
        if (context > mc.contextLength()) {
            throw new IllegalArgumentException("context " + context + " exceeds the model's " + mc.contextLength());
        }
        applyFreezing(model, cfg);
        this.trainable = model.trainableVariables();
        if (trainable.isEmpty()) {
            throw new IllegalArgumentException("nothing to train: every variable of the model is frozen");
        }
        Map<String, Group> byKey = new LinkedHashMap<>();
        for (Variable v : trainable) {
            double f = rateFactor(v.name(), mc.layers(), cfg.layerwiseDecay()) * loraPlusFactor(v, cfg);
            boolean decays = v.shape().length >= 2 && !v.name().endsWith("/embeddings");
            String key = f + "/" + decays;
            byKey.computeIfAbsent(key, k -> new Group(new AdamW(cfg.learningRate() * f,
                    decays ? cfg.weightDecay() : 0.0).betas(cfg.beta1(), cfg.beta2()).epsilon(cfg.epsilon()), f,
                    new ArrayList<>())).variables().add(v);
        }
        groups.addAll(byKey.values());
        this.rng = new Rng(cfg.seed());
    }

    /** Freezes the embeddings and the first blocks as configured (full fine-tuning policies). */
    static void applyFreezing(Gpt model, FineTuneConfig cfg) {
        int n = cfg.freezeFirstBlocks();
        int layers = model.gptConfig().layers();
        if (n > layers) {
            throw new IllegalArgumentException("cannot freeze the first " + n + " blocks: the model has " + layers);
        }
        for (Variable v : model.variables()) {
            String path = v.name().substring(0, Math.max(0, v.name().indexOf('/')));
            if (cfg.freezeEmbeddings() && (path.equals("wte") || path.equals("wpe"))) {
                v.setTrainable(false);
            }
            int block = blockIndex(path);
            if (block >= 0 && block < n) {
                v.setTrainable(false);
            }
        }
    }

    /** The block of a path {@code h.<i>...}, or -1. */
    static int blockIndex(String path) {
        if (!path.startsWith("h.")) {
            return -1;
        }
        int end = path.indexOf('.', 2);
        try {
            return Integer.parseInt(end < 0 ? path.substring(2) : path.substring(2, end));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** The layer-wise factor of a variable's learning rate. */
    static double rateFactor(String name, int layers, double decay) {
        if (decay == 1.0) {
            return 1.0;
        }
        String path = name.substring(0, Math.max(0, name.indexOf('/')));
        if (path.equals("wte") || path.equals("wpe")) {
            return Math.pow(decay, layers + 1);
        }
        int b = blockIndex(path);
        return b >= 0 ? Math.pow(decay, layers - b) : 1.0;
    }

    /**
     * The LoRA+ factor of a variable's learning rate: the ratio for B factors and other vectors,
     * the embedding rate over the peak rate for adapters on token tables, 1 for A factors and
     * whenever LoRA+ is off. The names are the adapters' variable names ({@code lora_B.<adapter>},
     * {@code lora_embedding_A.<adapter>}), PEFT's parameter names.
     */
    static double loraPlusFactor(Variable v, FineTuneConfig cfg) {
        if (cfg.loraPlusRatio() == 0) {
            return 1.0;
        }
        String local = v.name().substring(v.name().indexOf('/') + 1);
        if (local.startsWith("lora_embedding_")) {
            return cfg.loraPlusEmbeddingLearningRate() / cfg.learningRate();
        }
        return local.startsWith("lora_B.") || v.shape().length == 1 ? cfg.loraPlusRatio() : 1.0;
    }

    /** The learning-rate factors of the optimizer groups, by variable name (for reports and tests). */
    public Map<String, Double> rateFactors() {
        Map<String, Double> m = new LinkedHashMap<>();
        for (Group g : groups) {
            for (Variable v : g.variables()) {
                m.put(v.name(), g.factor());
            }
        }
        return m;
    }

    /** The number of trainable parameters. */
    public long trainableParameters() {
        long n = 0;
        for (Variable v : trainable) {
            n += Shape.numel(v.shape());
        }
        return n;
    }

    /** All parameters: every variable and the values of quantized kernels. */
    public long totalParameters() {
        long n = 0;
        for (Variable v : model.variables()) {
            n += Shape.numel(v.shape());
        }
        for (Layer l : model.allLayersIncludingSelf()) {
            if (l instanceof QuantizedLinear q) {
                n += (long) q.inFeatures() * q.outFeatures();
            }
        }
        return n;
    }

    /** Trains for the configured steps, evaluating before, every interval and at the end. */
    public FineTuneResult run(FineTuneListener listener) {
        List<TokenBatch> val = data.validation(cfg.batchSize(), context, cfg.evalBatches());
        List<Integer> evalSteps = new ArrayList<>();
        List<Double> valLosses = new ArrayList<>();
        double v0 = evaluate(val);
        evalSteps.add(0);
        valLosses.add(v0);
        listener.onEvaluation(0, v0);
        double wall = 0;
        double cpu = 0;
        int timed = 0;
        int skip = cfg.steps() > 6 ? 3 : 0;
        for (int step = 1; step <= cfg.steps(); step++) {
            double lr = cfg.learningRateAt(step - 1);
            long t0 = System.nanoTime();
            long c0 = processCpuNanos();
            double[] r = trainStep(lr);
            double ms = (System.nanoTime() - t0) / 1e6;
            double cms = (processCpuNanos() - c0) / 1e6;
            if (step > skip) {
                wall += ms;
                cpu += cms;
                timed++;
            }
            listener.onStep(step, cfg.steps(), r[0], lr, r[1], ms);
            if (step % cfg.evalInterval() == 0 || step == cfg.steps()) {
                double v = evaluate(val);
                evalSteps.add(step);
                valLosses.add(v);
                listener.onEvaluation(step, v);
            }
        }
        return new FineTuneResult(evalSteps, valLosses, wall / Math.max(1, timed), cpu / Math.max(1, timed),
                trainableParameters(), totalParameters());
    }

    private static long processCpuNanos() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime();
        }
        return 0;
    }

    /** One step: returns the loss and the gradient norm before clipping. */
    private double[] trainStep(double lr) {
        for (Group g : groups) {
            g.optimizer().zeroGrad(g.variables());
        }
        TokenBatch b = data.next(cfg.batchSize(), context, rng);
        Tensor loss = loss(b, true);
        loss.backward();
        double norm = clip();
        for (Group g : groups) {
            g.optimizer().setLearningRate((float) (lr * g.factor()));
            g.optimizer().step(g.variables());
        }
        return new double[] {loss.item(), norm};
    }

    /** The mean cross-entropy over the batch's counted targets. */
    public Tensor loss(TokenBatch b, boolean training) {
        Tensor logits = model.forward(b.xTensor(), training);
        int n = b.batch() * b.context();
        return LOSS.call(b.yTensor().reshape(n), logits.reshape(n, logits.dim(2)));
    }

    private double clip() {
        return Pretrainer.clipGradNorm(trainable, cfg.gradClip());
    }

    /** The mean loss per counted target over the batches, without dropout. */
    public double evaluate(List<TokenBatch> batches) {
        double sum = 0;
        long count = 0;
        try (NoGrad g = NoGrad.scope()) {
            for (TokenBatch b : batches) {
                int c = 0;
                for (int y : b.y()) {
                    if (y != FineTuneData.IGNORE) {
                        c++;
                    }
                }
                if (c > 0) {
                    sum += loss(b, false).item() * (double) c;
                    count += c;
                }
            }
        }
        return count == 0 ? Double.NaN : sum / count;
    }
}
