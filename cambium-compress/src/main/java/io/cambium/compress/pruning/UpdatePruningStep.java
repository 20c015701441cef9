package io.cambium.compress.pruning;

import io.cambium.nn.Model;
import io.cambium.nn.callbacks.Callback;
import java.util.List;
import java.util.Map;

/**
 * The callback that prunes during {@code fit} (TF-MOT's {@code UpdatePruningStep}): before each
 * batch it advances the step and, when the schedule says so, recomputes the masks at the
 * schedule's sparsity; after each batch it zeroes the pruned weights again (the optimizer's momentum
 * could have moved them). The step continues across {@code fit} calls.
 */
public final class UpdatePruningStep extends Callback {
    private final List<PruneLowMagnitude> layers;
    private final PruningSchedule schedule;
    private final boolean global;
    private long step = -1;

    /**
     * Prunes the wrappers of {@code pruned} (made by {@link Pruning#wrap}) on {@code schedule}, with
     * one threshold over all layers when {@code global}.
     */
    public UpdatePruningStep(Model pruned, PruningSchedule schedule, boolean global) {
        this.layers = Pruning.wrappers(pruned);
        this.schedule = schedule;
        this.global = global;
    }

    /** The number of batches seen. */
    public long step() {
        return step + 1;
    }

    @Override
    public void onTrainBatchBegin(int batch, Map<String, Double> logs) {
        step++;
        if (schedule.shouldPrune(step)) {
            Pruning.pruneToSparsity(layers, schedule.sparsity(step), global);
        }
    }

    @Override
    public void onTrainBatchEnd(int batch, Map<String, Double> logs) {
        for (PruneLowMagnitude p : layers) {
            p.applyMask();
        }
    }
}
