package io.cambium.data.preprocessing;

import io.cambium.data.Example;
import io.cambium.data.Tensors;
import io.cambium.tensor.random.Rng;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeMap;

/** Seeded train / validation / test splits of sample indices, optionally stratified by class. */
public final class Splits {
    private Splits() {
    }

    /** Index sets of a split; each is sorted by the shuffled order it was drawn in. */
    public record Split(int[] train, int[] val, int[] test) {
    }

    /**
     * Splits {@code n} samples: {@code valFraction} and {@code testFraction} of them (rounded) go to
     * validation and test, the rest to training. With {@code stratify} labels, every class is split in
     * the same proportions (its counts rounded so the totals still match).
     */
    public static Split trainValTest(int n, double valFraction, double testFraction, float[] stratify, long seed) {
        if (valFraction < 0 || testFraction < 0 || valFraction + testFraction >= 1) {
            throw new IllegalArgumentException("Splits: fractions val=" + valFraction + " test=" + testFraction
                    + " must be >= 0 and sum to less than 1");
        }
        if (stratify != null && stratify.length != n) {
            throw new IllegalArgumentException("Splits: " + stratify.length + " stratify labels for " + n + " samples");
        }
        Rng rng = new Rng(seed);
        int nTest = (int) Math.round(n * testFraction);
        int nVal = (int) Math.round(n * valFraction);
        if (stratify == null) {
            int[] p = rng.permutation(n);
            return new Split(Arrays.copyOfRange(p, nTest + nVal, n), Arrays.copyOfRange(p, nTest, nTest + nVal),
                    Arrays.copyOfRange(p, 0, nTest));
        }
        TreeMap<Float, List<Integer>> byClass = new TreeMap<>();
        for (int i = 0; i < n; i++) {
            byClass.computeIfAbsent(stratify[i], k -> new ArrayList<>()).add(i);
        }
        int[] testPer = allocate(byClass, nTest, null);
        int[] valPer = allocate(byClass, nVal, testPer);
        List<Integer> train = new ArrayList<>();
        List<Integer> val = new ArrayList<>();
        List<Integer> test = new ArrayList<>();
        int c = 0;
        for (List<Integer> members : byClass.values()) {
            int[] idx = members.stream().mapToInt(Integer::intValue).toArray();
            rng.shuffle(idx);
            for (int k = 0; k < idx.length; k++) {
                (k < testPer[c] ? test : k < testPer[c] + valPer[c] ? val : train).add(idx[k]);
            }
            c++;
        }
        return new Split(shuffled(train, rng), shuffled(val, rng), shuffled(test, rng));
    }

    /** Largest-remainder allocation of {@code total} over the classes in proportion to their sizes. */
    private static int[] allocate(TreeMap<Float, List<Integer>> byClass, int total, int[] taken) {
        int k = byClass.size();
        int n = byClass.values().stream().mapToInt(List::size).sum();
        int[] out = new int[k];
        double[] rem = new double[k];
        int c = 0;
        int sum = 0;
        for (List<Integer> m : byClass.values()) {
            double exact = (double) total * m.size() / n;
            out[c] = (int) Math.floor(exact);
            rem[c] = exact - out[c];
            sum += out[c];
            c++;
        }
        while (sum < total) {
            int best = -1;
            c = 0;
            for (List<Integer> m : byClass.values()) {
                int avail = m.size() - out[c] - (taken == null ? 0 : taken[c]);
                if (avail > 0 && (best < 0 || rem[c] > rem[best])) {
                    best = c;
                }
                c++;
            }
            if (best < 0) {
                break;
            }
            out[best]++;
            rem[best] = -1;
            sum++;
        }
        return out;
    }

    private static int[] shuffled(List<Integer> list, Rng rng) {
        int[] a = list.stream().mapToInt(Integer::intValue).toArray();
        rng.shuffle(a);
        return a;
    }

    /** The rows of a batch of examples selected by {@code indices}. */
    public static Example select(Example data, int[] indices) {
        return new Example(Tensors.gather0(data.x(), indices),
                data.y() == null ? null : Tensors.gather0(data.y(), indices),
                data.weight() == null ? null : Tensors.gather0(data.weight(), indices));
    }
}
