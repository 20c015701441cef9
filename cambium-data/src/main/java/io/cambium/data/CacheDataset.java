package io.cambium.data;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/** Keeps the elements of the first complete pass in memory and serves later passes from there. */
final class CacheDataset<T> extends Dataset<T> {
    private final Dataset<T> src;
    private volatile List<T> cached;

    CacheDataset(Dataset<T> src) {
        this.src = src;
    }

    /** Whether a complete pass has been stored. */
    boolean isFilled() {
        return cached != null;
    }

    @Override
    public DataIterator<T> iterator() {
        List<T> done = cached;
        if (done != null) {
            return DataIterator.of(done.iterator(), null);
        }
        DataIterator<T> it = src.iterator();
        List<T> recording = new ArrayList<>();
        return DataIterator.of(new Iterator<T>() {
            @Override
            public boolean hasNext() {
                boolean more = it.hasNext();
                if (!more && cached == null) {
                    // Only a complete pass is stored: a partial one would silently drop data.
                    cached = Collections.unmodifiableList(recording);
                }
                return more;
            }

            @Override
            public T next() {
                if (!it.hasNext()) {
                    throw new NoSuchElementException();
                }
                T t = it.next();
                recording.add(t);
                return t;
            }
        }, it::close);
    }

    @Override
    public long cardinality() {
        return src.cardinality();
    }
}
