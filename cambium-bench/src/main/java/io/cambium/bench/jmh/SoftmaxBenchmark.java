package io.cambium.bench.jmh;

import io.cambium.tensor.Parallel;
import io.cambium.tensor.Tensor;
import io.cambium.tensor.autograd.NoGrad;
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
 * Softmax over the last axis on the shapes of W2's logits ([128, 10]) and of W5's attention
 * weights ([16 x 4 x 128, 128]): forward alone and forward plus backward.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
public class SoftmaxBenchmark {
    /** rows x columns. */
    @Param({"128x10", "8192x128"})
    public String shape;

    @Param({"2"})
    public int threads;

    private Tensor x;
    private Tensor leaf;
    private Tensor upstream;
    private int threadsBefore;

    @Setup
    public void setUp() {
        String[] d = shape.split("x");
        int rows = Integer.parseInt(d[0]);
        int cols = Integer.parseInt(d[1]);
        x = Inputs.gaussian(1, 3f, rows, cols);
        leaf = Inputs.gaussian(1, 3f, rows, cols).requiresGrad(true);
        upstream = Inputs.gaussian(2, 1f, rows, cols);
        threadsBefore = Parallel.threads();
        Parallel.setThreads(threads);
    }

    @TearDown
    public void tearDown() {
        Parallel.setThreads(threadsBefore);
    }

    @Benchmark
    public Tensor forward() {
        try (NoGrad g = NoGrad.scope()) {
            return x.softmax(-1);
        }
    }

    @Benchmark
    public Tensor forwardBackward() {
        leaf.zeroGrad();
        leaf.softmax(-1).backward(upstream);
        return leaf.grad();
    }
}
