package io.cambium.bench;

import io.cambium.tensor.Parallel;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A fake bench case for tests of the runner: each repetition spins for 1 ms and reports 10 units
 * of work. It counts its protocol calls, notes the thread count it was warmed up at, and records
 * the wall-clock time (epoch microseconds) of each repetition, comparable with another process's.
 */
class SpinCase implements BenchCase {
    private final String name;
    private final int threads;
    int setUps;
    int warmUps;
    int warmUpThreads;
    final List<Long> stamps = new ArrayList<>();

    SpinCase(String name) {
        this(name, 1);
    }

    SpinCase(String name, int threads) {
        this.name = name;
        this.threads = threads;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String unit() {
        return "ops/s";
    }

    @Override
    public int threads() {
        return threads;
    }

    @Override
    public void setUp() {
        setUps++;
    }

    @Override
    public void warmUp() {
        warmUps++;
        warmUpThreads = Parallel.threads();
    }

    @Override
    public double repetition() {
        Instant now = Instant.now();
        stamps.add(now.getEpochSecond() * 1_000_000L + now.getNano() / 1000);
        long t0 = System.nanoTime();
        while (System.nanoTime() - t0 < 1_000_000L) {
            Thread.onSpinWait();
        }
        return 10;
    }
}
