package io.cambium.spark;

import io.cambium.nn.Layer;
import io.cambium.nn.Model;
import io.cambium.nn.Variable;
import io.cambium.nn.callbacks.Callback;
import io.cambium.nn.metrics.Mean;
import io.cambium.nn.metrics.Metric;
import io.cambium.nn.metrics.Metrics;
import io.cambium.nn.optimizers.Optimizer;
import io.cambium.nn.training.FitConfig;
import io.cambium.nn.training.History;
import io.cambium.nn.training.ProgressLogger;
import io.cambium.spark.data.GlobalOrder;
import io.cambium.spark.data.Shards;
import io.cambium.spark.exec.Contribution;
import io.cambium.spark.exec.Flat;
import io.cambium.spark.exec.GradientTask;
import io.cambium.spark.exec.ModelSpec;
import io.cambium.spark.exec.Outcomes;
import io.cambium.spark.exec.RoundResult;
import io.cambium.spark.exec.RoundTask;
import io.cambium.spark.exec.StateBlob;
import io.cambium.tensor.Tensor;
import io.cambium.tensor.autograd.NoGrad;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.SparkContext;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Data-parallel training of a compiled Cambium model on a Spark DataFrame.
 *
 * <p>The DataFrame's rows are decoded once into cached per-partition float arrays; each epoch
 * visits them in the order {@link GlobalOrder} gives, {@code batchSize} rows per global batch.
 * In synchronous mode, every step broadcasts the weights, each partition computes the gradient
 * of its rows of the global batch (weighted by its share of the batch), Spark tree-aggregates
 * the gradients to the driver, and the driver's optimizer applies the step: the same
 * computation as single-machine training on the same batches, up to float summation order. In
 * averaging mode, partitions take {@code k} local steps on their rows, then the driver averages
 * weights and optimizer state. A step is applied only after all of its rows came back exactly
 * once; a task lost with its executor is run again by Spark and returns the same result.
 *
 * <p>Limits: one input and one output; layers that draw random numbers (dropout, noise) draw
 * them on the executors, so they do not replay single-machine training; batch-norm statistics
 * are per partition (averaged after each step), as in PyTorch's DDP without SyncBatchNorm.
 */
public final class SparkTrainer {
    private SparkTrainer() {
    }

    /**
     * Trains {@code model} (compiled, with one input and one output) on the rows of
     * {@code data}; returns the History of the epochs run (loss and metrics per epoch).
     *
     * @throws IllegalArgumentException when the model, the columns or the rows do not fit
     */
    public static History fit(Model model, Dataset<Row> data, SparkFitConfig config) {
        if (!model.isCompiled()) {
            throw new IllegalArgumentException(model.describe() + ": compile the model before SparkTrainer.fit");
        }
        if (model.outputCount() != 1 || (model.inputShapes() != null && model.inputShapes().size() != 1)) {
            throw new IllegalArgumentException(model.describe() + ": SparkTrainer trains models with one input and one"
                    + " output; this one has " + (model.inputShapes() == null ? "?" : model.inputShapes().size())
                    + " inputs and " + model.outputCount() + " outputs");
        }
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(data.sparkSession().sparkContext());
        Shards shards = Shards.of(data, config.columns(), config.partitions());
        try {
            return new Run(model, jsc, shards, config).run();
        } finally {
            shards.release();
        }
    }

    /** The state of one fit call on the driver. */
    private static final class Run {
        private final Model model;
        private final JavaSparkContext jsc;
        private final Shards shards;
        private final SparkFitConfig cfg;
        private final int rows;
        private final int batch;
        private final int stepsPerEpoch;
        private final List<Variable> trainable;
        private final List<Variable> fixed;
        private final Optimizer optimizer;
        private final ModelSpec spec;
        private final Checkpoints checkpoints;
        private final RunStats stats;
        private final List<Callback> callbacks = new ArrayList<>();
        private final Mean loss = new Mean("loss");
        private final List<Metric> metrics = new ArrayList<>();
        private final Map<String, double[]> averagedLogs = new LinkedHashMap<>();
        private long step;
        private long lastSaved = -1;

        Run(Model model, JavaSparkContext jsc, Shards shards, SparkFitConfig cfg) {
            this.model = model;
            this.jsc = jsc;
            this.shards = shards;
            this.cfg = cfg;
            this.rows = shards.rows();
            this.batch = cfg.batchSize();
            this.stepsPerEpoch = (rows + batch - 1) / batch;
            checkInputShape(model, shards.featureShape());
            build(model, shards.featureShape());
            this.trainable = model.trainableVariables();
            this.fixed = model.nonTrainableVariables();
            this.optimizer = model.optimizer();
            this.spec = new ModelSpec(model, shards.featureShape());
            String lossName = model.trainer().losses().get(0).name();
            for (Metric p : model.trainer().metricPrototypes()) {
                Metric m = p.newInstance();
                m.configureFor(lossName);
                metrics.add(m);
                if (cfg.mode() == SparkFitConfig.Mode.AVERAGING) {
                    try {
                        Metrics.get(p.name());
                    } catch (IllegalArgumentException e) {
                        throw new IllegalArgumentException(model.describe() + ": parameter averaging computes metrics on"
                                + " the executors and supports built-in metrics only, not '" + p.name() + "'", e);
                    }
                }
            }
            this.checkpoints = cfg.checkpointDir() == null ? null : new Checkpoints(cfg.checkpointDir(),
                    cfg.keepCheckpoints(), rows, batch, cfg.shuffle(), cfg.seed(), cfg.mode().name().toLowerCase());
            this.stats = cfg.stats();
        }

