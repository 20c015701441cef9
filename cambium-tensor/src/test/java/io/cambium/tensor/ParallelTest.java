package io.cambium.tensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ParallelTest {
    private static final Duration LIMIT = Duration.ofSeconds(60);
    private int before;

    @BeforeEach
    void remember() {
        before = Parallel.threads();
    }

    @AfterEach
    void restore() {
        Parallel.setThreads(before);
    }

    @ParameterizedTest
    @CsvSource({"1,1000,1", "2,0,1", "2,1,1", "2,7,1", "2,1000,1", "2,1000,300", "3,999,10", "4,100000,64"})
    void rangeCoversEveryIndexOnce(int threads, int n, int grain) {
        Parallel.setThreads(threads);
        AtomicIntegerArray hits = new AtomicIntegerArray(Math.max(1, n));
        for (int rep = 0; rep < 20; rep++) {
            Parallel.range(n, grain, (s, e) -> {
                assertThat(s).isLessThan(e);
                for (int i = s; i < e; i++) {
                    hits.incrementAndGet(i);
                }
            });
        }
        for (int i = 0; i < n; i++) {
            assertThat(hits.get(i)).as("index %d", i).isEqualTo(20);
        }
    }

    @ParameterizedTest
    @CsvSource({"2,1", "2,2", "2,3", "2,64", "3,2", "3,17", "1,5"})
    void tasksRunEachTaskOnce(int threads, int count) {
        Parallel.setThreads(threads);
        AtomicIntegerArray hits = new AtomicIntegerArray(count);
        for (int rep = 0; rep < 50; rep++) {
            Parallel.tasks(count, hits::incrementAndGet);
        }
        for (int i = 0; i < count; i++) {
            assertThat(hits.get(i)).as("task %d", i).isEqualTo(50);
        }
    }

    @Test
    void helpersTakePartInRegions() {
        Parallel.setThreads(2);
        Set<String> seen = ConcurrentHashMap.newKeySet();
        for (int rep = 0; rep < 200 && seen.size() < 2; rep++) {
            Parallel.tasks(8, t -> {
                seen.add(Thread.currentThread().getName());
                long end = System.nanoTime() + 200_000;
                while (System.nanoTime() < end) {
                    Thread.onSpinWait();
                }
            });
        }
        assertThat(seen).hasSize(2).anyMatch(name -> name.startsWith("cambium-"));
    }

    @Test
    void regionsInsideTasksRunToTheEnd() {
        Parallel.setThreads(2);
        int outer = 9;
        int inner = 1000;
        AtomicIntegerArray hits = new AtomicIntegerArray(outer * inner);
        assertTimeoutPreemptively(LIMIT, () -> {
            for (int rep = 0; rep < 30; rep++) {
                Parallel.tasks(outer, t -> Parallel.range(inner, 1, (s, e) -> {
                    for (int i = s; i < e; i++) {
                        hits.incrementAndGet(t * inner + i);
                    }
                }));
            }
        });
        for (int i = 0; i < outer * inner; i++) {
            assertThat(hits.get(i)).as("index %d", i).isEqualTo(30);
        }
    }

    @Test
    void regionsFromTwoThreadsAtOnceBothComplete() throws Exception {
        Parallel.setThreads(2);
        int n = 5000;
        AtomicIntegerArray a = new AtomicIntegerArray(n);
        AtomicIntegerArray b = new AtomicIntegerArray(n);
        Thread other = new Thread(() -> {
            for (int rep = 0; rep < 200; rep++) {
                Parallel.range(n, 16, (s, e) -> {
                    for (int i = s; i < e; i++) {
                        b.incrementAndGet(i);
                    }
                });
            }
        });
        assertTimeoutPreemptively(LIMIT, () -> {
            other.start();
            for (int rep = 0; rep < 200; rep++) {
                Parallel.range(n, 16, (s, e) -> {
                    for (int i = s; i < e; i++) {
                        a.incrementAndGet(i);
                    }
                });
            }
            other.join();
        });
        for (int i = 0; i < n; i++) {
            assertThat(a.get(i)).isEqualTo(200);
            assertThat(b.get(i)).isEqualTo(200);
        }
    }

    @Test
    void aFailingTaskFailsTheCallAfterTheOthersEndedAndThePoolStaysUsable() {
        Parallel.setThreads(2);
        AtomicIntegerArray hits = new AtomicIntegerArray(16);
        assertThatThrownBy(() -> Parallel.tasks(16, t -> {
            hits.incrementAndGet(t);
            if (t == 5) {
                throw new IllegalArgumentException("task 5 failed");
            }
        })).isInstanceOf(IllegalArgumentException.class).hasMessage("task 5 failed");
        for (int i = 0; i < 16; i++) {
            assertThat(hits.get(i)).as("task %d", i).isEqualTo(1);
        }
        AtomicIntegerArray again = new AtomicIntegerArray(100);
        Parallel.range(100, 1, (s, e) -> {
            for (int i = s; i < e; i++) {
                again.incrementAndGet(i);
            }
        });
        for (int i = 0; i < 100; i++) {
            assertThat(again.get(i)).isEqualTo(1);
        }
    }

    @Test
    void changingTheThreadCountStopsTheOldHelpers() throws InterruptedException {
        for (int i = 0; i < 20; i++) {
            Parallel.setThreads(2 + i % 3);
            Parallel.range(1000, 1, (s, e) -> { });
        }
        Parallel.setThreads(2);
        long deadline = System.nanoTime() + 10_000_000_000L;
        long live;
        do {
            Thread.sleep(20);
            live = Thread.getAllStackTraces().keySet().stream()
                    .filter(t -> t.getName().startsWith("cambium-") && t.isAlive()).count();
        } while (live > 1 && System.nanoTime() < deadline);
        assertThat(live).as("helper threads alive with 2 threads set").isEqualTo(1);
        assertThatThrownBy(() -> Parallel.setThreads(0)).hasMessageContaining("at least 1, got 0");
    }
}
