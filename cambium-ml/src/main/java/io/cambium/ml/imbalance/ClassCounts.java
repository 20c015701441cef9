package io.cambium.ml.imbalance;

import io.cambium.ml.Data;

/** Classes of a label vector with their sample indices. */
record ClassCounts(int[] classes, int[][] members) {

    static ClassCounts of(int[] labels) {
        int[] classes = Data.unique(labels);
        int[] enc = Data.encode(labels, classes);
        int[] counts = new int[classes.length];
        for (int e : enc) {
            counts[e]++;
        }
        int[][] members = new int[classes.length][];
        for (int c = 0; c < classes.length; c++) {
            members[c] = new int[counts[c]];
        }
        int[] fill = new int[classes.length];
        for (int i = 0; i < enc.length; i++) {
            members[enc[i]][fill[enc[i]]++] = i;
        }
        return new ClassCounts(classes, members);
    }

    int max() {
        int m = 0;
        for (int[] a : members) {
            m = Math.max(m, a.length);
        }
        return m;
    }

    int min() {
        int m = Integer.MAX_VALUE;
        for (int[] a : members) {
            m = Math.min(m, a.length);
        }
        return m;
    }
}
