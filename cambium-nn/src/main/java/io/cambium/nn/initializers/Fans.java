package io.cambium.nn.initializers;

/**
 * Keras's fan computation: a scalar has fans 1; a vector has fan-in = fan-out = its length; a
 * matrix {@code [in, out]}; a kernel {@code [..receptive.., in, out]} has fan-in
 * {@code in * receptive} and fan-out {@code out * receptive}.
 */
public final class Fans {
    private Fans() {
    }

    /** {@code {fanIn, fanOut}} of a weight of this shape. */
    public static double[] of(int[] shape) {
        if (shape.length == 0) {
            return new double[] {1, 1};
        }
        if (shape.length == 1) {
            return new double[] {shape[0], shape[0]};
        }
        double receptive = 1;
        for (int i = 0; i < shape.length - 2; i++) {
            receptive *= shape[i];
        }
        return new double[] {shape[shape.length - 2] * receptive, shape[shape.length - 1] * receptive};
    }
}
