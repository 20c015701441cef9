package io.cambium.spark.exec;

import io.cambium.nn.Model;
import io.cambium.nn.Variable;
import io.cambium.nn.losses.Loss;
import io.cambium.spark.data.Shard;
import io.cambium.tensor.Tensor;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.broadcast.Broadcast;

/**
 * The executor side of one synchronous step: the partition's rows of the global batch
 * {@code [from, to)}, forward and backward with the broadcast weights, and the gradient of
 * {@code rows/B · mean loss} (plus the weight penalties, counted once: by the partition holding
 * the batch's first row). The sum over partitions is the gradient of the global batch's loss.
 * A pure function of its inputs, so Spark may run it again after an executor loss.
 */
public final class GradientTask implements FlatMapFunction<Iterator<Shard>, Contribution> {
    private static final long serialVersionUID = 1L;

    private final ModelSpec spec;
    private final Broadcast<float[]> params;
    private final Broadcast<int[]> positions;
    private final int from;
    private final int to;
    private final boolean withOutputs;

    /** A task for the global batch of epoch positions {@code [from, to)}. */
    public GradientTask(ModelSpec spec, Broadcast<float[]> params, Broadcast<int[]> positions, int from, int to,
                        boolean withOutputs) {
        this.spec = spec;
        this.params = params;
        this.positions = positions;
        this.from = from;
        this.to = to;
        this.withOutputs = withOutputs;
    }

    @Override
    public Iterator<Contribution> call(Iterator<Shard> it) {
        if (!it.hasNext()) {
            return List.of(Contribution.empty()).iterator();
        }
        Shard shard = it.next();
        int[] pos = positions.value();
        int[] rows = shard.rowsAt(pos, from, to);
        if (rows.length == 0) {
            return List.of(Contribution.empty()).iterator();
        }
        Replica r = Replicas.borrow(spec);
        try {
            return List.of(compute(r, shard, rows, shard.positionsOf(rows, pos))).iterator();
        } finally {
            Replicas.giveBack(spec, r);
        }
    }

    private Contribution compute(Replica r, Shard shard, int[] rows, int[] rowPositions) {
        r.assign(params.value());
        Model m = r.model();
        List<Variable> trainable = m.trainableVariables();
        for (Variable v : trainable) {
            v.value().zeroGrad();
        }
        m.clearLosses();
        Tensor x = shard.features(rows);
        Tensor y = shard.labels(rows);
        Tensor out = m.applyAll(List.of(x), true).get(0);
        Tensor l = r.loss().call(y, out, null);
        if (l.numel() != 1) {
            l = l.mean();
        }
        float share = r.loss().reduction() == Loss.Reduction.SUM ? 1f : rows.length / (float) (to - from);
        Tensor total = l.mul(share * spec.lossWeight());
        if (rowPositions[0] == from) {
            for (Tensor p : m.regularizationLosses()) {
                total = total.add(p);
            }
        }
        for (Tensor a : m.losses()) {
            total = total.add(a.mul(share));
        }
        if (total.requiresGrad()) {
            total.backward();
        }
        Contribution c = new Contribution();
        c.rows = rows.length;
        c.loss = total.item();
        c.hasGrad = new boolean[trainable.size()];
        c.grad = new float[Flat.count(trainable)];
        Flat.gradients(trainable, c.grad, c.hasGrad);
        List<Variable> fixed = m.nonTrainableVariables();
        c.state = new float[Flat.count(fixed)];
        Flat.values(fixed, c.state, 0);
        if (withOutputs) {
            c.outputs.add(new Contribution.Outputs(rowPositions, out.detach().data().clone(), rowShape(out),
                    y.data().clone(), rowShape(y)));
        }
        m.clearLosses();
        return c;
    }

    static int[] rowShape(Tensor t) {
        int[] s = t.shape();
        int[] out = new int[s.length - 1];
        System.arraycopy(s, 1, out, 0, out.length);
        return out;
    }
}
