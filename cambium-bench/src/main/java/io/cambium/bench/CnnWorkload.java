package io.cambium.bench;

import java.util.List;

/**
 * W3: CNN 28x28x1 conv32-pool-conv64-pool-dense128-10; softmax cross-entropy (mean) on logits, Adam lr 1e-3, batch 64, N(0,1) inputs and
 * uniform labels (8 pre-made batches cycled), 5 warm-up steps, 50 steps per repetition; samples/s.
 */
public final class CnnWorkload implements Workload {
    /** The spec's warm-up steps. */
    public static final int WARMUP = 5;
    /** The spec's steps per repetition. */
    public static final int STEPS = 50;

    private final int threads;
    private final int warmup;
    private final int steps;

    /** The spec's workload at {@code threads} threads. */
    public CnnWorkload(int threads) {
        this(threads, WARMUP, STEPS);
    }

    /** With other step counts (tests use tiny ones). */
    public CnnWorkload(int threads, int warmup, int steps) {
        this.threads = threads;
        this.warmup = warmup;
        this.steps = steps;
    }

    @Override
    public String id() {
        return "W3";
    }

    @Override
    public String title() {
        return "CNN 28x28x1 conv32-pool-conv64-pool-dense128-10 training, batch 64";
    }

    @Override
    public List<BenchCase> cases() {
        return List.of(new ModelTrainingCase("train t=" + threads, threads, warmup, steps, Networks::cnn,
                new int[] {28, 28, 1}, 64, 8, 10, 3L));
    }
}
