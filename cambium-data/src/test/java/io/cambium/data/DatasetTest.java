package io.cambium.data;

import io.cambium.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DatasetTest {

    private static long liveThreads(String prefix) {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith(prefix) && t.isAlive()).count();
    }

    @Test
    void mapFilterTakeSkip() {
        List<Integer> out = Dataset.range(20).map(i -> i * 2).filter(i -> i % 3 == 0).skip(1).take(3).toList();
        assertThat(out).containsExactly(6, 12, 18);
    }

    @Test
    void shuffleIsSeededPermutationAndDiffersPerEpoch() {
        Dataset<Integer> d = Dataset.range(100).shuffle(100, 42);
        List<Integer> e1 = d.toList();
        List<Integer> e2 = d.toList();
        assertThat(new TreeSet<>(e1)).hasSize(100).first().isEqualTo(0);
        assertThat(e1).isNotEqualTo(Dataset.range(100).toList());
        assertThat(e2).isNotEqualTo(e1);
        Dataset<Integer> again = Dataset.range(100).shuffle(100, 42);
        assertThat(again.toList()).isEqualTo(e1);
        assertThat(again.toList()).isEqualTo(e2);
        assertThat(Dataset.range(100).shuffle(100, 43).toList()).isNotEqualTo(e1);
    }

    @Test
    void smallShuffleBufferOnlyMovesElementsLocally() {
        // With a buffer of 5, element i can come out at position >= i - 4 at the earliest.
        List<Integer> out = Dataset.range(200).shuffle(5, 1).toList();
        for (int pos = 0; pos < out.size(); pos++) {
            assertThat(out.get(pos)).isLessThanOrEqualTo(pos + 4);
        }
        assertThat(new TreeSet<>(out)).hasSize(200);
    }

    @Test
    void batchStacksTensorsAndExamplesAndHandlesRemainder() {
        Tensor x = Tensor.arange(10 * 3).reshape(10, 3);
        Tensor y = Tensor.arange(10);
        List<Example> batches = Dataset.fromTensorSlices(x, y).batch(4, false).toList();
        assertThat(batches).hasSize(3);
        assertThat(batches.get(0).x().shape()).containsExactly(4, 3);
        assertThat(batches.get(2).x().shape()).containsExactly(2, 3);
        assertThat(batches.get(1).x().get(0, 0)).isEqualTo(12f);
        assertThat(batches.get(2).y().toArray()).containsExactly(8f, 9f);
        assertThat(Dataset.fromTensorSlices(x, y).batch(4, true).toList()).hasSize(2);
        assertThatThrownBy(() -> Dataset.of("a", "b").batch(2, false).toList())
                .hasMessageContaining("cannot stack elements of type java.lang.String");
    }

    @Test
    void batchRejectsRaggedTensorsNamingShapes() {
        assertThatThrownBy(() -> Dataset.of(Tensor.zeros(2), Tensor.zeros(3)).batch(2, false).toList())
                .hasMessageContaining("(3,)").hasMessageContaining("(2,)");
    }

    @Test
    void fromTensorSlicesChecksRows() {
        assertThatThrownBy(() -> Dataset.fromTensorSlices(Tensor.zeros(3, 2), Tensor.zeros(4)))
                .hasMessageContaining("(3, 2)").hasMessageContaining("(4,)");
    }

    @Test
    void parallelMapPreservesOrderAndLeavesNoThreads() throws Exception {
        List<Integer> out = Dataset.range(200).map(i -> {
            if (i % 7 == 0) {
                Thread.onSpinWait();
            }
            return i * i;
        }, 3).toList();
        List<Integer> expected = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            expected.add(i * i);
        }
        assertThat(out).isEqualTo(expected);
        assertThat(liveThreads("cambium-map-")).isZero();
    }

    @Test
    void parallelMapPropagatesErrors() {
        Dataset<Integer> d = Dataset.range(50).map(i -> {
            if (i == 17) {
                throw new IllegalStateException("bad element 17");
            }
            return i;
        }, 2);
        List<Integer> seen = new ArrayList<>();
        assertThatThrownBy(() -> d.forEach(seen::add)).hasMessage("bad element 17");
        assertThat(seen).hasSize(17);
        assertThat(liveThreads("cambium-map-")).isZero();
    }

    @Test
    void randomMapIsDeterministicWhateverTheParallelism() {
        Dataset<Integer> base = Dataset.range(64);
        List<Float> p1 = base.randomMap(9, (i, rng) -> i + rng.nextFloat(), 1).toList();
        List<Float> p3 = base.randomMap(9, (i, rng) -> i + rng.nextFloat(), 3).toList();
        assertThat(p3).isEqualTo(p1);
        Dataset<Float> d = base.randomMap(9, (i, rng) -> i + rng.nextFloat(), 2);
        assertThat(d.toList()).isEqualTo(p1).isNotEqualTo(d.toList());
    }

    @Test
    void prefetchDeliversEverythingInOrderAndJoinsOnClose() {
        assertThat(Dataset.range(1000).prefetch(3).toList()).isEqualTo(Dataset.range(1000).toList());
        // Stop early on an infinite stream: close must stop the producer thread.
        try (DataIterator<Integer> it = Dataset.range(10).repeat().prefetch(2).iterator()) {
            for (int i = 0; i < 25; i++) {
                assertThat(it.next()).isEqualTo(i % 10);
            }
        }
        assertThat(liveThreads("cambium-prefetch-")).isZero();
    }

    @Test
    void prefetchPropagatesSourceErrorsAtTheirPosition() {
        Dataset<Integer> failing = Dataset.fromSupplier(() -> new Iterator<Integer>() {
            private int i;

            @Override
            public boolean hasNext() {
                return true;
            }

            @Override
            public Integer next() {
                if (i == 5) {
                    throw new IllegalArgumentException("corrupt record 5");
                }
                return i++;
            }
        });
        List<Integer> seen = new ArrayList<>();
        assertThatThrownBy(() -> failing.prefetch(4).forEach(seen::add)).hasMessage("corrupt record 5");
        assertThat(seen).containsExactly(0, 1, 2, 3, 4);
        assertThat(liveThreads("cambium-prefetch-")).isZero();
    }

    @Test
    void repeatAndCache() {
        AtomicInteger reads = new AtomicInteger();
        Dataset<Integer> d = Dataset.range(5).map(i -> {
            reads.incrementAndGet();
            return i;
        }).cache();
        assertThat(d.repeat(3).toList()).hasSize(15);
        assertThat(reads.get()).isEqualTo(5);
        assertThat(Dataset.range(0).repeat().toList()).isEmpty();
        assertThat(Dataset.range(3).repeat(0).toList()).isEmpty();
    }

    @Test
    void cacheStoresOnlyCompletePasses() {
        AtomicInteger reads = new AtomicInteger();
        Dataset<Integer> d = Dataset.range(5).map(i -> {
            reads.incrementAndGet();
            return i;
        }).cache();
        assertThat(d.take(2).toList()).containsExactly(0, 1);
        assertThat(d.toList()).containsExactly(0, 1, 2, 3, 4);
        assertThat(d.toList()).containsExactly(0, 1, 2, 3, 4);
        assertThat(reads.get()).isEqualTo(7);
    }

    @Test
    void zipEndsWithShorter() {
        List<String> out = Dataset.zip(Dataset.range(5), Dataset.of("a", "b", "c"), (i, s) -> s + i).toList();
        assertThat(out).containsExactly("a0", "b1", "c2");
        assertThat(Dataset.zip(Dataset.range(2), Dataset.range(2)).toList().get(1))
                .isEqualTo(new Dataset.Pair<>(1, 1));
    }

    @Test
    void streamingSourceIsReadLazily() {
        AtomicInteger produced = new AtomicInteger();
        Dataset<Integer> endless = Dataset.fromSupplier(() -> new Iterator<Integer>() {
            @Override
            public boolean hasNext() {
                return true;
            }

            @Override
            public Integer next() {
                return produced.getAndIncrement();
            }
        });
        assertThat(endless.batch(8, true, l -> l.size()).take(3).toList()).containsExactly(8, 8, 8);
        assertThat(produced.get()).isEqualTo(24);
    }

    @Test
    void fullPipelineKeepsLabelsWithFeatures() {
        Tensor x = Tensor.arange(50).reshape(50, 1);
        Tensor y = Tensor.arange(50).mul(10f);
        Set<String> pairs = Dataset.fromTensorSlices(x, y).shuffle(16, 3).map(e -> e, 2).batch(7, false)
                .prefetch(2).toList().stream()
                .flatMap(b -> {
                    List<String> s = new ArrayList<>();
                    for (int i = 0; i < b.size(); i++) {
                        s.add(b.x().get(i, 0) * 10 + "=" + b.y().get(i));
                    }
                    return s.stream();
                })
                .collect(Collectors.toSet());
        assertThat(pairs).hasSize(50).allMatch(p -> p.split("=")[0].equals(p.split("=")[1]));
    }
}
