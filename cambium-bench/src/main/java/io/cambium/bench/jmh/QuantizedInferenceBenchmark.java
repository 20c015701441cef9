package io.cambium.bench.jmh;

import io.cambium.Cambium;
import io.cambium.compress.lab.CompressionExperiment;
import io.cambium.compress.quantization.Calibration;
import io.cambium.compress.quantization.PostTrainingQuantization;
import io.cambium.nn.Sequential;
import io.cambium.tensor.Tensor;
import io.cambium.tensor.autograd.NoGrad;
import io.cambium.tensor.kernels.Int8Gemm;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * Int8 against float32 in one run: batch-64 inference of the W3 CNN (float, and int8 after
 * post-training quantization), and the products behind it, the float SGEMM against the int8 GEMM
 * (Vector API and plain Java) on the shapes of the CNN's second convolution as im2col sees it
 * (12544 x 288 x 64) and its hidden Dense layer (64 x 3136 x 128). Compare the scores of one run
 * only (same load); {@code -jvmArgsAppend -Dcambium.vector=false} for the plain kernels.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
public class QuantizedInferenceBenchmark {
    @Param({"12544x288x64", "64x3136x128"})
    public String gemmShape;

    private Sequential cnn;
    private Sequential cnnInt8;
    private Tensor batch;
    private int m;
    private int k;
    private int n;
    private float[] a;
    private float[] b;
    private float[] c;
    private short[] qa;
    private short[] qb;
    private int[] qc;
    private Int8Gemm vector;

    @Setup
    public void setUp() {
        Cambium.seed(1);
        cnn = CompressionExperiment.cnn(1);
        Rng rng = new Rng(3);
        batch = Tensor.uniform(rng, 0f, 1f, 64, 28, 28, 1);
        cnnInt8 = PostTrainingQuantization.quantize(cnn, Tensor.uniform(rng, 0f, 1f, 256, 28, 28, 1), Calibration.minMax());
        String[] d = gemmShape.split("x");
        m = Integer.parseInt(d[0]);
        k = Integer.parseInt(d[1]);
        n = Integer.parseInt(d[2]);
        a = new float[m * k];
        b = new float[k * n];
        c = new float[m * n];
        qa = new short[m * k];
        byte[] w = new byte[n * k];
        for (int i = 0; i < a.length; i++) {
            qa[i] = (short) rng.nextInt(256);
            a[i] = qa[i];
        }
        for (int i = 0; i < w.length; i++) {
            w[i] = (byte) (rng.nextInt(255) - 127);
            b[i] = w[i];
        }
        qb = Int8Gemm.pack(w, n, k);
        qc = new int[m * n];
        vector = Int8Gemm.vector();
    }

    @Benchmark
    public Tensor cnnFloat32() {
        try (NoGrad g = NoGrad.scope()) {
            return cnn.call(batch, false);
        }
    }

    @Benchmark
    public Tensor cnnInt8() {
        try (NoGrad g = NoGrad.scope()) {
            return cnnInt8.call(batch, false);
        }
    }

    @Benchmark
    public float[] gemmFloat32() {
        Kernels.gemm().sgemm(false, false, m, n, k, 1f, a, 0, k, b, 0, n, 0f, c, 0, n);
        return c;
    }

    @Benchmark
    public int[] gemmInt8Vector() {
        (vector != null ? vector : Int8Gemm.plain()).gemm(m, n, k / 2, qa, k, qb, qc);
        return qc;
    }

    @Benchmark
    public int[] gemmInt8Plain() {
        Int8Gemm.plain().gemm(m, n, k / 2, qa, k, qb, qc);
        return qc;
    }
}
