package io.cambium.data;

import io.cambium.tensor.random.Rng;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Buffered shuffle as in {@code tf.data}: fill a buffer, emit a random slot and refill that slot
 * with the next source element.
 */
final class ShuffleDataset<T> extends Dataset<T> {
    private final Dataset<T> src;
    private final int bufferSize;
    private final long seed;
    private final AtomicLong passes = new AtomicLong();

    ShuffleDataset(Dataset<T> src, int bufferSize, long seed) {
        this.src = src;
        this.bufferSize = bufferSize;
        this.seed = seed;
    }

    @Override
    public DataIterator<T> iterator() {
        long pass = passes.getAndIncrement();
        Rng rng = new Rng(seed ^ (pass * 0x9E3779B97F4A7C15L));
        DataIterator<T> it = src.iterator();
        List<T> buffer = new ArrayList<>(Math.min(bufferSize, 1 << 16));
        return DataIterator.of(new Iterator<T>() {
            @Override
            public boolean hasNext() {
                while (buffer.size() < bufferSize && it.hasNext()) {
                    buffer.add(it.next());
                }
                return !buffer.isEmpty();
            }

            @Override
            public T next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                int k = rng.nextInt(buffer.size());
                T out = buffer.get(k);
                int last = buffer.size() - 1;
                buffer.set(k, buffer.get(last));
                buffer.remove(last);
                return out;
            }
        }, it::close);
    }

    @Override
    public long cardinality() {
        return src.cardinality();
    }
}
