package io.cambium.nn.training;

import io.cambium.nn.Model;
import io.cambium.nn.Variable;
import io.cambium.nn.callbacks.Callback;
import io.cambium.nn.losses.Loss;
import io.cambium.nn.metrics.Mean;
import io.cambium.nn.metrics.Metric;
import io.cambium.nn.optimizers.Optimizer;
import io.cambium.tensor.Shape;
import io.cambium.tensor.Tensor;
import io.cambium.tensor.autograd.NoGrad;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The compiled training state of a model and the loops behind {@code fit}, {@code evaluate},
 * {@code predict} and {@code trainOnBatch}. One step: clear gradients, forward with training on,
 * total loss = Σ weight_i · loss_i(y_i, out_i) + weight penalties + activity penalties, backward,
 * optimizer step, constraints, then the streaming metrics on the detached outputs.
 */
public final class Trainer {
    private final Model model;
    private final Optimizer optimizer;
    private final List<Loss> losses;
    private final float[] lossWeights;
    private final List<String> outputNames;
    private final List<Metric> metricPrototypes;
    private final Tracker train;
    private final Tracker test;

    /** Created by {@link Model#compile}. */
    public Trainer(Model model, Optimizer optimizer, List<Loss> losses, List<Float> lossWeights, List<Metric> metrics) {
        if (optimizer == null) {
            throw new IllegalArgumentException(model.describe() + ": compile needs an optimizer");
        }
        int outputs = model.outputCount();
        if (losses.size() != 1 && losses.size() != outputs) {
            throw new IllegalArgumentException(model.describe() + ": compile got " + losses.size()
                    + " losses for " + outputs + " outputs (give one, or one per output)");
        }
        this.model = model;
        this.optimizer = optimizer;
        this.losses = new ArrayList<>();
        for (int i = 0; i < outputs; i++) {
            this.losses.add(losses.size() == 1 ? losses.get(0) : losses.get(i));
        }
        this.lossWeights = new float[outputs];
        for (int i = 0; i < outputs; i++) {
            this.lossWeights[i] = lossWeights == null ? 1f : lossWeights.get(i);
        }
        if (lossWeights != null && lossWeights.size() != outputs) {
            throw new IllegalArgumentException(model.describe() + ": compile got " + lossWeights.size()
                    + " loss weights for " + outputs + " outputs");
        }
        this.outputNames = model.outputNames();
        this.metricPrototypes = List.copyOf(metrics);
        this.train = new Tracker(metrics);
        this.test = new Tracker(metrics);
    }

    /** The optimizer. */
    public Optimizer optimizer() {
        return optimizer;
    }

    /** The metrics given to compile. */
    public List<Metric> metricPrototypes() {
        return metricPrototypes;
    }

    /** The weight of each output's loss in the total. */
    public float[] lossWeights() {
        return lossWeights.clone();
    }

    /** The loss of each output. */
    public List<Loss> losses() {
        return List.copyOf(losses);
    }

    /** Streaming loss and metrics, one set per output, named as Keras names them. */
    private final class Tracker {
        final Mean loss = new Mean("loss");
        final List<Mean> outputLosses = new ArrayList<>();
        final List<List<Metric>> metrics = new ArrayList<>();

        Tracker(List<Metric> prototypes) {
            int outputs = losses.size();
            for (int i = 0; i < outputs; i++) {
                outputLosses.add(new Mean(outputNames.get(i) + "_loss"));
                List<Metric> ms = new ArrayList<>();
                for (Metric p : prototypes) {
                    Metric m = p.newInstance();
                    m.configureFor(losses.get(i).name());
                    ms.add(m);
                }
                metrics.add(ms);
            }
        }

        void reset() {
            loss.reset();
            for (Mean m : outputLosses) {
                m.reset();
            }
            for (List<Metric> ms : metrics) {
                for (Metric m : ms) {
                    m.reset();
                }
            }
        }

        Map<String, Double> logs(String prefix) {
            Map<String, Double> out = new LinkedHashMap<>();
            out.put(prefix + "loss", loss.result());
            boolean multi = outputLosses.size() > 1;
            if (multi) {
                for (Mean m : outputLosses) {
                    out.put(prefix + m.name(), m.result());
                }
            }
            for (int i = 0; i < metrics.size(); i++) {
                for (Metric m : metrics.get(i)) {
                    String name = multi ? outputNames.get(i) + "_" + m.name() : m.name();
                    out.put(prefix + name, m.result());
                }
            }
            return out;
        }
    }

