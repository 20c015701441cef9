package io.cambium.llm.data;

/** How token ids are stored on disk: unsigned 16-bit when the vocabulary fits, else signed 32-bit. */
public enum TokenDType {
    /** Two bytes, little-endian, ids 0..65535 (nanoGPT's {@code np.uint16} files). */
    UINT16(2),
    /** Four bytes, little-endian, non-negative ids. */
    INT32(4);

    private final int bytes;

    TokenDType(int bytes) {
        this.bytes = bytes;
    }

    /** Bytes per token. */
    public int bytes() {
        return bytes;
    }

    /** The smallest type that holds every id of a vocabulary of {@code vocabSize}. */
    public static TokenDType forVocab(int vocabSize) {
        return vocabSize <= 65536 ? UINT16 : INT32;
    }

    /** Whether the ids of a vocabulary of {@code vocabSize} fit. */
    public boolean fits(int vocabSize) {
        return this == INT32 || vocabSize <= 65536;
    }
}
