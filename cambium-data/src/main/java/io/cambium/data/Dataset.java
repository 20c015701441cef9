package io.cambium.data;

import io.cambium.nn.training.Cardinality;
import io.cambium.tensor.Shape;
import io.cambium.tensor.Tensor;
import io.cambium.tensor.random.Rng;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * A lazy, re-iterable input pipeline in the style of {@code tf.data.Dataset}: each call to
 * {@link #iterator()} starts a fresh pass (an epoch) over the source, so data larger than memory
 * streams through. Transformations return new datasets and never copy the source.
 *
 * <pre>{@code
 * Dataset<Example> train = Dataset.fromTensorSlices(x, y)
 *     .shuffle(10_000, 42).randomMap(7, augment::apply, 2).batch(64, false).prefetch(2);
 * }</pre>
 */
public abstract class Dataset<T> implements Iterable<T>, Cardinality {

    /** Starts a new pass over the data; close it if you stop before the end. */
    @Override
    public abstract DataIterator<T> iterator();

    /**
     * The number of elements of one pass when known without iterating (tf.data's cardinality):
     * sources of known size and the transformations that keep or compute it (map, shuffle, batch,
     * take, repeat, ...) know it; {@link Cardinality#INFINITE} after {@code repeat()},
     * {@link Cardinality#UNKNOWN} after {@code filter} or for a streaming source. {@code fit}
     * reads it for its progress total.
     */
    @Override
    public long cardinality() {
        return UNKNOWN;
    }

    // ------------------------------------------------------------------ sources

    /** The elements of an in-memory or lazily produced iterable, in order. */
    public static <T> Dataset<T> fromIterable(Iterable<T> source) {
        Dataset<T> d = fromSupplier(source::iterator);
        return source instanceof java.util.Collection<?> c ? sized(d, c.size()) : d;
    }

    /** {@code d} with a cardinality known in advance. */
    private static <T> Dataset<T> sized(Dataset<T> d, long n) {
        return new Dataset<>() {
            @Override
            public DataIterator<T> iterator() {
                return d.iterator();
            }

            @Override
            public long cardinality() {
                return n;
            }
        };
    }

    /**
     * A streaming source: {@code open} is called once per pass and its iterator read lazily. If the
     * iterator is {@link AutoCloseable} it is closed when the pass ends or is closed.
     */
    public static <T> Dataset<T> fromSupplier(Supplier<? extends Iterator<T>> open) {
        return new Dataset<>() {
            @Override
            public DataIterator<T> iterator() {
                Iterator<T> it = open.get();
                if (it instanceof DataIterator<T> d) {
                    return d;
                }
                Runnable close = it instanceof AutoCloseable c ? () -> {
                    try {
                        c.close();
                    } catch (Exception e) {
                        throw new IllegalStateException("Dataset: closing the source failed: " + e.getMessage(), e);
                    }
                } : null;
                return DataIterator.of(it, close);
            }
        };
    }

    /** The given elements. */
    @SafeVarargs
    public static <T> Dataset<T> of(T... elements) {
        return fromIterable(List.of(elements));
    }

    /** The integers 0..n-1. */
    public static Dataset<Integer> range(int n) {
        return sized(fromSupplier(() -> new Iterator<>() {
            private int i;

            @Override
            public boolean hasNext() {
                return i < n;
            }

            @Override
            public Integer next() {
                if (i >= n) {
                    throw new NoSuchElementException();
                }
                return i++;
            }
        }), Math.max(0, n));
    }

    /** The rows of {@code x} along axis 0. */
    public static Dataset<Tensor> fromTensorSlices(Tensor x) {
        int n = x.rank() == 0 ? -1 : x.dim(0);
        if (n < 0) {
            throw new IllegalArgumentException("fromTensorSlices: need rank >= 1, got a scalar");
        }
        return range(n).map(i -> Tensors.slice0(x, i));
    }

    /** Supervised examples from features {@code x} and targets {@code y} with the same length on axis 0. */
    public static Dataset<Example> fromTensorSlices(Tensor x, Tensor y) {
        if (x.rank() == 0 || y.rank() == 0 || x.dim(0) != y.dim(0)) {
            throw new IllegalArgumentException("fromTensorSlices: x " + Shape.str(x.shape()) + " and y "
                    + Shape.str(y.shape()) + " must have the same number of rows (axis 0)");
        }
        return range(x.dim(0)).map(i -> new Example(Tensors.slice0(x, i), Tensors.slice0(y, i)));
    }

    /** Supervised examples from feature rows and integer class labels (each y is a scalar tensor). */
    public static Dataset<Example> fromArrays(float[][] x, int[] labels) {
        if (x.length != labels.length) {
            throw new IllegalArgumentException("fromArrays: " + x.length + " feature rows but "
                    + labels.length + " labels");
        }
        return range(x.length).map(i -> new Example(Tensor.of(x[i]), Tensor.scalar(labels[i])));
    }

    /** Pairs of elements of {@code a} and {@code b}; ends with the shorter one. */
    public static <A, B> Dataset<Pair<A, B>> zip(Dataset<A> a, Dataset<B> b) {
        return zip(a, b, Pair::new);
    }

    /** Elements of {@code a} and {@code b} combined by {@code fn}; ends with the shorter one. */
    public static <A, B, R> Dataset<R> zip(Dataset<A> a, Dataset<B> b, BiFunction<? super A, ? super B, R> fn) {
        return new ZipDataset<>(a, b, fn);
    }

    /** Two values side by side, as produced by {@link #zip(Dataset, Dataset)}. */
    public record Pair<A, B>(A first, B second) {
    }

    // ---------------------------------------------------------- transformations

    /** Applies {@code fn} to each element, on the consuming thread. */
    public <R> Dataset<R> map(Function<? super T, ? extends R> fn) {
        Dataset<T> src = this;
        return new Dataset<>() {
            @Override
            public DataIterator<R> iterator() {
                DataIterator<T> it = src.iterator();
                return DataIterator.of(new Iterator<R>() {
                    @Override
                    public boolean hasNext() {
                        return it.hasNext();
                    }

                    @Override
                    public R next() {
                        return fn.apply(it.next());
                    }
                }, it::close);
            }

            @Override
            public long cardinality() {
                return src.cardinality();
            }
        };
    }

    /**
     * Applies {@code fn} on {@code parallelism} background threads; the output keeps the input order.
     * An exception thrown by {@code fn} is rethrown by {@code next()} at that element.
     */
    public <R> Dataset<R> map(Function<? super T, ? extends R> fn, int parallelism) {
        if (parallelism < 1) {
            throw new IllegalArgumentException("map: parallelism must be >= 1, got " + parallelism);
        }
        return parallelism == 1 ? map(fn) : new ParallelMapDataset<>(this, (pass, i, t) -> fn.apply(t), parallelism);
    }

    /**
     * Applies a random transformation (such as augmentation) with a generator derived from
     * {@code seed}, the pass number and the element's position, so the result is the same for a
     * given seed whatever the parallelism; each pass (epoch) draws new values.
     */
    public <R> Dataset<R> randomMap(long seed, BiFunction<? super T, Rng, ? extends R> fn, int parallelism) {
        if (parallelism < 1) {
            throw new IllegalArgumentException("randomMap: parallelism must be >= 1, got " + parallelism);
        }
        return new ParallelMapDataset<>(this, (pass, index, t) -> fn.apply(t,
                new Rng(seed * 0x9E3779B97F4A7C15L + pass * 0xC2B2AE3D27D4EB4FL + index)), parallelism);
    }

    /** Keeps the elements for which {@code keep} is true. */
    public Dataset<T> filter(Predicate<? super T> keep) {
        Dataset<T> src = this;
        return new Dataset<>() {
            @Override
            public DataIterator<T> iterator() {
                DataIterator<T> it = src.iterator();
                return DataIterator.of(new Iterator<T>() {
                    private T next;
                    private boolean ready;

                    @Override
                    public boolean hasNext() {
                        while (!ready && it.hasNext()) {
                            T t = it.next();
                            if (keep.test(t)) {
                                next = t;
                                ready = true;
                            }
                        }
                        return ready;
                    }

                    @Override
                    public T next() {
                        if (!hasNext()) {
                            throw new NoSuchElementException();
                        }
                        ready = false;
                        T t = next;
                        next = null;
                        return t;
                    }
                }, it::close);
            }

            @Override
            public long cardinality() {
                return src.cardinality() == INFINITE ? INFINITE : UNKNOWN;
            }
        };
    }

    /** At most the first {@code n} elements. */
    public Dataset<T> take(long n) {
        if (n < 0) {
            throw new IllegalArgumentException("take: count must be >= 0, got " + n);
        }
        Dataset<T> src = this;
        return new Dataset<>() {
            @Override
            public DataIterator<T> iterator() {
                DataIterator<T> it = src.iterator();
                return DataIterator.of(new Iterator<T>() {
                    private long taken;

                    @Override
                    public boolean hasNext() {
                        if (taken >= n) {
                            it.close();
                            return false;
                        }
                        return it.hasNext();
                    }

                    @Override
                    public T next() {
                        if (!hasNext()) {
                            throw new NoSuchElementException();
                        }
                        taken++;
                        return it.next();
                    }
                }, it::close);
            }

            @Override
            public long cardinality() {
                long c = src.cardinality();
                return c == INFINITE ? n : c == UNKNOWN ? UNKNOWN : Math.min(c, n);
            }
        };
    }

    /** All but the first {@code n} elements. */
    public Dataset<T> skip(long n) {
        if (n < 0) {
            throw new IllegalArgumentException("skip: count must be >= 0, got " + n);
        }
        Dataset<T> src = this;
        return new Dataset<>() {
            @Override
            public DataIterator<T> iterator() {
                DataIterator<T> it = src.iterator();
                for (long i = 0; i < n && it.hasNext(); i++) {
                    it.next();
                }
                return it;
            }

            @Override
            public long cardinality() {
                long c = src.cardinality();
                return c < 0 ? c : Math.max(0, c - n);
            }
        };
    }

    /** The data repeated forever (each repetition is a new pass, so shuffles differ). */
    public Dataset<T> repeat() {
        return new RepeatDataset<>(this, -1);
    }

    /** The data repeated {@code count} times. */
    public Dataset<T> repeat(int count) {
        if (count < 0) {
            throw new IllegalArgumentException("repeat: count must be >= 0, got " + count);
        }
        return new RepeatDataset<>(this, count);
    }

    /**
     * Keeps the elements in memory after the first complete pass; later passes read the memory copy.
     * Put it before random transformations so that they still vary per epoch.
     */
    public Dataset<T> cache() {
        return new CacheDataset<>(this);
    }

    /** Produces up to {@code bufferSize} elements ahead on a background thread. */
    public Dataset<T> prefetch(int bufferSize) {
        if (bufferSize < 1) {
            throw new IllegalArgumentException("prefetch: buffer size must be >= 1, got " + bufferSize);
        }
        return new PrefetchDataset<>(this, bufferSize);
    }

    /**
     * Shuffles with a buffer of {@code bufferSize} elements like {@code tf.data}: a buffer as large as
     * the data gives a uniform shuffle. Pass {@code k} uses a generator derived from {@code seed} and
     * {@code k}, so every epoch has a new, reproducible order.
     */
    public Dataset<T> shuffle(int bufferSize, long seed) {
        if (bufferSize < 1) {
            throw new IllegalArgumentException("shuffle: buffer size must be >= 1, got " + bufferSize);
        }
        return new ShuffleDataset<>(this, bufferSize, seed);
    }

    /**
     * Groups consecutive elements into batches stacked along a new axis 0. Works for {@link Tensor},
     * {@link Example} and {@code float[]} elements; use {@link #batch(int, boolean, Function)} for others.
     */
    public Dataset<T> batch(int size, boolean dropRemainder) {
        return batch(size, dropRemainder, Dataset::stackAny);
    }

    /** Groups consecutive elements into lists combined by {@code combine}. */
    public <R> Dataset<R> batch(int size, boolean dropRemainder, Function<List<T>, R> combine) {
        if (size < 1) {
            throw new IllegalArgumentException("batch: size must be >= 1, got " + size);
        }
        Dataset<T> src = this;
        return new Dataset<>() {
            @Override
            public DataIterator<R> iterator() {
                DataIterator<T> it = src.iterator();
                return DataIterator.of(new Iterator<R>() {
                    private List<T> pending;

                    @Override
                    public boolean hasNext() {
                        if (pending == null) {
                            List<T> b = new ArrayList<>(size);
                            while (b.size() < size && it.hasNext()) {
                                b.add(it.next());
                            }
                            if (!b.isEmpty() && (b.size() == size || !dropRemainder)) {
                                pending = b;
                            }
                        }
                        return pending != null;
                    }

                    @Override
                    public R next() {
                        if (!hasNext()) {
                            throw new NoSuchElementException();
                        }
                        List<T> b = pending;
                        pending = null;
                        return combine.apply(b);
                    }
                }, it::close);
            }

            @Override
            public long cardinality() {
                long c = src.cardinality();
                return c < 0 ? c : dropRemainder ? c / size : (c + size - 1) / size;
            }
        };
    }

    @SuppressWarnings("unchecked")
    private static <T> T stackAny(List<T> items) {
        Object first = items.get(0);
        if (first instanceof Tensor) {
            return (T) Tensors.stack(items.toArray(new Tensor[0]));
        }
        if (first instanceof Example) {
            return (T) Example.stack((List<Example>) items);
        }
        if (first instanceof float[]) {
            Tensor[] rows = new Tensor[items.size()];
            for (int i = 0; i < rows.length; i++) {
                rows[i] = Tensor.of((float[]) items.get(i));
            }
            return (T) Tensors.stack(rows);
        }
        throw new IllegalArgumentException("batch: cannot stack elements of type " + first.getClass().getName()
                + "; use batch(size, dropRemainder, combine)");
    }

    // ----------------------------------------------------------------- consume

    /** Runs {@code action} on every element of one pass and releases the iterator. */
    @Override
    public void forEach(Consumer<? super T> action) {
        try (DataIterator<T> it = iterator()) {
            while (it.hasNext()) {
                action.accept(it.next());
            }
        }
    }

    /** One pass collected into a list (for small data and tests). */
    public List<T> toList() {
        List<T> out = new ArrayList<>();
        forEach(out::add);
        return out;
    }

    /** The number of elements in one pass (iterates it). */
    public long count() {
        long[] n = {0};
        forEach(t -> n[0]++);
        return n[0];
    }

    /** The cardinality of {@code count} repetitions ({@code count < 0}: forever) of a source of cardinality {@code c}. */
    static long repeated(long c, int count) {
        if (count == 0 || c == 0) {
            return 0;
        }
        if (count < 0 || c == INFINITE) {
            return INFINITE;
        }
        return c == UNKNOWN ? UNKNOWN : c * count;
    }

    /** The cardinality of zipping sources of cardinalities {@code a} and {@code b} (the shorter one). */
    static long shorter(long a, long b) {
        if (a == INFINITE) {
            return b;
        }
        if (b == INFINITE) {
            return a;
        }
        return a == UNKNOWN || b == UNKNOWN ? UNKNOWN : Math.min(a, b);
    }

    /** Reads one pass of examples into a single stacked batch (features, targets, weights). */
    public static Example collect(Dataset<Example> data) {
        List<Example> all = data.toList();
        if (all.isEmpty()) {
            throw new IllegalArgumentException("collect: the dataset is empty");
        }
        return Example.stack(all);
    }
}