    // ---------------------------------------------------------------- steps

    private Tensor totalLoss(Batch b, List<Tensor> outs, float[] perOutput) {
        if (b.y().size() != outs.size()) {
            throw new IllegalArgumentException(model.describe() + ": got " + b.y().size() + " target arrays for "
                    + outs.size() + " outputs");
        }
        Tensor total = null;
        for (int i = 0; i < outs.size(); i++) {
            Tensor yTrue = b.y().get(i);
            Tensor yPred = outs.get(i);
            if (yTrue.dim(0) != yPred.dim(0)) {
                throw new IllegalArgumentException(model.describe() + ": output " + outputNames.get(i) + " has shape "
                        + Shape.str(yPred.shape()) + " but the targets have shape " + Shape.str(yTrue.shape()));
            }
            Tensor l = losses.get(i).call(yTrue, yPred, b.sampleWeight());
            if (l.numel() != 1) {
                l = l.mean();
            }
            perOutput[i] = l.item();
            Tensor weighted = lossWeights[i] == 1f ? l : l.mul(lossWeights[i]);
            total = total == null ? weighted : total.add(weighted);
        }
        for (Tensor r : model.regularizationLosses()) {
            total = total.add(r);
        }
        for (Tensor a : model.losses()) {
            total = total.add(a);
        }
        return total;
    }

    private void record(Tracker t, Batch b, List<Tensor> outs, Tensor total, float[] perOutput) {
        int n = b.size();
        t.loss.update(total.item(), n);
        for (int i = 0; i < outs.size(); i++) {
            t.outputLosses.get(i).update(perOutput[i], n);
            Tensor pred = outs.get(i).detach();
            for (Metric m : t.metrics.get(i)) {
                m.update(b.y().get(i), pred, b.sampleWeight());
            }
        }
    }

    private void step(Batch b) {
        List<Variable> vars = model.trainableVariables();
        optimizer.zeroGrad(vars);
        List<Tensor> outs = model.applyAll(b.x(), true);
        float[] perOutput = new float[outs.size()];
        Tensor total = totalLoss(b, outs, perOutput);
        if (total.requiresGrad()) {
            total.backward();
            optimizer.step(vars);
            model.applyConstraints();
        }
        record(train, b, outs, total, perOutput);
    }

    private void testStep(Batch b) {
        try (NoGrad g = NoGrad.scope()) {
            List<Tensor> outs = model.applyAll(b.x(), false);
            float[] perOutput = new float[outs.size()];
            Tensor total = totalLoss(b, outs, perOutput);
            record(test, b, outs, total, perOutput);
        }
    }

    /** One optimizer step on one batch; returns that batch's loss and metrics. */
    public Map<String, Double> trainOnBatch(List<Tensor> xs, List<Tensor> ys, Tensor sampleWeight) {
        train.reset();
        step(new Batch(xs, ys, sampleWeight));
        return train.logs("");
    }

    // ---------------------------------------------------------------- fit

    /** Trains on arrays (see {@link FitConfig} for validation split, class weights, ...). */
    public History fit(List<Tensor> xs, List<Tensor> ys, FitConfig cfg) {
        if (xs.isEmpty()) {
            throw new IllegalArgumentException(model.describe() + ": fit needs input arrays");
        }
        int n = xs.get(0).dim(0);
        for (Tensor t : xs) {
            sameSamples(t, n, "input");
        }
        for (Tensor t : ys) {
            sameSamples(t, n, "target");
        }
        Tensor weights = sampleWeights(ys, n, cfg);
        Iterable<? extends AsBatch> val = null;
        int trainEnd = n;
        if (cfg.validationX() != null) {
            val = new ArrayBatches(cfg.validationX(), cfg.validationY(), cfg.validationWeights(), null,
                    cfg.batchSize(), false);
        } else if (cfg.validationBatches() != null) {
            val = cfg.validationBatches();
        } else if (cfg.validationSplit() > 0) {
            trainEnd = (int) Math.floor(n * (1.0 - cfg.validationSplit()));
            if (trainEnd <= 0 || trainEnd >= n) {
                throw new IllegalArgumentException(model.describe() + ": validation split " + cfg.validationSplit()
                        + " of " + n + " samples leaves an empty training or validation set");
            }
            // Class weights apply to training only (as in Keras); validation keeps plain sample weights.
            val = new ArrayBatches(xs, ys, cfg.sampleWeight(), Rows.range(trainEnd, n), cfg.batchSize(), false);
        }
        Batches trainBatches = new ArrayBatches(xs, ys, weights, Rows.range(0, trainEnd), cfg.batchSize(), cfg.shuffle());
        return loop(trainBatches, val, cfg);
    }

