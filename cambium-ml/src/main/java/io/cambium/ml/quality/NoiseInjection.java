package io.cambium.ml.quality;

import io.cambium.ml.Data;
import io.cambium.tensor.random.Rng;

/** Seeded noise injection for robustness experiments: Gaussian feature noise and label flipping. */
public final class NoiseInjection {
    private NoiseInjection() {
    }

    /** Labels after flipping, and which samples were flipped. */
    public record Flipped(int[] labels, boolean[] flipped) {
        /**
         * The labels as doubles (the round-1 form).
         *
         * @deprecated use {@link #labels()}
         */
        @Deprecated
        public double[] y() {
            return Data.toDouble(labels);
        }
    }

    /**
     * @deprecated pass {@code int[]} labels
     */
    @Deprecated
    public static Flipped flipLabels(double[] y, double rate, long seed) {
        return flipLabels(Data.labels(y), rate, seed);
    }

    /** A copy of X with independent N(0, sigma²) noise added to every entry. */
    public static double[][] gaussian(double[][] X, double sigma, long seed) {
        if (sigma < 0) {
            throw new IllegalArgumentException("gaussian noise: sigma must be >= 0, got " + sigma);
        }
        Rng rng = new Rng(seed);
        double[][] out = new double[X.length][];
        for (int i = 0; i < X.length; i++) {
            out[i] = X[i].clone();
            for (int j = 0; j < out[i].length; j++) {
                out[i][j] += sigma * rng.nextGaussian();
            }
        }
        return out;
    }

    /**
     * Flips exactly round(rate · n) randomly chosen labels, each to a different class drawn
     * uniformly from the other classes present in y.
     */
    public static Flipped flipLabels(int[] labels, double rate, long seed) {
        if (rate < 0 || rate > 1) {
            throw new IllegalArgumentException("label flipping: rate must be in [0, 1], got " + rate);
        }
        int[] y = labels;
        int[] classes = Data.unique(labels);
        if (classes.length < 2 && rate > 0) {
            throw new IllegalArgumentException("label flipping needs at least 2 classes");
        }
        Rng rng = new Rng(seed);
        int count = (int) Math.round(rate * y.length);
        int[] perm = rng.permutation(y.length);
        int[] out = y.clone();
        boolean[] flipped = new boolean[y.length];
        int[] enc = Data.encode(labels, classes);
        for (int k = 0; k < count; k++) {
            int i = perm[k];
            int other = rng.nextInt(classes.length - 1);
            if (other >= enc[i]) {
                other++;
            }
            out[i] = classes[other];
            flipped[i] = true;
        }
        return new Flipped(out, flipped);
    }
}
