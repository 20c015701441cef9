package io.cambium.bench.jmh;

import io.cambium.tensor.Tensor;
import io.cambium.tensor.random.Rng;

/** Seeded random inputs for the benchmarks, so that every fork times the same numbers. */
final class Inputs {
    private Inputs() {
    }

    /** A tensor of {@code shape} filled with N(0, scale²) draws from a generator seeded with {@code seed}. */
    static Tensor gaussian(long seed, float scale, int... shape) {
        Rng rng = new Rng(seed);
        int n = 1;
        for (int d : shape) {
            n *= d;
        }
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = scale * (float) rng.nextGaussian();
        }
        return Tensor.of(v, shape);
    }
}