    /**
     * Trains on a source of batches (a {@link Batches}, a batched cambium-data {@code Dataset}, any
     * iterable of {@link AsBatch}); one pass per epoch unless {@link FitConfig#stepsPerEpoch(int)};
     * validation from {@link FitConfig#validationData(Iterable)} or arrays.
     */
    public History fit(Iterable<? extends AsBatch> data, FitConfig cfg) {
        if (cfg.classWeight() != null || cfg.balancedClassWeight() || cfg.sampleWeight() != null) {
            throw new IllegalArgumentException(model.describe() + ": with a batch source, put sample weights in the"
                    + " batches (class weights and sample-weight arrays apply to array inputs)");
        }
        if (cfg.validationSplit() > 0) {
            throw new IllegalArgumentException(model.describe() + ": validationSplit needs array inputs; give"
                    + " validationData for a batch source");
        }
        if (Pass.steps(data) == Cardinality.INFINITE && cfg.stepsPerEpoch() <= 0) {
            throw new IllegalArgumentException(model.describe() + ": the training data never ends (a repeated dataset);"
                    + " give FitConfig.stepsPerEpoch(n)");
        }
        Iterable<? extends AsBatch> val = cfg.validationBatches();
        if (val == null && cfg.validationX() != null) {
            val = new ArrayBatches(cfg.validationX(), cfg.validationY(), cfg.validationWeights(), null,
                    cfg.batchSize(), false);
        }
        return loop(data, val, cfg);
    }

    private void sameSamples(Tensor t, int n, String what) {
        if (t.rank() == 0 || t.dim(0) != n) {
            throw new IllegalArgumentException(model.describe() + ": " + what + " array of shape " + Shape.str(t.shape())
                    + " does not have the " + n + " samples of the first input on axis 0");
        }
    }

    private Tensor sampleWeights(List<Tensor> ys, int n, FitConfig cfg) {
        Tensor w = cfg.sampleWeight();
        if (w != null && (w.rank() != 1 || w.dim(0) != n)) {
            throw new IllegalArgumentException(model.describe() + ": sample weights must have shape (" + n + ",), got "
                    + Shape.str(w.shape()));
        }
        Map<Integer, Double> cw = cfg.classWeight();
        if (cw == null && !cfg.balancedClassWeight()) {
            return w;
        }
        if (ys.size() != 1) {
            throw new IllegalArgumentException(model.describe() + ": class weights need a single output");
        }
        int[] cls = classes(ys.get(0));
        if (cfg.balancedClassWeight()) {
            Map<Integer, Integer> counts = new HashMap<>();
            for (int c : cls) {
                counts.merge(c, 1, Integer::sum);
            }
            cw = new HashMap<>();
            for (Map.Entry<Integer, Integer> e : counts.entrySet()) {
                cw.put(e.getKey(), (double) n / (counts.size() * (double) e.getValue()));
            }
        }
        float[] out = new float[n];
        for (int i = 0; i < n; i++) {
            Double cwi = cw.get(cls[i]);
            if (cwi == null) {
                throw new IllegalArgumentException(model.describe() + ": class weight missing for class " + cls[i]
                        + " (given for " + cw.keySet() + ")");
            }
            out[i] = (float) (cwi * (w == null ? 1f : w.data()[i]));
        }
        return new Tensor(out, n);
    }

