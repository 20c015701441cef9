package io.cambium.data.preprocessing;

import io.cambium.tensor.Shape;
import io.cambium.tensor.Tensor;

/** One-hot encoding of integer class indices (Keras {@code to_categorical}) and its inverse. */
public final class OneHot {
    private OneHot() {
    }

    /** Class indices of any shape {@code S} to one-hot vectors of shape {@code S + [numClasses]}. */
    public static Tensor encode(Tensor labels, int numClasses) {
        if (numClasses < 1) {
            throw new IllegalArgumentException("OneHot: numClasses must be >= 1, got " + numClasses);
        }
        float[] d = labels.data();
        float[] out = new float[d.length * numClasses];
        for (int i = 0; i < d.length; i++) {
            int k = (int) d[i];
            if (k != d[i] || k < 0 || k >= numClasses) {
                throw new IllegalArgumentException("OneHot: label " + d[i] + " at position " + i
                        + " is not a class index in 0.." + (numClasses - 1));
            }
            out[i * numClasses + k] = 1f;
        }
        int[] s = labels.shape();
        int[] shape = java.util.Arrays.copyOf(s, s.length + 1);
        shape[s.length] = numClasses;
        return new Tensor(out, shape);
    }

    /** Class indices from one-hot vectors or scores: the argmax of the last axis. */
    public static Tensor decode(Tensor oneHot) {
        int[] s = oneHot.shape();
        if (s.length == 0) {
            throw new IllegalArgumentException("OneHot.decode: expected [..., classes], got " + Shape.str(s));
        }
        int k = s[s.length - 1];
        int n = oneHot.numel() / k;
        float[] d = oneHot.data();
        float[] out = new float[n];
        for (int i = 0; i < n; i++) {
            int best = 0;
            for (int j = 1; j < k; j++) {
                if (d[i * k + j] > d[i * k + best]) {
                    best = j;
                }
            }
            out[i] = best;
        }
        return new Tensor(out, java.util.Arrays.copyOf(s, s.length - 1));
    }
}
