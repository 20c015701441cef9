package io.cambium.llm.data;

import io.cambium.data.Dataset;
import io.cambium.data.Example;
import io.cambium.tensor.random.Rng;

import java.nio.file.Path;
import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * A contiguous range of a token sequence cut into language-modelling windows of {@code context + 1}
 * tokens, as nanoGPT does: {@link #randomBatch} draws window starts uniformly (training),
 * {@link #sequentialBatch} walks non-overlapping windows in order (evaluation). Batches are pure
 * functions of their arguments (the random ones of the generator's state), so a run resumed from a
 * checkpoint that saved its {@link Rng} state draws the same batches.
 *
 * <pre>{@code
 * TokenDataset all = TokenDataset.open(Path.of("poems.tok"));
 * TokenDataset.Split s = all.split(0.1);              // last 10 % for validation
 * TokenBatch b = s.train().randomBatch(32, 128, rng); // b.xTensor(), b.yTensor(): [32, 128]
 * }</pre>
 */
public final class TokenDataset {
    private final TokenSequence tokens;
    private final long from;
    private final long to;

    private TokenDataset(TokenSequence tokens, long from, long to) {
        this.tokens = tokens;
        this.from = from;
        this.to = to;
    }

    /** All tokens of a sequence. */
    public static TokenDataset of(TokenSequence tokens) {
        return new TokenDataset(tokens, 0, tokens.length());
    }

    /** The tokens of a {@link TokenFile}, memory-mapped. */
    public static TokenDataset open(Path file) {
        return of(TokenFile.open(file));
    }

    /**
     * Ids held in memory.
     *
     * @throws IllegalArgumentException when an id is outside [0, vocabSize)
     */
    public static TokenDataset of(int[] ids, int vocabSize) {
        for (int i = 0; i < ids.length; i++) {
            if (ids[i] < 0 || ids[i] >= vocabSize) {
                throw new IllegalArgumentException("TokenDataset: token " + i + " is id " + ids[i]
                        + ", outside the vocabulary [0, " + vocabSize + ")");
            }
        }
        int[] copy = ids.clone();
        return of(new TokenSequence() {
            @Override
            public long length() {
                return copy.length;
            }

            @Override
            public int vocabSize() {
                return vocabSize;
            }

            @Override
            public int get(long index) {
                return copy[Math.toIntExact(index)];
            }

            @Override
            public void read(long start, int[] dst, int off, int len) {
                System.arraycopy(copy, Math.toIntExact(start), dst, off, len);
            }
        });
    }

    /** A training part and a validation part. */
    public record Split(TokenDataset train, TokenDataset validation) {
    }

    /** Number of tokens. */
    public long length() {
        return to - from;
    }

    public int vocabSize() {
        return tokens.vocabSize();
    }

    /** The id at {@code index} of this range. */
    public int get(long index) {
        if (index < 0 || index >= length()) {
            throw new IndexOutOfBoundsException("token " + index + " of " + length());
        }
        return tokens.get(from + index);
    }

    /** The sub-range {@code [start, end)}. */
    public TokenDataset slice(long start, long end) {
        if (start < 0 || end > length() || start > end) {
            throw new IndexOutOfBoundsException("slice [" + start + ", " + end + ") of " + length() + " tokens");
        }
        return new TokenDataset(tokens, from + start, from + end);
    }

    /**
     * The first {@code 1 - validationFraction} of the tokens for training and the rest for
     * validation (nanoGPT's split; shuffle documents before encoding them if their order matters).
     *
     * @throws IllegalArgumentException when the fraction is not in (0, 1) or leaves a part empty
     */
    public Split split(double validationFraction) {
        if (!(validationFraction > 0 && validationFraction < 1)) {
            throw new IllegalArgumentException("validation fraction must be in (0, 1), got " + validationFraction);
        }
        long val = Math.round(length() * validationFraction);
        if (val == 0 || val == length()) {
            throw new IllegalArgumentException("a validation fraction of " + validationFraction + " of " + length()
                    + " tokens leaves a part empty");
        }
        return new Split(slice(0, length() - val), slice(length() - val, length()));
    }

    /** Number of windows of {@code context + 1} tokens whose start is a valid random draw. */
    public long windowStarts(int context) {
        checkContext(context);
        return length() - context;
    }

    /**
     * {@code batchSize} windows starting at uniform random offsets in {@code [0, length - context)}.
     *
     * @throws IllegalArgumentException when the range holds fewer than {@code context + 1} tokens
     */
    public TokenBatch randomBatch(int batchSize, int context, Rng rng) {
        checkBatch(batchSize);
        long starts = windowStarts(context);
        int[] x = new int[batchSize * context];
        int[] y = new int[batchSize * context];
        int[] window = new int[context + 1];
        for (int b = 0; b < batchSize; b++) {
            long s = starts <= Integer.MAX_VALUE ? rng.nextInt((int) starts) : nextLong(rng, starts);
            fill(s, window, x, y, b, context);
        }
        return new TokenBatch(x, y, batchSize, context);
    }

    /** Number of non-overlapping windows: window {@code k} covers tokens {@code [k*context, (k+1)*context]}. */
    public long sequentialWindows(int context) {
        checkContext(context);
        return (length() - 1) / context;
    }

    /** Number of sequential batches of {@code batchSize} windows (the last may be smaller). */
    public long sequentialBatches(int batchSize, int context) {
        checkBatch(batchSize);
        long w = sequentialWindows(context);
        return (w + batchSize - 1) / batchSize;
    }

    /** Sequential batch {@code k}: windows {@code k*batchSize ..}, fewer in the last batch. */
    public TokenBatch sequentialBatch(long k, int batchSize, int context) {
        long batches = sequentialBatches(batchSize, context);
        if (k < 0 || k >= batches) {
            throw new IndexOutOfBoundsException("sequential batch " + k + " of " + batches);
        }
        long first = k * batchSize;
        int rows = (int) Math.min(batchSize, sequentialWindows(context) - first);
        int[] x = new int[rows * context];
        int[] y = new int[rows * context];
        int[] window = new int[context + 1];
        for (int b = 0; b < rows; b++) {
            fill((first + b) * context, window, x, y, b, context);
        }
        return new TokenBatch(x, y, rows, context);
    }

    /** Every sequential batch in order (evaluation over the whole range). */
    public Iterable<TokenBatch> sequential(int batchSize, int context) {
        long n = sequentialBatches(batchSize, context);
        return () -> new Iterator<>() {
            private long k;

            @Override
            public boolean hasNext() {
                return k < n;
            }

            @Override
            public TokenBatch next() {
                if (k >= n) {
                    throw new NoSuchElementException();
                }
                return sequentialBatch(k++, batchSize, context);
            }
        };
    }

    /** The sequential batches as a cambium-data dataset of {@link Example}s (x, y tensors). */
    public Dataset<Example> sequentialDataset(int batchSize, int context) {
        Iterable<TokenBatch> batches = sequential(batchSize, context);
        return Dataset.fromSupplier(() -> {
            Iterator<TokenBatch> it = batches.iterator();
            return new Iterator<Example>() {
                @Override
                public boolean hasNext() {
                    return it.hasNext();
                }

                @Override
                public Example next() {
                    return it.next().toExample();
                }
            };
        });
    }

    /**
     * {@code batches} random batches per pass as a cambium-data dataset; pass {@code p} (counting
     * from 0) draws from {@code new Rng(seed + p)}, so every pass differs and each is reproducible.
     */
    public Dataset<Example> randomDataset(int batchSize, int context, int batches, long seed) {
        checkBatch(batchSize);
        windowStarts(context);
        long[] pass = {0};
        return Dataset.fromSupplier(() -> {
            Rng rng = new Rng(seed + pass[0]++);
            return new Iterator<Example>() {
                private int i;

                @Override
                public boolean hasNext() {
                    return i < batches;
                }

                @Override
                public Example next() {
                    if (i >= batches) {
                        throw new NoSuchElementException();
                    }
                    i++;
                    return randomBatch(batchSize, context, rng).toExample();
                }
            };
        });
    }

    private void fill(long start, int[] window, int[] x, int[] y, int row, int context) {
        tokens.read(from + start, window, 0, context + 1);
        System.arraycopy(window, 0, x, row * context, context);
        System.arraycopy(window, 1, y, row * context, context);
    }

    private void checkContext(int context) {
        if (context < 1) {
            throw new IllegalArgumentException("context length must be >= 1, got " + context);
        }
        if (length() < context + 1L) {
            throw new IllegalArgumentException("a window of context " + context + " needs " + (context + 1L)
                    + " tokens, but this part has " + length());
        }
    }

    private static void checkBatch(int batchSize) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be >= 1, got " + batchSize);
        }
    }

    /** An unbiased uniform long in [0, bound) (rejection sampling on 63 random bits). */
    private static long nextLong(Rng rng, long bound) {
        long limit = Long.MAX_VALUE - (Long.MAX_VALUE % bound);
        long r;
        do {
            r = rng.nextLong() >>> 1;
        } while (r >= limit);
        return r % bound;
    }
}
