package io.cambium.bench.jmh;

import io.cambium.tensor.Parallel;
import io.cambium.tensor.kernels.Gemm;
import io.cambium.tensor.kernels.Kernels;
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
 * SGEMM time per call on W1's shapes (m x k x n) and the small batched shapes of attention,
 * with the kernels {@link Kernels} chose (add {@code -jvmArgsAppend -Dcambium.vector=false} for
 * the scalar ones). {@code serial} calls {@code sgemmSerial}, as batched matmul does; the 1- and
 * 3-row shapes are token-by-token generation; {@code -p transA=true} times the weight-gradient form.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
public class GemmBenchmark {
    @Param({"256x256x256", "1024x1024x1024", "2048x128x384", "2048x512x128", "64x64x32", "128x32x128", "1x512x512", "3x512x512"})
    public String shape;

    @Param({"1", "2"})
    public int threads;

    @Param({"false"})
    public boolean serial;

    /** A stored k-by-m and used transposed, as in weight gradients (dW = X^T dY). */
    @Param({"false"})
    public boolean transA;

    private int m;
    private int k;
    private int n;
    private float[] a;
    private float[] b;
    private float[] c;
    private Gemm gemm;
    private int threadsBefore;

    @Setup
    public void setUp() {
        String[] d = shape.split("x");
        m = Integer.parseInt(d[0]);
        k = Integer.parseInt(d[1]);
        n = Integer.parseInt(d[2]);
        Rng rng = new Rng(42);
        a = new float[m * k];
        b = new float[k * n];
        c = new float[m * n];
        for (int i = 0; i < a.length; i++) {
            a[i] = (float) rng.nextGaussian();
        }
        for (int i = 0; i < b.length; i++) {
            b[i] = (float) rng.nextGaussian();
        }
        gemm = Kernels.gemm();
        threadsBefore = Parallel.threads();
        Parallel.setThreads(threads);
    }

    @TearDown
    public void tearDown() {
        Parallel.setThreads(threadsBefore);
    }

    @Benchmark
    public float[] sgemm() {
        if (serial) {
            gemm.sgemmSerial(transA, false, m, n, k, 1f, a, 0, transA ? m : k, b, 0, n, 0f, c, 0, n);
        } else {
            gemm.sgemm(transA, false, m, n, k, 1f, a, 0, transA ? m : k, b, 0, n, 0f, c, 0, n);
        }
        return c;
    }
}
