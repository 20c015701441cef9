package io.cambium.bench.jmh;

import io.cambium.tensor.Tensor;
import io.cambium.tensor.autograd.NoGrad;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;

/**
 * Layer normalization over the last axis with a learned scale and shift, on W5's activations
 * ([16 x 128 tokens, 128]) and a wider row: forward alone and forward plus backward to the input,
 * scale and shift.
 */
public class LayerNormBenchmark extends KernelBenchmark {
    /** rows x features. */
    @Param({"2048x128", "512x1024"})
    public String shape;

    private Tensor x;
    private Tensor gamma;
    private Tensor beta;
    private Tensor leaf;
    private Tensor leafGamma;
    private Tensor leafBeta;
    private Tensor upstream;

    @Setup
    public void setUp() {
        String[] d = shape.split("x");
        int rows = Integer.parseInt(d[0]);
        int features = Integer.parseInt(d[1]);
        x = Inputs.gaussian(1, 1f, rows, features);
        gamma = Inputs.gaussian(2, 0.1f, features).add(1f);
        beta = Inputs.gaussian(3, 0.1f, features);
        leaf = Inputs.gaussian(1, 1f, rows, features).requiresGrad(true);
        leafGamma = Inputs.gaussian(2, 0.1f, features).add(1f).requiresGrad(true);
        leafBeta = Inputs.gaussian(3, 0.1f, features).requiresGrad(true);
        upstream = Inputs.gaussian(4, 1f, rows, features);
    }

    @Benchmark
    public Tensor forward() {
        try (NoGrad g = NoGrad.scope()) {
            return x.layerNorm(gamma, beta, 1e-5f);
        }
    }

    @Benchmark
    public Tensor forwardBackward() {
        leaf.zeroGrad();
        leafGamma.zeroGrad();
        leafBeta.zeroGrad();
        leaf.layerNorm(leafGamma, leafBeta, 1e-5f).backward(upstream);
        return leaf.grad();
    }
}
