package io.cambium.bench.jmh;

import io.cambium.tensor.Tensor;
import io.cambium.tensor.autograd.NoGrad;
import io.cambium.tensor.ops.recurrent.GateActivation;
import io.cambium.tensor.ops.recurrent.LstmOp;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;

/**
 * The fused LSTM op on W4's sizes (batch 64, input 32, 128 units): one step ({@code steps=1}, the
 * per-step cost of the recurrence) and the whole 64-step sequence, forward alone and forward plus
 * backpropagation through time to the input and all weights.
 */
public class LstmBenchmark extends KernelBenchmark {
    private static final int BATCH = 64;
    private static final int INPUT = 32;
    private static final int UNITS = 128;

    @Param({"1", "64"})
    public int steps;

    private Tensor x;
    private Tensor kernel;
    private Tensor recurrentKernel;
    private Tensor bias;
    private Tensor upstream;

    @Setup
    public void setUp() {
        x = Inputs.gaussian(1, 1f, BATCH, steps, INPUT).requiresGrad(true);
        kernel = Inputs.gaussian(2, 0.1f, INPUT, 4 * UNITS).requiresGrad(true);
        recurrentKernel = Inputs.gaussian(3, 0.1f, UNITS, 4 * UNITS).requiresGrad(true);
        bias = Inputs.gaussian(4, 0.1f, 4 * UNITS).requiresGrad(true);
        upstream = Inputs.gaussian(5, 1f, BATCH, steps, UNITS);
    }

    private Tensor[] run() {
        return LstmOp.forward(x, kernel, recurrentKernel, bias, null, null, null,
                GateActivation.TANH, GateActivation.SIGMOID, false);
    }

    @Benchmark
    public Tensor forward() {
        try (NoGrad g = NoGrad.scope()) {
            return run()[0];
        }
    }

    @Benchmark
    public Tensor forwardBackward() {
        x.zeroGrad();
        kernel.zeroGrad();
        recurrentKernel.zeroGrad();
        bias.zeroGrad();
        run()[0].backward(upstream);
        return recurrentKernel.grad();
    }
}
