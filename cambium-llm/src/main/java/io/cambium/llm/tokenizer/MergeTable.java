package io.cambium.llm.tokenizer;

import java.util.Arrays;

/**
 * BPE merge rules: for a pair of token ids, its rank (earlier merges apply first) and the id of
 * the merged token. An open-addressing hash on the pair packed into a long, since the lookup is
 * the hot step of encoding.
 */
final class MergeTable {
    private final long[] keys;
    private final int[] ranks;
    private final int mask;
    private final int[] left;
    private final int[] right;
    private final int[] result;

    /**
     * @param left  left ids, by rank
     * @param right right ids, by rank
     * @param result merged ids, by rank; a later duplicate of a pair replaces the earlier one
     */
    MergeTable(int[] left, int[] right, int[] result) {
        int n = left.length;
        int cap = Integer.highestOneBit(Math.max(4, n * 2 - 1)) << 1;
        this.keys = new long[cap];
        this.ranks = new int[cap];
        this.mask = cap - 1;
        Arrays.fill(keys, -1L);
        this.left = left.clone();
        this.right = right.clone();
        this.result = result.clone();
        for (int r = 0; r < n; r++) {
            long key = key(left[r], right[r]);
            int slot = slot(key);
            while (keys[slot] != -1L && keys[slot] != key) {
                slot = (slot + 1) & mask;
            }
            keys[slot] = key;
            ranks[slot] = r;
        }
    }

    int size() {
        return left.length;
    }

    private static long key(int a, int b) {
        return ((long) a << 32) | (b & 0xFFFFFFFFL);
    }

    private int slot(long key) {
        long h = key * 0x9E3779B97F4A7C15L;
        return (int) (h >>> 33) & mask;
    }

    /** The rank of the pair, or -1 when it is not a merge. */
    int rank(int a, int b) {
        long key = key(a, b);
        int slot = slot(key);
        while (true) {
            long k = keys[slot];
            if (k == key) {
                return ranks[slot];
            }
            if (k == -1L) {
                return -1;
            }
            slot = (slot + 1) & mask;
        }
    }

    int left(int rank) {
        return left[rank];
    }

    int right(int rank) {
        return right[rank];
    }

    int result(int rank) {
        return result[rank];
    }

    /** Words up to this many symbols use the quadratic scan; longer ones the heap. */
    static final int SHORT_WORD = 64;

    /**
     * Applies the merges to the symbols {@code sym[0, n)} in place, GPT-2's way: repeatedly take
     * the lowest-ranked adjacent pair and merge all its occurrences from left to right. Returns
     * the number of symbols left.
     */
    int apply(int[] sym, int n) {
        return n <= SHORT_WORD ? applyShort(sym, n) : applyLong(sym, n);
    }

    int applyShort(int[] sym, int n) {
        while (n > 1) {
            int best = Integer.MAX_VALUE;
            int at = -1;
            for (int i = 0; i < n - 1; i++) {
                int r = rank(sym[i], sym[i + 1]);
                if (r >= 0 && r < best) {
                    best = r;
                    at = i;
                }
            }
            if (at < 0) {
                break;
            }
            int a = left[best];
            int b = right[best];
            int m = result[best];
            int w = at;
            int i = at;
            while (i < n) {
                if (i + 1 < n && sym[i] == a && sym[i + 1] == b) {
                    sym[w++] = m;
                    i += 2;
                } else {
                    sym[w++] = sym[i++];
                }
            }
            n = w;
        }
        return n;
    }

    /**
     * The same result in O(n log n) for long words (a hostile megabyte without spaces must not
     * take quadratic time): a linked list of symbols and a heap of candidate pairs ordered by
     * rank then position; all heap entries of one rank form a round, as in GPT-2's loop.
     */
    int applyLong(int[] sym, int n) {
        int[] next = new int[n];
        int[] prev = new int[n];
        for (int i = 0; i < n; i++) {
            next[i] = i + 1 < n ? i + 1 : -1;
            prev[i] = i - 1;
        }
        LongHeap heap = new LongHeap(n);
        for (int i = 0; i < n - 1; i++) {
            int r = rank(sym[i], sym[i + 1]);
            if (r >= 0) {
                heap.push(((long) r << 32) | i);
            }
        }
        int[] round = new int[16];
        while (!heap.isEmpty()) {
            long top = heap.pop();
            int r = (int) (top >>> 32);
            int count = 0;
            round = push(round, count++, (int) top);
            while (!heap.isEmpty() && (int) (heap.peek() >>> 32) == r) {
                round = push(round, count++, (int) heap.pop());
            }
            int a = left[r];
            int b = right[r];
            int m = result[r];
            int merged = 0;
            for (int k = 0; k < count; k++) {
                int pos = round[k];
                int j = next[pos];
                // pos is alive exactly when prev/next still link to it; dead positions have sym -1.
                if (sym[pos] == a && j >= 0 && sym[j] == b) {
                    sym[pos] = m;
                    sym[j] = -1;
                    next[pos] = next[j];
                    if (next[j] >= 0) {
                        prev[next[j]] = pos;
                    }
                    round[merged++] = pos;
                }
            }
            for (int k = 0; k < merged; k++) {
                int pos = round[k];
                if (sym[pos] < 0) {
                    continue;
                }
                int p = prev[pos];
                if (p >= 0) {
                    int r2 = rank(sym[p], sym[pos]);
                    if (r2 >= 0) {
                        heap.push(((long) r2 << 32) | p);
                    }
                }
                int q = next[pos];
                if (q >= 0) {
                    int r2 = rank(sym[pos], sym[q]);
                    if (r2 >= 0) {
                        heap.push(((long) r2 << 32) | pos);
                    }
                }
            }
        }
        int w = 0;
        for (int i = 0; i >= 0; i = next[i]) {
            sym[w++] = sym[i];
        }
        return w;
    }

    private static int[] push(int[] a, int i, int v) {
        if (i == a.length) {
            a = Arrays.copyOf(a, a.length * 2);
        }
        a[i] = v;
        return a;
    }

    /** A binary min-heap of longs. */
    private static final class LongHeap {
        private long[] a;
        private int size;

        LongHeap(int capacity) {
            a = new long[Math.max(16, capacity)];
        }

        boolean isEmpty() {
            return size == 0;
        }

        long peek() {
            return a[0];
        }

        void push(long v) {
            if (size == a.length) {
                a = Arrays.copyOf(a, a.length * 2);
            }
            int i = size++;
            while (i > 0) {
                int p = (i - 1) >>> 1;
                if (a[p] <= v) {
                    break;
                }
                a[i] = a[p];
                i = p;
            }
            a[i] = v;
        }

        long pop() {
            long top = a[0];
            long v = a[--size];
            int i = 0;
            while (true) {
                int c = 2 * i + 1;
                if (c >= size) {
                    break;
                }
                if (c + 1 < size && a[c + 1] < a[c]) {
                    c++;
                }
                if (a[c] >= v) {
                    break;
                }
                a[i] = a[c];
                i = c;
            }
            if (size > 0) {
                a[i] = v;
            }
            return top;
        }
    }
}
