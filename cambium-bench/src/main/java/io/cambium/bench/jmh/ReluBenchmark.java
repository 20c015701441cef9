package io.cambium.bench.jmh;

import io.cambium.tensor.Parallel;
import io.cambium.tensor.Tensor;
import io.cambium.tensor.autograd.NoGrad;
import io.cambium.tensor.random.Rng;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
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
 * A memory-bound op against the memory system: {@code Tensor.relu()} forward on 16M floats
 * (64 MiB in, 64 MiB out) next to {@code System.arraycopy} of the same array, and relu forward
 * plus backward through autograd.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "-Xmx3g"})
public class ReluBenchmark {
    private static final int SIZE = 1 << 24;

    @Param({"1", "2"})
    public int threads;

    private Tensor x;
    private Tensor leaf;
    private Tensor ones;
    private float[] src;
    private float[] dst;
    private int threadsBefore;

    @Setup
    public void setUp() {
        Rng rng = new Rng(7);
        src = new float[SIZE];
        for (int i = 0; i < SIZE; i++) {
            src[i] = (float) rng.nextGaussian();
        }
        dst = new float[SIZE];
        x = Tensor.of(src, SIZE);
        leaf = Tensor.of(src, SIZE).requiresGrad(true);
        ones = Tensor.ones(SIZE);
        threadsBefore = Parallel.threads();
        Parallel.setThreads(threads);
    }

    @TearDown
    public void tearDown() {
        Parallel.setThreads(threadsBefore);
    }

    @Benchmark
    public float[] arraycopy() {
        System.arraycopy(src, 0, dst, 0, SIZE);
        return dst;
    }

    @Benchmark
    public Tensor reluForward() {
        try (NoGrad g = NoGrad.scope()) {
            return x.relu();
        }
    }

    @Benchmark
    public Tensor reluForwardBackward() {
        leaf.zeroGrad();
        Tensor y = leaf.relu();
        y.backward(ones);
        return leaf.grad();
    }
}
