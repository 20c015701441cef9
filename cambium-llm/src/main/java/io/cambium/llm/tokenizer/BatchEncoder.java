package io.cambium.llm.tokenizer;

import java.util.Arrays;
import java.util.List;

/**
 * Encodes a batch of texts with Hugging Face's padding and truncation semantics:
 *
 * <pre>{@code
 * BatchEncoding b = tokenizer.batchEncoder().padding(Padding.LONGEST).truncation(true).maxLength(128)
 *         .padToken("<|endoftext|>").encode(texts);
 * Tensor ids = b.inputIdsTensor(), mask = b.attentionMaskTensor();
 * }</pre>
 *
 * Defaults as in {@code tokenizer(texts)}: no padding, no truncation, padding and truncation on the
 * right.
 */
public final class BatchEncoder {
    private final Tokenizer tokenizer;
    private Padding padding = Padding.NONE;
    private boolean truncation;
    private int maxLength = -1;
    private int padToMultipleOf = 1;
    private Side paddingSide = Side.RIGHT;
    private Side truncationSide = Side.RIGHT;
    private int padId = -1;

    public BatchEncoder(Tokenizer tokenizer) {
        this.tokenizer = tokenizer;
    }

    public BatchEncoder padding(Padding p) {
        this.padding = p;
        return this;
    }

    /** Cut rows longer than {@link #maxLength}. */
    public BatchEncoder truncation(boolean on) {
        this.truncation = on;
        return this;
    }

    /** The length rows are truncated to and, with {@link Padding#MAX_LENGTH}, padded to. */
    public BatchEncoder maxLength(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("BatchEncoder: maxLength must be >= 1, got " + n);
        }
        this.maxLength = n;
        return this;
    }

    /** Rounds the padded length up to a multiple of {@code n} (default 1). */
    public BatchEncoder padToMultipleOf(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("BatchEncoder: padToMultipleOf must be >= 1, got " + n);
        }
        this.padToMultipleOf = n;
        return this;
    }

    public BatchEncoder paddingSide(Side s) {
        this.paddingSide = s;
        return this;
    }

    public BatchEncoder truncationSide(Side s) {
        this.truncationSide = s;
        return this;
    }

    /** The token padding uses, by its vocabulary form (often {@code <pad>} or GPT-2's {@code <|endoftext|>}). */
    public BatchEncoder padToken(String token) {
        this.padId = tokenizer.tokenToId(token).orElseThrow(() -> new IllegalArgumentException(
                "BatchEncoder: pad token '" + token + "' is not in the tokenizer's vocabulary"));
        return this;
    }

    /** The id padding uses. */
    public BatchEncoder padId(int id) {
        if (id < 0 || id >= tokenizer.vocabSize()) {
            throw new IllegalArgumentException("BatchEncoder: pad id " + id + " is outside the vocabulary [0, "
                    + tokenizer.vocabSize() + ")");
        }
        this.padId = id;
        return this;
    }

    /**
     * Encodes, truncates and pads the texts.
     *
     * @throws IllegalArgumentException when truncation or max-length padding is asked without a
     *     {@code maxLength}, or padding is needed and no pad token was set
     */
    public BatchEncoding encode(List<String> texts) {
        if (truncation && maxLength < 0) {
            throw new IllegalArgumentException("BatchEncoder: truncation needs maxLength");
        }
        if (padding == Padding.MAX_LENGTH && maxLength < 0) {
            throw new IllegalArgumentException("BatchEncoder: Padding.MAX_LENGTH needs maxLength");
        }
        int n = texts.size();
        int[][] rows = new int[n][];
        int longest = 0;
        for (int i = 0; i < n; i++) {
            int[] ids = tokenizer.encode(texts.get(i));
            if (truncation && ids.length > maxLength) {
                ids = truncationSide == Side.RIGHT ? Arrays.copyOf(ids, maxLength)
                        : Arrays.copyOfRange(ids, ids.length - maxLength, ids.length);
            }
            rows[i] = ids;
            longest = Math.max(longest, ids.length);
        }
        int target = switch (padding) {
            case NONE -> -1;
            case LONGEST -> longest;
            case MAX_LENGTH -> Math.max(maxLength, longest);
        };
        if (target >= 0 && target % padToMultipleOf != 0) {
            target += padToMultipleOf - target % padToMultipleOf;
        }
        int[][] masks = new int[n][];
        for (int i = 0; i < n; i++) {
            int len = rows[i].length;
            if (target > len) {
                if (padId < 0) {
                    throw new IllegalArgumentException("BatchEncoder: padding needs a pad token; set padToken(...) or padId(...)");
                }
                int[] ids = new int[target];
                int[] mask = new int[target];
                int off = paddingSide == Side.RIGHT ? 0 : target - len;
                Arrays.fill(ids, padId);
                System.arraycopy(rows[i], 0, ids, off, len);
                Arrays.fill(mask, off, off + len, 1);
                rows[i] = ids;
                masks[i] = mask;
            } else {
                masks[i] = new int[len];
                Arrays.fill(masks[i], 1);
            }
        }
        return new BatchEncoding(rows, masks);
    }
}
