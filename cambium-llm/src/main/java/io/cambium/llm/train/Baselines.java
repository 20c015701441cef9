package io.cambium.llm.train;

import io.cambium.llm.data.TokenDataset;

/** Reference losses a language model should beat. */
public final class Baselines {
    private Baselines() {
    }

    /**
     * The cross-entropy (nats per token) of {@code evaluation}'s tokens under the unigram
     * distribution of {@code training}'s tokens, add-one smoothed over the vocabulary (so a token
     * never seen in training has a finite loss): the loss of a model that ignores all context.
     */
    public static double unigramCrossEntropy(TokenDataset training, TokenDataset evaluation) {
        int vocab = Math.max(training.vocabSize(), evaluation.vocabSize());
        long[] counts = new long[vocab];
        for (long i = 0; i < training.length(); i++) {
            counts[training.get(i)]++;
        }
        double total = training.length() + (double) vocab;
        double sum = 0;
        for (long i = 0; i < evaluation.length(); i++) {
            sum -= Math.log((counts[evaluation.get(i)] + 1) / total);
        }
        return sum / evaluation.length();
    }
}
