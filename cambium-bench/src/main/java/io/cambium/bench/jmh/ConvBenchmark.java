package io.cambium.bench.jmh;

import io.cambium.tensor.Tensor;
import io.cambium.tensor.ops.ConvPadding;
import io.cambium.tensor.autograd.NoGrad;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;

/**
 * 2-D convolution (channels-last, SAME padding, stride 1) on the shapes of the W3 CNN and on a
 * depthwise convolution of MobileNetV2 (alpha 0.35, 28x28 images): forward alone, and forward
 * plus backward to the input and the kernel, as one training step does.
 */
public class ConvBenchmark extends KernelBenchmark {
    /**
     * batch x height x width x in-channels x out-channels [x groups] (3x3 kernel; groups equal to
     * the in-channels is a depthwise convolution).
     */
    @Param({"64x28x28x1x32", "64x14x14x32x64", "64x28x28x48x48x48"})
    public String shape;

    private Tensor x;
    private Tensor kernel;
    private Tensor leafX;
    private Tensor leafKernel;
    private Tensor upstream;
    private int groups;

    @Setup
    public void setUp() {
        String[] d = shape.split("x");
        int n = Integer.parseInt(d[0]);
        int h = Integer.parseInt(d[1]);
        int w = Integer.parseInt(d[2]);
        int cin = Integer.parseInt(d[3]);
        int cout = Integer.parseInt(d[4]);
        groups = d.length > 5 ? Integer.parseInt(d[5]) : 1;
        x = Inputs.gaussian(1, 1f, n, h, w, cin);
        kernel = Inputs.gaussian(2, 0.1f, 3, 3, cin / groups, cout);
        leafX = Inputs.gaussian(1, 1f, n, h, w, cin).requiresGrad(true);
        leafKernel = Inputs.gaussian(2, 0.1f, 3, 3, cin / groups, cout).requiresGrad(true);
        upstream = Inputs.gaussian(3, 1f, n, h, w, cout);
    }

    @Benchmark
    public Tensor forward() {
        try (NoGrad g = NoGrad.scope()) {
            return conv(x, kernel);
        }
    }

    @Benchmark
    public Tensor forwardBackward() {
        leafX.zeroGrad();
        leafKernel.zeroGrad();
        conv(leafX, leafKernel).backward(upstream);
        return leafKernel.grad();
    }

    private Tensor conv(Tensor input, Tensor k) {
        return groups == 1 ? input.conv2d(k, 1, ConvPadding.SAME)
                : input.conv2d(k, new int[] {1, 1}, ConvPadding.SAME, new int[] {1, 1}, groups);
    }
}
