package io.cambium.llm.tokenizer;

import io.cambium.tensor.Tensor;

/**
 * The ids and attention masks of a batch of texts: {@code attentionMask[i][j]} is 1 where
 * {@code inputIds[i][j]} is a token of text {@code i} and 0 where it is padding.
 */
public record BatchEncoding(int[][] inputIds, int[][] attentionMask) {

    public BatchEncoding {
        if (inputIds.length != attentionMask.length) {
            throw new IllegalArgumentException("BatchEncoding: " + inputIds.length + " rows of ids but "
                    + attentionMask.length + " rows of masks");
        }
        for (int i = 0; i < inputIds.length; i++) {
            if (inputIds[i].length != attentionMask[i].length) {
                throw new IllegalArgumentException("BatchEncoding: row " + i + " has " + inputIds[i].length
                        + " ids but " + attentionMask[i].length + " mask values");
            }
        }
    }

    /** Number of texts. */
    public int size() {
        return inputIds.length;
    }

    /** True when every row has the same length (the batch was padded, or happened to be even). */
    public boolean isRectangular() {
        for (int[] row : inputIds) {
            if (row.length != inputIds[0].length) {
                return false;
            }
        }
        return true;
    }

    /** The ids as a float tensor {@code [batch, length]} (the input of an embedding layer). */
    public Tensor inputIdsTensor() {
        return toTensor(inputIds, "input ids");
    }

    /** The attention mask as a float tensor {@code [batch, length]} of 0s and 1s. */
    public Tensor attentionMaskTensor() {
        return toTensor(attentionMask, "attention mask");
    }

    private Tensor toTensor(int[][] rows, String what) {
        if (rows.length == 0) {
            throw new IllegalStateException("BatchEncoding: an empty batch has no " + what + " tensor");
        }
        if (!isRectangular()) {
            throw new IllegalStateException("BatchEncoding: rows have different lengths; pad the batch"
                    + " (Padding.LONGEST or MAX_LENGTH) to get a " + what + " tensor");
        }
        int len = rows[0].length;
        float[] v = new float[rows.length * len];
        for (int i = 0; i < rows.length; i++) {
            for (int j = 0; j < len; j++) {
                v[i * len + j] = rows[i][j];
            }
        }
        return Tensor.of(v, rows.length, len);
    }
}
