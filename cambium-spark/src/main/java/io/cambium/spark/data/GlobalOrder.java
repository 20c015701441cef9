package io.cambium.spark.data;

import java.util.SplittableRandom;

/**
 * The order in which a distributed fit visits the rows of each epoch: row indices (the row's
 * position in the DataFrame, as {@code zipWithIndex} numbers it) listed in visiting order. The
 * same seed gives the same order on every JVM, so single-machine training can replay it exactly.
 */
public final class GlobalOrder {
    private GlobalOrder() {
    }

    /**
     * The visiting order of epoch {@code epoch}: {@code 0..n-1} when {@code shuffle} is false, else
     * a Fisher-Yates permutation drawn from {@code seed} and the epoch.
     */
    public static int[] order(int n, boolean shuffle, long seed, int epoch) {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        if (shuffle) {
            SplittableRandom r = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + epoch);
            for (int i = n - 1; i > 0; i--) {
                int j = r.nextInt(i + 1);
                int t = order[i];
                order[i] = order[j];
                order[j] = t;
            }
        }
        return order;
    }

    /** The inverse of an order: for each row index, its position in the epoch. */
    public static int[] positions(int[] order) {
        int[] pos = new int[order.length];
        for (int i = 0; i < order.length; i++) {
            pos[order[i]] = i;
        }
        return pos;
    }
}
