package io.cambium.bench;

import java.util.List;

/**
 * W4: LSTM(128) over 64 steps of 32, Dense 10 on the last step; softmax cross-entropy (mean) on logits, Adam lr 1e-3, batch 64, N(0,1) inputs and
 * uniform labels (4 pre-made batches cycled), 3 warm-up steps, 30 steps per repetition; samples/s.
 */
public final class LstmWorkload implements Workload {
    /** The spec's warm-up steps. */
    public static final int WARMUP = 3;
    /** The spec's steps per repetition. */
    public static final int STEPS = 30;

    private final int threads;
    private final int warmup;
    private final int steps;

    /** The spec's workload at {@code threads} threads. */
    public LstmWorkload(int threads) {
        this(threads, WARMUP, STEPS);
    }

    /** With other step counts (tests use tiny ones). */
    public LstmWorkload(int threads, int warmup, int steps) {
        this.threads = threads;
        this.warmup = warmup;
        this.steps = steps;
    }

    @Override
    public String id() {
        return "W4";
    }

    @Override
    public String title() {
        return "LSTM(128) over 64 steps of 32, Dense 10 on the last step training, batch 64";
    }

    @Override
    public List<BenchCase> cases() {
        return List.of(new ModelTrainingCase("train t=" + threads, threads, warmup, steps, Networks::lstm,
                new int[] {64, 32}, 64, 4, 10, 4L));
    }
}
