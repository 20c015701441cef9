package io.cambium.bench.jmh;

import io.cambium.tensor.Parallel;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What the kernel benchmarks share: average time per call in microseconds, a long enough warm-up
 * for C2 to compile the Vector API code, one fork with the launcher's JVM flags (the Vector API
 * module and its heap policy for machines with 8 GiB or more, see the {@code cambium} script), and
 * Cambium's pool set to {@code threads} for the trial (restored afterwards).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "-Xms128m", "-XX:MaxRAMPercentage=12.5",
    "-XX:MaxNewSize=128m", "-XX:GCTimeRatio=4", "-XX:MinHeapFreeRatio=70", "-XX:MaxHeapFreeRatio=100"})
public abstract class KernelBenchmark {
    @Param({"2"})
    public int threads;

    private int threadsBefore;

    @Setup
    public void useThreads() {
        threadsBefore = Parallel.threads();
        Parallel.setThreads(threads);
    }

    @TearDown
    public void restoreThreads() {
        Parallel.setThreads(threadsBefore);
    }
}
