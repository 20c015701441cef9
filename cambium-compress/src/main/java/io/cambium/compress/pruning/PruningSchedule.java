package io.cambium.compress.pruning;

/**
 * When the pruning masks are updated and to what sparsity (TF-MOT's {@code PruningSchedule}).
 * Steps count training batches from 0.
 */
public interface PruningSchedule {
    /** Whether the masks are recomputed at this step. */
    boolean shouldPrune(long step);

    /** The target fraction of zero weights at this step, in [0, 1). */
    double sparsity(long step);

    /**
     * TF-MOT's {@code PolynomialDecay}: sparsity rises from {@code initial} at {@code beginStep} to
     * {@code target} at {@code endStep} as {@code target + (initial - target)·(1 - p)^power}, p the
     * fraction of the way, updated every {@code frequency} steps (defaults: power 3, frequency 100).
     */
    static PruningSchedule polynomialDecay(double initial, double target, long beginStep, long endStep,
                                           double power, int frequency) {
        return new PolynomialDecay(initial, target, beginStep, endStep, power, frequency);
    }

    /** {@link #polynomialDecay} with power 3 and frequency 100. */
    static PruningSchedule polynomialDecay(double initial, double target, long beginStep, long endStep) {
        return polynomialDecay(initial, target, beginStep, endStep, 3, 100);
    }

    /** TF-MOT's {@code ConstantSparsity}: {@code target} from {@code beginStep} on, every {@code frequency} steps. */
    static PruningSchedule constantSparsity(double target, long beginStep, int frequency) {
        return new PolynomialDecay(target, target, beginStep, -1, 1, frequency);
    }
}
