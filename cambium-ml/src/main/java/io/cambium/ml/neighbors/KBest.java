package io.cambium.ml.neighbors;

/**
 * The k best (smallest squared distance, then smallest index) candidates seen so far, kept as a
 * sorted array (k is small).
 */
final class KBest {
    final int[] idx;
    final double[] dist;
    int size;

    KBest(int k) {
        idx = new int[k];
        dist = new double[k];
    }

    /** The current k-th distance, or +inf while fewer than k are held. */
    double worst() {
        return size < idx.length ? Double.POSITIVE_INFINITY : dist[size - 1];
    }

    void offer(int i, double d) {
        int k = idx.length;
        if (size == k && (d > dist[k - 1] || (d == dist[k - 1] && i > idx[k - 1]))) {
            return;
        }
        int pos = size < k ? size : k - 1;
        while (pos > 0 && (dist[pos - 1] > d || (dist[pos - 1] == d && idx[pos - 1] > i))) {
            if (pos < k) {
                dist[pos] = dist[pos - 1];
                idx[pos] = idx[pos - 1];
            }
            pos--;
        }
        dist[pos] = d;
        idx[pos] = i;
        if (size < k) {
            size++;
        }
    }
}
