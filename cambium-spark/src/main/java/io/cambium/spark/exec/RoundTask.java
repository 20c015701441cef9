package io.cambium.spark.exec;

import io.cambium.nn.Model;
import io.cambium.nn.metrics.Metric;
import io.cambium.nn.metrics.Metrics;
import io.cambium.nn.optimizers.Optimizer;
import io.cambium.spark.data.Shard;
import io.cambium.tensor.Tensor;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.broadcast.Broadcast;

/**
 * The executor side of one parameter-averaging round (local SGD): starting from the broadcast
 * weights and optimizer state, the replica takes one local step on its rows of each of the
 * round's global batches, then returns its weights and optimizer state for averaging. A pure
 * function of its inputs, so Spark may run it again after an executor loss.
 */
public final class RoundTask implements FlatMapFunction<Iterator<Shard>, RoundResult> {
    private static final long serialVersionUID = 1L;

    private final ModelSpec spec;
    private final Broadcast<float[]> params;
    private final Broadcast<StateBlob> optimizerState;
    private final Broadcast<int[]> positions;
    private final int[] bounds;
    private final String[] metricNames;

    /**
     * A round over the global batches {@code [bounds[j], bounds[j+1])}, logging the loss and the
     * named built-in metrics.
     */
    public RoundTask(ModelSpec spec, Broadcast<float[]> params, Broadcast<StateBlob> optimizerState,
                     Broadcast<int[]> positions, int[] bounds, String[] metricNames) {
        this.spec = spec;
        this.params = params;
        this.optimizerState = optimizerState;
        this.positions = positions;
        this.bounds = bounds.clone();
        this.metricNames = metricNames.clone();
    }

    @Override
    public Iterator<RoundResult> call(Iterator<Shard> it) {
        if (!it.hasNext()) {
            return List.of(RoundResult.empty()).iterator();
        }
        Shard shard = it.next();
        int[] pos = positions.value();
        int steps = bounds.length - 1;
        int[][] rows = new int[steps][];
        long total = 0;
        for (int j = 0; j < steps; j++) {
            rows[j] = shard.rowsAt(pos, bounds[j], bounds[j + 1]);
            total += rows[j].length;
        }
        if (total == 0) {
            return List.of(RoundResult.empty()).iterator();
        }
        Replica r = Replicas.borrow(spec);
        try {
            return List.of(run(r, shard, rows, total)).iterator();
        } finally {
            Replicas.giveBack(spec, r);
        }
    }

    private RoundResult run(Replica r, Shard shard, int[][] rows, long total) {
        r.assign(params.value());
        Model m = r.model();
        Optimizer opt = spec.optimizer();
        opt.loadState(optimizerState.value().toState());
        List<Metric> metrics = new ArrayList<>();
        for (String name : metricNames) {
            metrics.add(Metrics.get(name));
        }
        m.compile(opt, List.of(r.loss()), List.of(spec.lossWeight()), metrics.toArray(new Metric[0]));
        RoundResult out = new RoundResult();
        out.rows = total;
        out.stepLogs = new double[rows.length][];
        for (int j = 0; j < rows.length; j++) {
            if (rows[j].length == 0) {
                out.stepLogs[j] = new double[1 + 1 + metricNames.length];
                continue;
            }
            Tensor x = shard.features(rows[j]);
            Tensor y = shard.labels(rows[j]);
            Map<String, Double> logs = m.trainOnBatch(List.of(x), List.of(y), null);
            if (out.logNames == null) {
                out.logNames = logs.keySet().toArray(new String[0]);
            }
            double[] s = new double[1 + out.logNames.length];
            s[0] = rows[j].length;
            int i = 1;
            for (String k : out.logNames) {
                s[i++] = logs.get(k) * rows[j].length;
            }
            out.stepLogs[j] = s;
        }
        for (int j = 0; j < rows.length; j++) {
            if (out.stepLogs[j].length != 1 + out.logNames.length) {
                out.stepLogs[j] = new double[1 + out.logNames.length];
            }
        }
        out.params = r.params();
        for (Map.Entry<String, Tensor> e : opt.state().entrySet()) {
            out.same.put(e.getKey(), e.getValue().data().clone());
            out.shapes.put(e.getKey(), e.getValue().shape());
        }
        m.clearLosses();
        return out;
    }
}