    /** The class of each sample: the value for sparse/binary targets, the arg-max for one-hot targets. */
    private static int[] classes(Tensor y) {
        int n = y.dim(0);
        int k = y.numel() / Math.max(1, n);
        float[] d = y.data();
        int[] out = new int[n];
        for (int i = 0; i < n; i++) {
            if (k == 1) {
                out[i] = Math.round(d[i]);
            } else {
                int best = 0;
                for (int j = 1; j < k; j++) {
                    if (d[i * k + j] > d[i * k + best]) {
                        best = j;
                    }
                }
                out[i] = best;
            }
        }
        return out;
    }

    private History loop(Iterable<? extends AsBatch> trainBatches, Iterable<? extends AsBatch> val, FitConfig cfg) {
        History history = new History();
        List<Callback> cbs = new ArrayList<>();
        if (cfg.verbose() != FitConfig.QUIET) {
            long known = Pass.steps(trainBatches);
            int steps = cfg.stepsPerEpoch() > 0 ? cfg.stepsPerEpoch() : known >= 0 ? (int) Math.min(known, Integer.MAX_VALUE) : -1;
            cbs.add(new ProgressLogger(cfg.output(), cfg.verbose(), cfg.epochs(), steps));
        }
        cbs.addAll(cfg.callbacks());
        cbs.add(history);
        for (Callback c : cbs) {
            c.setModel(model);
        }
        model.stopTraining(false);
        Map<String, Double> empty = new LinkedHashMap<>();
        for (Callback c : cbs) {
            c.onTrainBegin(empty);
        }
        Pass stream = null;
        Map<String, Double> last = new LinkedHashMap<>();
        try {
            for (int epoch = cfg.initialEpoch(); epoch < cfg.epochs(); epoch++) {
                train.reset();
                for (Callback c : cbs) {
                    c.onEpochBegin(epoch, new LinkedHashMap<>());
                }
                int batch = 0;
                boolean interrupted = false;
                if (cfg.stepsPerEpoch() <= 0 || stream == null) {
                    stream = reopen(stream, trainBatches);
                }
                while (cfg.stepsPerEpoch() <= 0 || batch < cfg.stepsPerEpoch()) {
                    if (!stream.hasNext()) {
                        if (cfg.stepsPerEpoch() > 0 && batch > 0) {
                            stream = reopen(stream, trainBatches);
                            if (!stream.hasNext()) {
                                break;
                            }
                        } else {
                            break;
                        }
                    }
                    Batch b = next(model, stream, epoch == cfg.initialEpoch() && batch == 0);
                    for (Callback c : cbs) {
                        c.onTrainBatchBegin(batch, new LinkedHashMap<>());
                    }
                    step(b);
                    Map<String, Double> logs = train.logs("");
                    for (Callback c : cbs) {
                        c.onTrainBatchEnd(batch, logs);
                    }
                    batch++;
                    if (model.stopTraining()) {
                        interrupted = true;
                        break;
                    }
                }
                if (batch == 0) {
                    throw new IllegalStateException(model.describe() + ": the training data produced no batches");
                }
                Map<String, Double> logs = train.logs("");
                if (val != null) {
                    logs.putAll(runEvaluation(val));
                }
                if (!interrupted) {
                    // An epoch stopped mid-way (TerminateOnNaN) is not completed: resuming redoes it.
                    model.completedEpochs(epoch + 1);
                }
                for (Callback c : cbs) {
                    c.onEpochEnd(epoch, logs);
                }
                last = logs;
                if (model.stopTraining()) {
                    break;
                }
            }
        } catch (RuntimeException | Error e) {
            for (Callback c : cbs) {
                try {
                    c.onTrainAborted(e);
                } catch (RuntimeException suppressed) {
                    e.addSuppressed(suppressed);
                }
            }
            throw e;
        } finally {
            if (stream != null) {
                stream.close();
            }
        }
        for (Callback c : cbs) {
            c.onTrainEnd(last);
        }
        return history;
    }

    private static Pass reopen(Pass previous, Iterable<? extends AsBatch> source) {
        if (previous != null) {
            previous.close();
        }
        return new Pass(source);
    }

