package io.cambium.llm.data;

/** A read-only sequence of token ids, on disk or in memory, indexed by {@code long}. */
public interface TokenSequence {
    /** Number of tokens. */
    long length();

    /** Every id is below this. */
    int vocabSize();

    /** The id at {@code index} (0 <= index < length). */
    int get(long index);

    /** Copies {@code len} ids starting at {@code from} into {@code dst[off..]}. */
    default void read(long from, int[] dst, int off, int len) {
        for (int i = 0; i < len; i++) {
            dst[off + i] = get(from + i);
        }
    }
}
