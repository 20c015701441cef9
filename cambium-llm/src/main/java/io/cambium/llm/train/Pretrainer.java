package io.cambium.llm.train;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.cambium.Cambium;
import io.cambium.llm.data.TokenBatch;
import io.cambium.llm.data.TokenDataset;
import io.cambium.llm.model.Gpt;
import io.cambium.llm.model.GptConfig;
import io.cambium.nn.Variable;
import io.cambium.nn.io.InvalidFileException;
import io.cambium.nn.io.ModelArchive;
import io.cambium.nn.io.ModelFile;
import io.cambium.nn.io.TrainingState;
import io.cambium.nn.optimizers.AdamW;
import io.cambium.plot.LearningCurves;
import io.cambium.tensor.Tensor;
import io.cambium.tensor.autograd.NoGrad;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Pretrains a {@link Gpt} on a {@link TokenDataset} by next-token prediction, the way nanoGPT
 * does: random windows of the context length, AdamW with decoupled weight decay on the
 * projection matrices only (no decay on norms, biases and embeddings), a linear warm-up and a
 * cosine decay of the learning rate, global gradient-norm clipping, gradient accumulation, a
 * validation loss and perplexity on fixed validation batches every {@code evalInterval} steps,
 * progress lines with tokens/s and ETA ({@link ProgressPrinter}), a learning-curve PNG, and
 * atomic checkpoints from which {@link #resume} continues the run exactly: the weights, both
 * optimizers' moments and step counts, the batch sampler's and the global random generator's
 * states, the step and the history are all in the checkpoint, so a resumed run computes the
 * same losses, bit for bit, as one never interrupted (on the same thread count).
 *
 * <pre>{@code
 * Pretrainer p = new Pretrainer(gpt, split.train(), split.validation(), new PretrainConfig().maxSteps(2000), outDir);
 * p.run(new ProgressPrinter(System.out));
 * }</pre>
 *
 * Files in {@code outDir} (when not null): {@value #CHECKPOINT} (a model file that
 * {@link Gpt#load} and {@code cambium generate} read), {@value #CURVES} and {@value #METRICS}.
 */
public final class Pretrainer {
    /** The checkpoint's file name in the output directory. */
    public static final String CHECKPOINT = "ckpt.cambium";
    /** The learning-curve plot's file name. */
    public static final String CURVES = "learning_curves.png";
    /** The validation history as CSV. */
    public static final String METRICS = "metrics.csv";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final double CLIP_EPS = 1e-6;

    private final Gpt model;
    private final TokenDataset train;
    private final TokenDataset validation;
    private final PretrainConfig cfg;
    private final Path outDir;
    private final int context;
    private final AdamW decay;
    private final AdamW noDecay;
    private final List<Variable> decayed = new ArrayList<>();
    private final List<Variable> notDecayed = new ArrayList<>();
    private final List<Variable> trainable;
    private final BatchSampler sampler;
    private long step;
    private double lossSinceEval;
    private int stepsSinceEval;
    private final List<Long> evalSteps = new ArrayList<>();
    private final List<Double> trainLosses = new ArrayList<>();
    private final List<Double> valLosses = new ArrayList<>();

    /**
     * A run that starts from the model's current weights.
     *
     * @param outDir where checkpoints and plots go, or {@code null} for none
     * @throws IllegalArgumentException when the data does not fit the model (vocabulary, too few
     *     tokens for one window of the context)
     */
    public Pretrainer(Gpt model, TokenDataset train, TokenDataset validation, PretrainConfig config, Path outDir) {
        this(model, train, validation, config, outDir, BatchSampler.randomWindows(train, config.seed()));
    }

    /** A run that takes its training batches from {@code sampler} (random windows of {@code train} by default). */
    public Pretrainer(Gpt model, TokenDataset train, TokenDataset validation, PretrainConfig config, Path outDir,
                      BatchSampler sampler) {
        this.model = model;
        this.train = train;
        this.validation = validation;
        this.cfg = config;
        this.outDir = outDir;
        GptConfig mc = model.gptConfig();
        this.context = mc.contextLength();
        checkData("training", train, mc);
        checkData("validation", validation, mc);
        this.trainable = model.trainableVariables();
        for (Variable v : trainable) {
            (decays(v) ? decayed : notDecayed).add(v);
        }
        decay = optimizer(cfg.weightDecay());
        noDecay = optimizer(0);
        this.sampler = sampler;
    }

    private AdamW optimizer(double wd) {
        return new AdamW(cfg.learningRate(), wd).betas(cfg.beta1(), cfg.beta2()).epsilon(cfg.epsilon());
    }

    private void checkData(String what, TokenDataset d, GptConfig mc) {
        if (d.vocabSize() > mc.vocabSize()) {
            throw new IllegalArgumentException("the " + what + " tokens have a vocabulary of " + d.vocabSize()
                    + " ids, the model only " + mc.vocabSize());
        }
        if (d.length() < context + 1) {
            throw new IllegalArgumentException("the " + what + " set has " + d.length() + " tokens, fewer than one window of "
                    + (context + 1) + " (the context length " + context + " plus the next token)");
        }
    }

    /** Whether weight decay applies: projection matrices, not norms, biases or embedding tables. */
    static boolean decays(Variable v) {
        return v.shape().length >= 2 && !v.name().endsWith("/embeddings");
    }

    /** The model being trained. */
    public Gpt model() {
        return model;
    }

    /** The run's options. */
    public PretrainConfig config() {
        return cfg;
    }

    /** Optimizer steps completed. */
    public long step() {
        return step;
    }

    /** The validation history: steps, mean training losses, validation losses. */
    public List<EvalStats> history() {
        List<EvalStats> out = new ArrayList<>();
        for (int i = 0; i < evalSteps.size(); i++) {
            out.add(new EvalStats(evalSteps.get(i), trainLosses.get(i), valLosses.get(i)));
        }
        return out;
    }

    /** Tokens per optimizer step. */
    public long tokensPerStep() {
        return (long) cfg.batchSize() * context * cfg.gradientAccumulation();
    }

    /**
     * Runs the remaining steps up to {@code maxSteps}.
     *
     * @throws IllegalStateException when the loss stops being finite
     * @throws IOException when a checkpoint or plot cannot be written
     */
    public PretrainResult run(PretrainListener listener) throws IOException {
        PretrainListener l = listener == null ? new PretrainListener() { } : listener;
        long started = System.nanoTime();
        long from = step;
        l.onStart(this, from);
        long intervalStart = System.nanoTime();
        long intervalSteps = 0;
        double lastLoss = Double.NaN;
        double trainingSeconds = 0;
        while (step < cfg.maxSteps()) {
            long t0 = System.nanoTime();
            double lr = cfg.learningRateAt(step);
            double[] lossAndNorm = trainStep(lr);
            step++;
            lastLoss = lossAndNorm[0];
            if (!Double.isFinite(lastLoss)) {
                throw new IllegalStateException(String.format(Locale.ROOT,
                        "the training loss became %s at step %d (learning rate %.3g): lower the learning rate or raise "
                                + "the warm-up", lastLoss, step, lr));
            }
            lossSinceEval += lastLoss;
            stepsSinceEval++;
            intervalSteps++;
            trainingSeconds += (System.nanoTime() - t0) / 1e9;
            double perStep = trainingSeconds / (step - from);
            double intervalSeconds = (System.nanoTime() - intervalStart) / 1e9;
            double tps = intervalSteps * tokensPerStep() / Math.max(1e-9, intervalSeconds);
            StepStats stats = new StepStats(step, cfg.maxSteps(), lastLoss, lr, lossAndNorm[1], tps,
                    perStep * (cfg.maxSteps() - step) * evalOverhead());
            l.onStep(stats);
            if (step % cfg.logInterval() == 0 || step == cfg.maxSteps()) {
                l.onProgress(stats);
                intervalStart = System.nanoTime();
                intervalSteps = 0;
            }
            boolean eval = step % cfg.evalInterval() == 0 || step == cfg.maxSteps();
            if (eval) {
                double val = evaluate();
                EvalStats e = new EvalStats(step, lossSinceEval / stepsSinceEval, val);
                evalSteps.add(step);
                trainLosses.add(e.trainLoss());
                valLosses.add(val);
                lossSinceEval = 0;
                stepsSinceEval = 0;
                l.onEval(e);
                writeReports();
                intervalStart = System.nanoTime();
                intervalSteps = 0;
            }
            if (outDir != null && (step % cfg.checkpointInterval() == 0 || step == cfg.maxSteps())) {
                Path f = outDir.resolve(CHECKPOINT);
                saveCheckpoint(f);
                l.onCheckpoint(step, f);
                intervalStart = System.nanoTime();
                intervalSteps = 0;
            }
        }
        double best = Double.NaN;
        for (double v : valLosses) {
            best = Double.isNaN(best) ? v : Math.min(best, v);
        }
        PretrainResult r = new PretrainResult(step, lastLoss,
                valLosses.isEmpty() ? Double.NaN : valLosses.get(valLosses.size() - 1), best, step * tokensPerStep(),
                (System.nanoTime() - started) / 1e9);
        l.onEnd(r);
        return r;
    }

    /** A rough factor for the time validations add to the remaining training time. */
    private double evalOverhead() {
        double evalTokens = evalBatchCount() * (double) cfg.batchSize() * context / 3.0;
        return 1 + evalTokens / ((double) cfg.evalInterval() * tokensPerStep());
    }

    /** One optimizer step at learning rate {@code lr}: returns the mean loss and the gradient norm before clipping. */
    private double[] trainStep(double lr) {
        int accum = cfg.gradientAccumulation();
        decay.zeroGrad(trainable);
        double loss = 0;
        for (int m = 0; m < accum; m++) {
            TokenBatch b = sampler.next(cfg.batchSize(), context);
            Tensor l = model.loss(b.xTensor(), b.yTensor(), true);
            loss += l.item();
            (accum == 1 ? l : l.mul(1f / accum)).backward();
        }
        double norm = clipGradients();
        decay.setLearningRate((float) lr);
        noDecay.setLearningRate((float) lr);
        decay.step(decayed);
        noDecay.step(notDecayed);
        return new double[] {loss / accum, norm};
    }

    private double clipGradients() {
        return clipGradNorm(trainable, cfg.gradClip());
    }

    /**
     * torch.nn.utils.clip_grad_norm_: the global L2 norm of the variables' gradients (returned), all
     * scaled by {@code maxNorm / (norm + 1e-6)} when that is below 1; {@code maxNorm} 0 only measures.
     */
    public static double clipGradNorm(List<Variable> variables, double maxNorm) {
        double sq = 0;
        for (Variable v : variables) {
            Tensor g = v.grad();
            if (g != null) {
                for (float x : g.data()) {
                    sq += (double) x * x;
                }
            }
        }
        double norm = Math.sqrt(sq);
        if (maxNorm > 0) {
            double coef = maxNorm / (norm + CLIP_EPS);
            if (coef < 1) {
                float c = (float) coef;
                for (Variable v : variables) {
                    Tensor g = v.grad();
                    if (g != null) {
                        g.mulInPlace(c);
                    }
                }
            }
        }
        return norm;
    }

    private long evalBatchCount() {
        long all = validation.sequentialBatches(cfg.batchSize(), context);
        return cfg.evalBatches() == 0 ? all : Math.min(all, cfg.evalBatches());
    }

    /** The mean next-token loss (nats per token) over the fixed validation batches, without dropout. */
    public double evaluate() {
        long n = evalBatchCount();
        double sum = 0;
        long tokens = 0;
        try (NoGrad g = NoGrad.scope()) {
            for (long k = 0; k < n; k++) {
                TokenBatch b = validation.sequentialBatch(k, cfg.batchSize(), context);
                int count = b.batch() * b.context();
                sum += model.loss(b.xTensor(), b.yTensor(), false).item() * (double) count;
                tokens += count;
            }
        }
        return sum / tokens;
    }

    private void writeReports() throws IOException {
        if (outDir == null) {
            return;
        }
        StringBuilder csv = new StringBuilder("step,train_loss,val_loss,val_perplexity,tokens\n");
        for (int i = 0; i < evalSteps.size(); i++) {
            csv.append(String.format(Locale.ROOT, "%d,%.6f,%.6f,%.4f,%d%n", evalSteps.get(i), trainLosses.get(i),
                    valLosses.get(i), Math.exp(valLosses.get(i)), evalSteps.get(i) * tokensPerStep()));
        }
        byte[] bytes = csv.toString().getBytes(StandardCharsets.UTF_8);
        io.cambium.nn.io.AtomicFile.write(outDir.resolve(METRICS), ch -> ch.write(java.nio.ByteBuffer.wrap(bytes)));
        Map<String, List<Double>> h = new LinkedHashMap<>();
        h.put("loss", trainLosses);
        h.put("val_loss", valLosses);
        List<Double> ppl = new ArrayList<>();
        List<Double> valPpl = new ArrayList<>();
        for (int i = 0; i < valLosses.size(); i++) {
            ppl.add(Math.exp(trainLosses.get(i)));
            valPpl.add(Math.exp(valLosses.get(i)));
        }
        h.put("perplexity", ppl);
        h.put("val_perplexity", valPpl);
        LearningCurves.write(h, evalSteps, "step", "Pretraining " + model.name() + " ("
                + String.format(Locale.ROOT, "%,d", model.parameterCount()) + " parameters)", outDir.resolve(CURVES));
    }

    // ---------------------------------------------------------------- checkpoints

    /** Writes everything {@link #resume} needs to continue this run exactly, atomically. */
    public void saveCheckpoint(Path file) throws IOException {
        Map<String, Tensor> opt = new LinkedHashMap<>();
        decay.state().forEach((k, v) -> opt.put("decay/" + k, v));
        noDecay.state().forEach((k, v) -> opt.put("no_decay/" + k, v));
        Map<String, Object> extra = new LinkedHashMap<>();
        extra.put("pretrain", cfg.toMap());
        extra.put("sampler_rng", toList(sampler.state()));
        extra.put("loss_since_eval", Double.doubleToRawLongBits(lossSinceEval));
        extra.put("steps_since_eval", stepsSinceEval);
        extra.put("eval_steps", new ArrayList<>(evalSteps));
        List<Long> tl = new ArrayList<>();
        List<Long> vl = new ArrayList<>();
        for (int i = 0; i < evalSteps.size(); i++) {
            tl.add(Double.doubleToRawLongBits(trainLosses.get(i)));
            vl.add(Double.doubleToRawLongBits(valLosses.get(i)));
        }
        extra.put("train_losses", tl);
        extra.put("val_losses", vl);
        extra.put("train_tokens", train.length());
        extra.put("validation_tokens", validation.length());
        long[] rng;
        synchronized (Cambium.rng()) {
            rng = Cambium.rng().state();
        }
        ModelFile.save(file, new ModelArchive(model.architectureJson(), model.namedWeights(), null, opt,
                new TrainingState(0, step, rng, extra)));
    }

    /**
     * Continues the run saved in {@code checkpoint}: the model, the optimizers, the random
     * generators, the step and the history come from the file; the data must be the same as
     * the run's (checked by token counts). Sets the global random generator's state.
     *
     * @throws InvalidFileException naming the file when it is not a pretraining checkpoint, is
     *     corrupt, or was written for other data
     */
    public static Pretrainer resume(Path checkpoint, TokenDataset train, TokenDataset validation, Path outDir)
            throws IOException {
        ModelArchive a = ModelFile.load(checkpoint);
        TrainingState ts = a.training();
        if (ts == null || !(ts.extra().get("pretrain") instanceof Map<?, ?> pm)) {
            throw new InvalidFileException(checkpoint, "not a pretraining checkpoint (no pretraining state; a saved "
                    + "model can start a new run, not resume one)");
        }
        Gpt gpt = Gpt.fromArchive(checkpoint, a);
        Pretrainer p;
        try {
            @SuppressWarnings("unchecked")
            PretrainConfig cfg = PretrainConfig.fromMap((Map<String, ?>) pm);
            long trainTokens = number(ts.extra(), "train_tokens");
            long valTokens = number(ts.extra(), "validation_tokens");
            if (trainTokens != train.length() || valTokens != validation.length()) {
                throw new IllegalArgumentException("the run was trained on " + trainTokens + " training and " + valTokens
                        + " validation tokens, this data has " + train.length() + " and " + validation.length());
            }
            p = new Pretrainer(gpt, train, validation, cfg, outDir);
            Map<String, Tensor> dec = new LinkedHashMap<>();
            Map<String, Tensor> nodec = new LinkedHashMap<>();
            a.optimizerState().forEach((k, v) -> {
                if (k.startsWith("decay/")) {
                    dec.put(k.substring(6), v);
                } else if (k.startsWith("no_decay/")) {
                    nodec.put(k.substring(9), v);
                } else {
                    throw new IllegalArgumentException("unexpected optimizer entry '" + k + "'");
                }
            });
            p.decay.loadState(dec);
            p.noDecay.loadState(nodec);
            p.sampler.setState(longs(ts.extra().get("sampler_rng"), "sampler_rng"));
            p.step = ts.step();
            p.lossSinceEval = Double.longBitsToDouble(number(ts.extra(), "loss_since_eval"));
            p.stepsSinceEval = (int) number(ts.extra(), "steps_since_eval");
            long[] es = longs(ts.extra().get("eval_steps"), "eval_steps");
            long[] tl = longs(ts.extra().get("train_losses"), "train_losses");
            long[] vl = longs(ts.extra().get("val_losses"), "val_losses");
            if (tl.length != es.length || vl.length != es.length) {
                throw new IllegalArgumentException("the history's lists have different lengths");
            }
            for (int i = 0; i < es.length; i++) {
                p.evalSteps.add(es[i]);
                p.trainLosses.add(Double.longBitsToDouble(tl[i]));
                p.valLosses.add(Double.longBitsToDouble(vl[i]));
            }
            if (p.step > cfg.maxSteps()) {
                throw new IllegalArgumentException("step " + p.step + " is past max_steps " + cfg.maxSteps());
            }
        } catch (IllegalArgumentException | IllegalStateException | ClassCastException e) {
            throw new InvalidFileException(checkpoint, "cannot resume: " + e.getMessage(), e);
        }
        if (ts.rngState() != null) {
            synchronized (Cambium.rng()) {
                Cambium.rng().setState(ts.rngState());
            }
        }
        return p;
    }

    private static List<Long> toList(long[] a) {
        List<Long> l = new ArrayList<>();
        for (long x : a) {
            l.add(x);
        }
        return l;
    }

    private static long number(Map<String, Object> m, String key) {
        Object v = m.get(key);
        if (!(v instanceof Number n)) {
            throw new IllegalArgumentException("'" + key + "' must be a number, got " + v);
        }
        return n.longValue();
    }

    private static long[] longs(Object o, String key) {
        if (!(o instanceof List<?> l)) {
            throw new IllegalArgumentException("'" + key + "' must be a list, got " + o);
        }
        long[] out = new long[l.size()];
        for (int i = 0; i < out.length; i++) {
            if (!(l.get(i) instanceof Number n)) {
                throw new IllegalArgumentException("'" + key + "' holds a non-number: " + l.get(i));
            }
            out[i] = n.longValue();
        }
        return out;
    }
}
