package io.cambium.data.preprocessing;

import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;

/** Maps string labels to 0..k-1 in sorted order of the classes, like scikit-learn's {@code LabelEncoder}. */
public final class LabelEncoder {
    private String[] classes;

    /** Learns the sorted distinct labels. */
    public LabelEncoder fit(String[] labels) {
        TreeSet<String> set = new TreeSet<>();
        for (String s : labels) {
            if (s == null) {
                throw new IllegalArgumentException("LabelEncoder.fit: null label (missing value); impute or drop it");
            }
            set.add(s);
        }
        classes = set.toArray(new String[0]);
        return this;
    }

    /** The class names; label {@code k} is {@code classes().get(k)}. */
    public List<String> classes() {
        requireFitted();
        return List.of(classes);
    }

    /** The index of each label. */
    public int[] transform(String[] labels) {
        requireFitted();
        int[] out = new int[labels.length];
        for (int i = 0; i < labels.length; i++) {
            int k = labels[i] == null ? -1 : Arrays.binarySearch(classes, labels[i]);
            if (k < 0) {
                throw new IllegalArgumentException("LabelEncoder: unseen label '" + labels[i] + "' at position " + i
                        + " (known: " + String.join(", ", classes) + ")");
            }
            out[i] = k;
        }
        return out;
    }

    /** {@code fit} then {@code transform}. */
    public int[] fitTransform(String[] labels) {
        return fit(labels).transform(labels);
    }

    /** The labels of class indices. */
    public String[] inverseTransform(int[] indices) {
        requireFitted();
        String[] out = new String[indices.length];
        for (int i = 0; i < indices.length; i++) {
            if (indices[i] < 0 || indices[i] >= classes.length) {
                throw new IllegalArgumentException("LabelEncoder: index " + indices[i] + " outside 0.."
                        + (classes.length - 1));
            }
            out[i] = classes[indices[i]];
        }
        return out;
    }

    private void requireFitted() {
        if (classes == null) {
            throw new IllegalStateException("LabelEncoder is not fitted; call fit(labels) first");
        }
    }
}
