package io.cambium.bench;

/**
 * A training case of W2-W5: pre-made batches cycled, {@code warmup} untimed steps, then each
 * repetition runs {@code steps} optimizer steps; the work is items (samples or tokens) trained.
 */
abstract class TrainingCase implements BenchCase {
    private final String name;
    private final String unit;
    private final int threads;
    private final int warmup;
    private final int steps;
    private final int itemsPerStep;
    private int next;
    private double firstLoss = Double.NaN;
    private double lastLoss = Double.NaN;

    TrainingCase(String name, String unit, int threads, int warmup, int steps, int itemsPerStep) {
        this.name = name;
        this.unit = unit;
        this.threads = threads;
        this.warmup = warmup;
        this.steps = steps;
        this.itemsPerStep = itemsPerStep;
    }

    /** Builds the model, optimizer and batches (untimed). */
    protected abstract void build();

    /** How many pre-made batches there are. */
    protected abstract int batchCount();

    /** One optimizer step on batch {@code b}; returns the loss. */
    protected abstract double step(int b);

    /** Releases the model and data. */
    protected abstract void release();

    @Override
    public String name() {
        return name;
    }

    @Override
    public String unit() {
        return unit;
    }

    @Override
    public int threads() {
        return threads;
    }

    @Override
    public void setUp() {
        next = 0;
        build();
    }

    private void oneStep() {
        lastLoss = step(next++ % batchCount());
        if (Double.isNaN(firstLoss)) {
            firstLoss = lastLoss;
        }
        if (!Double.isFinite(lastLoss)) {
            throw new IllegalStateException("bench: " + name + " loss became " + lastLoss + " at step " + next);
        }
    }

    @Override
    public void warmUp() {
        for (int i = 0; i < warmup; i++) {
            oneStep();
        }
    }

    @Override
    public double repetition() {
        for (int i = 0; i < steps; i++) {
            oneStep();
        }
        return (double) steps * itemsPerStep;
    }

    @Override
    public void tearDown() {
        release();
    }

    /** The loss of the first step taken (NaN before any). */
    double firstLoss() {
        return firstLoss;
    }

    /** The loss of the latest step (NaN before any). */
    double lastLoss() {
        return lastLoss;
    }
}
