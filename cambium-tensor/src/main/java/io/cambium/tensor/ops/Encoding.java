package io.cambium.tensor.ops;

import io.cambium.tensor.Tensor;

/** Categorical encodings. */
public final class Encoding {
    private Encoding() {
    }

    /**
     * One-hot vectors: the result has shape {@code indices.shape + [numClasses]} with a 1 at
     * each index (like {@code torch.nn.functional.one_hot}). Not differentiable.
     *
     * @param indices a float tensor of integer class indices in [0, numClasses)
     */
    public static Tensor oneHot(Tensor indices, int numClasses) {
        if (numClasses <= 0) {
            throw new IllegalArgumentException("one_hot: numClasses must be positive, got " + numClasses);
        }
        int[] idx = Indexing.toIndices("one_hot", indices, numClasses, numClasses + " classes");
        int[] is = indices.shape();
        int[] os = java.util.Arrays.copyOf(is, is.length + 1);
        os[is.length] = numClasses;
        float[] out = new float[idx.length * numClasses];
        for (int i = 0; i < idx.length; i++) {
            out[i * numClasses + idx[i]] = 1f;
        }
        return new Tensor(out, os);
    }
}
