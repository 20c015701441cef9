package io.cambium.bench;

import java.util.List;

/**
 * W2: MLP 784-512-256-10 (ReLU); softmax cross-entropy (mean) on logits, Adam lr 1e-3, batch 128, N(0,1) inputs and
 * uniform labels (8 pre-made batches cycled), 10 warm-up steps, 100 steps per repetition; samples/s.
 */
public final class MlpWorkload implements Workload {
    /** The spec's warm-up steps. */
    public static final int WARMUP = 10;
    /** The spec's steps per repetition. */
    public static final int STEPS = 100;

    private final int threads;
    private final int warmup;
    private final int steps;

    /** The spec's workload at {@code threads} threads. */
    public MlpWorkload(int threads) {
        this(threads, WARMUP, STEPS);
    }

    /** With other step counts (tests use tiny ones). */
    public MlpWorkload(int threads, int warmup, int steps) {
        this.threads = threads;
        this.warmup = warmup;
        this.steps = steps;
    }

    @Override
    public String id() {
        return "W2";
    }

    @Override
    public String title() {
        return "MLP 784-512-256-10 (ReLU) training, batch 128";
    }

    @Override
    public List<BenchCase> cases() {
        return List.of(new ModelTrainingCase("train t=" + threads, threads, warmup, steps, Networks::mlp,
                new int[] {784}, 128, 8, 10, 2L));
    }
}