    /**
     * The next batch of a pass; the first one is checked for being a batch at all, since the
     * elements of a dataset that was not {@code .batch(n)}ed are single samples: their inputs
     * lack the batch axis the model expects, or their targets do not line up with it.
     */
    private static Batch next(Model model, Pass pass, boolean first) {
        if (!first) {
            return pass.next();
        }
        Batch b;
        try {
            b = pass.next();
        } catch (IllegalArgumentException e) {
            if (e.getMessage() != null && e.getMessage().startsWith("Batch:")) {
                throw new IllegalArgumentException(model.describe() + ": the data's elements are not batches ("
                        + e.getMessage() + "): batch the data (dataset.batch(32)) before fit, evaluate or predict", e);
            }
            throw e;
        }
        checkBatched(model, b);
        return b;
    }

    private static void checkBatched(Model model, Batch b) {
        List<int[]> expected = model.inputShapes();
        if (expected == null || expected.size() != b.x().size()) {
            return;
        }
        for (int i = 0; i < expected.size(); i++) {
            int[] e = expected.get(i);
            Tensor x = b.x().get(i);
            if (e != null && x.rank() == e.length - 1) {
                throw new IllegalArgumentException(model.describe() + ": the data's elements have input shape "
                        + Shape.str(x.shape()) + " but the model takes " + io.cambium.nn.Layer.shapeStr(e)
                        + ", with a batch axis first: batch the data (dataset.batch(32)) before fit, evaluate or predict");
            }
        }
    }

    private Map<String, Double> runEvaluation(Iterable<? extends AsBatch> data) {
        test.reset();
        int steps = 0;
        try (Pass pass = new Pass(data)) {
            while (pass.hasNext()) {
                Batch b = next(model, pass, steps == 0);
                testStep(b);
                steps++;
            }
        }
        if (steps == 0) {
            throw new IllegalStateException(model.describe() + ": the validation data produced no batches");
        }
        return test.logs("val_");
    }

    // ---------------------------------------------------------------- evaluate and predict

    /** The loss and metrics over arrays. */
    public Map<String, Double> evaluate(List<Tensor> xs, List<Tensor> ys, Tensor sampleWeight, int batchSize) {
        return evaluate(new ArrayBatches(xs, ys, sampleWeight, null, batchSize, false));
    }

    /** The loss and metrics over one pass of a source of batches (names without the val_ prefix). */
    public Map<String, Double> evaluate(Iterable<? extends AsBatch> data) {
        Map<String, Double> v = runEvaluation(data);
        Map<String, Double> out = new LinkedHashMap<>();
        for (Map.Entry<String, Double> e : v.entrySet()) {
            out.put(e.getKey().substring(4), e.getValue());
        }
        return out;
    }

    /** The outputs for arrays, computed in batches with training off and no recording. */
    public static List<Tensor> predict(Model model, List<Tensor> xs, int batchSize) {
        return predict(model, new ArrayBatches(xs, List.of(), null, null, batchSize, false));
    }

    /** The outputs for one pass of a source of batches, concatenated along the batch axis (targets ignored). */
    public static List<Tensor> predict(Model model, Iterable<? extends AsBatch> data) {
        List<List<Tensor>> parts = new ArrayList<>();
        try (NoGrad g = NoGrad.scope(); Pass pass = new Pass(data)) {
            while (pass.hasNext()) {
                Batch b = next(model, pass, parts.isEmpty());
                List<Tensor> outs = model.applyAll(b.x(), false);
                model.clearLosses();
                for (int i = 0; i < outs.size(); i++) {
                    if (parts.size() <= i) {
                        parts.add(new ArrayList<>());
                    }
                    parts.get(i).add(outs.get(i));
                }
            }
        }
        if (parts.isEmpty()) {
            throw new IllegalArgumentException(model.describe() + ": predict got no data");
        }
        List<Tensor> result = new ArrayList<>();
        for (List<Tensor> p : parts) {
            result.add(concatRows(p));
        }
        return result;
    }

    private static Tensor concatRows(List<Tensor> parts) {
        if (parts.size() == 1) {
            return parts.get(0);
        }
        int[] s = parts.get(0).shape();
        int rows = 0;
        int total = 0;
        for (Tensor t : parts) {
            rows += t.dim(0);
            total += t.numel();
        }
        float[] out = new float[total];
        int off = 0;
        for (Tensor t : parts) {
            System.arraycopy(t.data(), 0, out, off, t.numel());
            off += t.numel();
        }
        s[0] = rows;
        return new Tensor(out, s);
    }
}
