package io.cambium.bench.jmh;

import io.cambium.tensor.Tensor;
import io.cambium.tensor.autograd.NoGrad;
import io.cambium.tensor.random.Rng;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A memory-bound op against the memory system: {@code Tensor.relu()} forward on 16M floats
 * (64 MiB in, 64 MiB out) next to {@code System.arraycopy} of the same array into an existing
 * one, and relu forward plus backward through autograd (reading x, writing y; reading x and the
 * output gradient, writing the input gradient: five passes against the copy's two).
 *
 * <p>All three run in forks with the same JVM flags ({@link KernelBenchmark}'s: the ones the
 * {@code cambium} launcher uses on a machine with 8 GiB or more, the Vector API module and its
 * heap policy), and read the same source array. Run from the repository root:
 * <pre>
 * mvn -o -q test-compile dependency:build-classpath -pl cambium-bench -am \
 *     -Dmdep.outputFile=/tmp/cambium-bench.cp -Dmdep.includeScope=runtime
 * java -cp cambium-bench/target/classes:$(cat /tmp/cambium-bench.cp) org.openjdk.jmh.Main ReluBenchmark -p threads=1,2
 * </pre>
 * With G1's defaults, the heap shrinks after a marking cycle and then grows again into
 * never-touched memory for each new 64 MiB output (see the launcher script), and page faults, not
 * the kernels, dominate the figures. With the launcher's policy the heap grows once, within the
 * first seconds (keep the 10 warm-up iterations).
 */
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 10, time = 1)
public class ReluBenchmark extends KernelBenchmark {
    private static final int SIZE = 1 << 24;

    private Tensor x;
    private Tensor leaf;
    private Tensor ones;
    private float[] src;
    private float[] dst;

    @Setup
    public void setUp() {
        Rng rng = new Rng(7);
        src = new float[SIZE];
        for (int i = 0; i < SIZE; i++) {
            src[i] = (float) rng.nextGaussian();
        }
        dst = new float[SIZE];
        // Both tensors wrap src itself, so every benchmark reads the same 64 MiB.
        x = new Tensor(src, SIZE);
        leaf = new Tensor(src, SIZE).requiresGrad(true);
        ones = Tensor.ones(SIZE);
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
