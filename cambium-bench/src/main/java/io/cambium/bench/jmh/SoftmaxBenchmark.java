package io.cambium.bench.jmh;

import io.cambium.tensor.Tensor;
import io.cambium.tensor.autograd.NoGrad;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;

/**
 * Softmax over the last axis on the shapes of W2's logits ([128, 10]) and of W5's attention
 * weights ([16 x 4 x 128, 128]): forward alone and forward plus backward.
 */
public class SoftmaxBenchmark extends KernelBenchmark {
    /** rows x columns. */
    @Param({"128x10", "8192x128"})
    public String shape;

    private Tensor x;
    private Tensor leaf;
    private Tensor upstream;

    @Setup
    public void setUp() {
        String[] d = shape.split("x");
        int rows = Integer.parseInt(d[0]);
        int cols = Integer.parseInt(d[1]);
        x = Inputs.gaussian(1, 3f, rows, cols);
        leaf = Inputs.gaussian(1, 3f, rows, cols).requiresGrad(true);
        upstream = Inputs.gaussian(2, 1f, rows, cols);
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