        History run() {
            if (checkpoints != null) {
                try {
                    long s = checkpoints.restore(model);
                    if (s >= 0) {
                        step = s;
                        lastSaved = s;
                        if (cfg.verbose() != FitConfig.QUIET) {
                            cfg.output().println("Resumed from " + cfg.checkpointDir().resolve(Checkpoints.LATEST)
                                    + " at step " + s);
                        }
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
            History history = new History();
            if (cfg.verbose() != FitConfig.QUIET) {
                callbacks.add(new ProgressLogger(cfg.output(), cfg.verbose(), cfg.epochs(), stepsPerEpoch));
            }
            callbacks.addAll(cfg.callbacks());
            callbacks.add(history);
            for (Callback c : callbacks) {
                c.setModel(model);
            }
            stats.reset();
            SparkListener listener = new TaskCounter(stats);
            SparkContext sc = jsc.sc();
            sc.addSparkListener(listener);
            model.stopTraining(false);
            Map<String, Double> last = new LinkedHashMap<>();
            for (Callback c : callbacks) {
                c.onTrainBegin(new LinkedHashMap<>());
            }
            try {
                for (int epoch = (int) (step / stepsPerEpoch); epoch < cfg.epochs(); epoch++) {
                    last = epoch(epoch);
                    if (model.stopTraining()) {
                        break;
                    }
                }
                if (checkpoints != null && step != lastSaved) {
                    save();
                }
            } finally {
                sc.removeSparkListener(listener);
            }
            for (Callback c : callbacks) {
                c.onTrainEnd(last);
            }
            return history;
        }

        private Map<String, Double> epoch(int epoch) {
            loss.reset();
            for (Metric m : metrics) {
                m.reset();
            }
            averagedLogs.clear();
            for (Callback c : callbacks) {
                c.onEpochBegin(epoch, new LinkedHashMap<>());
            }
            int[] order = GlobalOrder.order(rows, cfg.shuffle(), cfg.seed(), epoch);
            Broadcast<int[]> positions = jsc.broadcast(GlobalOrder.positions(order));
            Map<String, Double> logs = new LinkedHashMap<>();
            int s = (int) (step - (long) epoch * stepsPerEpoch);
            boolean interrupted = false;
            try {
                while (s < stepsPerEpoch) {
                    int taken = cfg.mode() == SparkFitConfig.Mode.SYNCHRONOUS
                            ? synchronousStep(positions, s, logs) : averagingRound(positions, s, logs);
                    long before = step;
                    s += taken;
                    step += taken;
                    if (checkpoints != null && step / cfg.checkpointEvery() > before / cfg.checkpointEvery()) {
                        save();
                    }
                    if (model.stopTraining()) {
                        interrupted = s < stepsPerEpoch;
                        break;
                    }
                }
            } finally {
                positions.destroy();
            }
            if (!interrupted) {
                model.completedEpochs(epoch + 1);
            }
            for (Callback c : callbacks) {
                c.onEpochEnd(epoch, logs);
            }
            return logs;
        }

        private int synchronousStep(Broadcast<int[]> positions, int s, Map<String, Double> logs) {
            int from = s * batch;
            int to = Math.min(rows, from + batch);
            for (Callback c : callbacks) {
                c.onTrainBatchBegin(s, new LinkedHashMap<>());
            }
            long t0 = System.nanoTime();
            float[] params = params();
            Broadcast<float[]> bp = jsc.broadcast(params);
            Contribution c;
            try {
                c = shards.rdd().mapPartitions(new GradientTask(spec, bp, positions, from, to, !metrics.isEmpty()))
                        .treeAggregate(Outcomes.emptyContribution(), Outcomes::merge, Outcomes::merge, cfg.treeDepth());
            } finally {
                bp.destroy();
            }
            checkRows(c.rows(), from, to);
            Outcomes.apply(c, trainable, fixed);
            optimizer.step(trainable);
            model.applyConstraints();
            stats.step(1, System.nanoTime() - t0, 4L * params.length * remoteExecutors());
            loss.update(Outcomes.loss(c), c.rows());
            if (!metrics.isEmpty()) {
                Tensor[] yp = Outcomes.targetsAndPredictions(c);
                for (Metric m : metrics) {
                    m.update(yp[0], yp[1], null);
                }
            }
            logs.clear();
            logs.put("loss", loss.result());
            for (Metric m : metrics) {
                logs.put(m.name(), m.result());
            }
            for (Callback cb : callbacks) {
                cb.onTrainBatchEnd(s, new LinkedHashMap<>(logs));
            }
            return 1;
        }

        private int averagingRound(Broadcast<int[]> positions, int s, Map<String, Double> logs) {
            int k = Math.min(cfg.localSteps(), stepsPerEpoch - s);
            int[] bounds = new int[k + 1];
            for (int j = 0; j <= k; j++) {
                bounds[j] = Math.min(rows, (s + j) * batch);
            }
            for (Callback c : callbacks) {
                c.onTrainBatchBegin(s, new LinkedHashMap<>());
            }
            long t0 = System.nanoTime();
            float[] params = params();
            StateBlob state = StateBlob.of(optimizer.state());
            Broadcast<float[]> bp = jsc.broadcast(params);
            Broadcast<StateBlob> bs = jsc.broadcast(state);
            String[] names = new String[metrics.size()];
            for (int i = 0; i < names.length; i++) {
                names[i] = metrics.get(i).name();
            }
            RoundResult r;
            try {
                r = shards.rdd().mapPartitions(new RoundTask(spec, bp, bs, positions, bounds, names))
                        .treeAggregate(Outcomes.emptyRound(), Outcomes::merge, Outcomes::merge, cfg.treeDepth());
            } finally {
                bp.destroy();
                bs.destroy();
            }
            checkRows(r.rows(), bounds[0], bounds[k]);
            Outcomes.apply(r, trainable, fixed, optimizer);
            stats.step(k, System.nanoTime() - t0, (4L * params.length + 4L * state.floats()) * remoteExecutors());
            for (int j = 0; j < k; j++) {
                Outcomes.accumulate(r, j, averagedLogs);
                logs.clear();
                for (Map.Entry<String, double[]> e : averagedLogs.entrySet()) {
                    logs.put(e.getKey(), e.getValue()[0] / e.getValue()[1]);
                }
                for (Callback cb : callbacks) {
                    cb.onTrainBatchEnd(s + j, new LinkedHashMap<>(logs));
                }
            }
            return k;
        }

        /** Every row of the batch must have been counted exactly once before a step is applied. */
        private void checkRows(long got, int from, int to) {
            if (got != to - from) {
                throw new IllegalStateException("cambium-spark: step " + step + " gathered " + got + " rows of a batch of "
                        + (to - from) + "; not applying it (the cached partitions changed under the run)");
            }
        }

        private float[] params() {
            float[] out = new float[Flat.count(trainable) + Flat.count(fixed)];
            int off = Flat.values(trainable, out, 0);
            Flat.values(fixed, out, off);
            return out;
        }

        private int remoteExecutors() {
            int n = jsc.sc().statusTracker().getExecutorInfos().length - 1;
            stats.executors(n);
            return Math.max(n, 0);
        }

        private void save() {
            try {
                checkpoints.save(model, step);
                lastSaved = step;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** Counts the bytes of task results and shuffle writes of the fit's jobs. */
    private static final class TaskCounter extends SparkListener {
        private final RunStats stats;

        TaskCounter(RunStats stats) {
            this.stats = stats;
        }

        @Override
        public void onTaskEnd(SparkListenerTaskEnd end) {
            if (end.taskMetrics() != null) {
                stats.task(end.taskMetrics().resultSize(), end.taskMetrics().shuffleWriteMetrics().bytesWritten());
            }
        }
    }

    private static void checkInputShape(Model model, int[] rowShape) {
        List<int[]> shapes = model.inputShapes();
        if (shapes == null) {
            return;
        }
        int[] s = shapes.get(0);
        boolean ok = s.length == rowShape.length + 1;
        for (int i = 1; ok && i < s.length; i++) {
            ok = s[i] <= 0 || s[i] == rowShape[i - 1];
        }
        if (!ok) {
            throw new IllegalArgumentException(model.describe() + ": the DataFrame's rows have feature shape "
                    + java.util.Arrays.toString(rowShape) + " but the model takes " + Layer.shapeStr(s)
                    + " (set Columns.inputShape to reshape flat features)");
        }
    }

    @SuppressWarnings("try") // the scope is entered for its effect on the enclosed calls
    private static void build(Model model, int[] rowShape) {
        if (!model.trainableVariables().isEmpty()) {
            return;
        }
        int[] b = new int[rowShape.length + 1];
        b[0] = 1;
        System.arraycopy(rowShape, 0, b, 1, rowShape.length);
        int n = 1;
        for (int d : rowShape) {
            n *= d;
        }
        try (NoGrad g = NoGrad.scope()) {
            model.applyAll(List.of(new Tensor(new float[n], b)), false);
        }
        model.clearLosses();
    }
}
