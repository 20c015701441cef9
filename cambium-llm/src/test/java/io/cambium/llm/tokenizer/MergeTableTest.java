package io.cambium.llm.tokenizer;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** The quadratic scan and the heap give GPT-2's result on every word. */
class MergeTableTest {
    /** GPT-2's loop, written as in encoder.py on lists of ids, as the oracle. */
    private static int[] oracle(MergeTable t, int[] word) {
        java.util.List<Integer> w = new java.util.ArrayList<>();
        for (int x : word) {
            w.add(x);
        }
        while (w.size() > 1) {
            int best = Integer.MAX_VALUE;
            for (int i = 0; i + 1 < w.size(); i++) {
                int r = t.rank(w.get(i), w.get(i + 1));
                if (r >= 0 && r < best) {
                    best = r;
                }
            }
            if (best == Integer.MAX_VALUE) {
                break;
            }
            java.util.List<Integer> next = new java.util.ArrayList<>();
            for (int i = 0; i < w.size(); ) {
                if (i + 1 < w.size() && w.get(i) == t.left(best) && w.get(i + 1) == t.right(best)) {
                    next.add(t.result(best));
                    i += 2;
                } else {
                    next.add(w.get(i++));
                }
            }
            w = next;
        }
        return w.stream().mapToInt(Integer::intValue).toArray();
    }

    @Test
    void shortAndLongPathsAgreeWithGpt2sLoopOnRandomMergeTables() {
        Random r = new Random(11);
        for (int trial = 0; trial < 200; trial++) {
            int alphabet = 2 + r.nextInt(4);
            int merges = 1 + r.nextInt(30);
            int[] left = new int[merges];
            int[] right = new int[merges];
            int[] result = new int[merges];
            for (int k = 0; k < merges; k++) {
                left[k] = r.nextInt(alphabet + k);
                right[k] = r.nextInt(alphabet + k);
                result[k] = alphabet + k;
            }
            MergeTable t = new MergeTable(left, right, result);
            for (int w = 0; w < 20; w++) {
                int[] word = new int[1 + r.nextInt(200)];
                for (int i = 0; i < word.length; i++) {
                    word[i] = r.nextInt(alphabet);
                }
                int[] expected = oracle(t, word);
                int[] a = word.clone();
                int[] b = word.clone();
                int na = t.applyShort(a, a.length);
                int nb = t.applyLong(b, b.length);
                assertThat(Arrays.copyOf(a, na)).as("short path").containsExactly(expected);
                assertThat(Arrays.copyOf(b, nb)).as("long path").containsExactly(expected);
            }
        }
    }

    @Test
    void aLongRunWithoutSpacesIsFastAndRoundTrips() {
        ByteLevelBpeTokenizer gpt2 = ByteLevelBpeTokenizer.gpt2();
        String hostile = "a".repeat(200_000) + "床".repeat(50_000);
        int[] ids = gpt2.encode(hostile);
        assertThat(gpt2.decode(ids)).isEqualTo(hostile);
        assertThat(ids.length).isLessThan(200_000);
    }
}
