package io.cambium.plot;

import java.util.List;

/** Counts of (true class, predicted class) pairs: rows are true classes, columns predictions (as scikit-learn). */
public final class ConfusionMatrix {
    private final long[][] counts;
    private final List<String> names;

    private ConfusionMatrix(long[][] counts, List<String> names) {
        this.counts = counts;
        this.names = names;
    }

    /** The matrix of class indices {@code yTrue} against {@code yPred}, for {@code names.size()} classes. */
    public static ConfusionMatrix of(int[] yTrue, int[] yPred, List<String> names) {
        if (yTrue.length != yPred.length) {
            throw new IllegalArgumentException("ConfusionMatrix: " + yTrue.length + " true labels but " + yPred.length
                    + " predictions");
        }
        int k = names.size();
        long[][] c = new long[k][k];
        for (int i = 0; i < yTrue.length; i++) {
            if (yTrue[i] < 0 || yTrue[i] >= k || yPred[i] < 0 || yPred[i] >= k) {
                throw new IllegalArgumentException("ConfusionMatrix: label pair (" + yTrue[i] + ", " + yPred[i]
                        + ") at " + i + " outside 0.." + (k - 1));
            }
            c[yTrue[i]][yPred[i]]++;
        }
        return new ConfusionMatrix(c, List.copyOf(names));
    }

    /** The count of samples of class {@code trueClass} predicted as {@code predicted}. */
    public long get(int trueClass, int predicted) {
        return counts[trueClass][predicted];
    }

    /** Number of classes. */
    public int classes() {
        return counts.length;
    }

    /** Class names. */
    public List<String> names() {
        return names;
    }

    /** Samples of class {@code k}. */
    public long support(int k) {
        long s = 0;
        for (long v : counts[k]) {
            s += v;
        }
        return s;
    }

    /** Samples predicted as class {@code k}. */
    public long predicted(int k) {
        long s = 0;
        for (long[] row : counts) {
            s += row[k];
        }
        return s;
    }

    /** Total samples. */
    public long total() {
        long s = 0;
        for (int k = 0; k < counts.length; k++) {
            s += support(k);
        }
        return s;
    }

    /** A text table with true classes as rows. */
    @Override
    public String toString() {
        int w = 6;
        for (long[] row : counts) {
            for (long v : row) {
                w = Math.max(w, Long.toString(v).length() + 1);
            }
        }
        int nameW = names.stream().mapToInt(String::length).max().orElse(4) + 2;
        StringBuilder b = new StringBuilder();
        b.append(String.format("%" + nameW + "s", "true\\pred"));
        for (int k = 0; k < counts.length; k++) {
            b.append(String.format("%" + w + "d", k));
        }
        b.append('\n');
        for (int i = 0; i < counts.length; i++) {
            b.append(String.format("%" + nameW + "s", names.get(i) + " " + i));
            for (long v : counts[i]) {
                b.append(String.format("%" + w + "d", v));
            }
            b.append('\n');
        }
        return b.toString();
    }
}
