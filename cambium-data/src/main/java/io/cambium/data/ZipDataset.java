package io.cambium.data;

import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.function.BiFunction;

/** Elements of two datasets combined pairwise; ends with the shorter one. */
final class ZipDataset<A, B, R> extends Dataset<R> {
    private final Dataset<A> a;
    private final Dataset<B> b;
    private final BiFunction<? super A, ? super B, R> fn;

    ZipDataset(Dataset<A> a, Dataset<B> b, BiFunction<? super A, ? super B, R> fn) {
        this.a = a;
        this.b = b;
        this.fn = fn;
    }

    @Override
    public DataIterator<R> iterator() {
        DataIterator<A> ia = a.iterator();
        DataIterator<B> ib;
        try {
            ib = b.iterator();
        } catch (RuntimeException e) {
            ia.close();
            throw e;
        }
        return DataIterator.of(new Iterator<R>() {
            @Override
            public boolean hasNext() {
                return ia.hasNext() && ib.hasNext();
            }

            @Override
            public R next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                return fn.apply(ia.next(), ib.next());
            }
        }, () -> {
            try {
                ia.close();
            } finally {
                ib.close();
            }
        });
    }

    @Override
    public long cardinality() {
        return Dataset.shorter(a.cardinality(), b.cardinality());
    }
}
