package io.cambium.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class PeakMemoryTest {
    private static final int MIB = 1 << 20;

    @Test
    void peakIsAtLeastTheCurrentResidentSet() {
        assumeTrue(Files.isReadable(Path.of("/proc/self/status")), "needs Linux /proc");
        long rss = PeakMemory.rssKb();
        assertThat(rss).isPositive();
        assertThat(PeakMemory.peakRssKb()).isGreaterThanOrEqualTo(rss);
    }

    @Test
    void resetStartsTheNextPeakAtTheCurrentResidentSet() throws InterruptedException {
        assumeTrue(Files.isReadable(Path.of("/proc/self/status")), "needs Linux /proc");
        // 256 MiB outside the Java heap, every page touched, then freed back to the OS: the peak
        // now stands well above the resident set.
        long directBefore = directMemoryUsed();
        ByteBuffer big = ByteBuffer.allocateDirect(256 * MIB);
        for (int i = 0; i < big.capacity(); i += 4096) {
            big.put(i, (byte) 1);
        }
        big = null;
        for (int i = 0; i < 50 && directMemoryUsed() > directBefore; i++) {
            System.gc();
            Thread.sleep(20);
        }
        assumeTrue(directMemoryUsed() <= directBefore, "the direct buffer was not freed");
        long peakBefore = PeakMemory.peakRssKb();
        assumeTrue(peakBefore - PeakMemory.rssKb() > 192 * 1024, "freeing did not lower the resident set");

        assumeTrue(PeakMemory.reset(), "the kernel does not allow resetting the peak");
        long rssAfter = PeakMemory.rssKb();
        long peakAfter = PeakMemory.peakRssKb();
        // The freed 256 MiB no longer count. The JVM's own threads (JIT, GC) may touch some new
        // pages after the reset, so the new peak is bounded by the old one with a wide margin, not
        // pinned to the resident set at the reset.
        assertThat(peakAfter).isLessThan(peakBefore - 128 * 1024);
        // A peak is never below the resident set it has seen (the kernel's counters are batched
        // per thread, hence the few pages of slack).
        assertThat(peakAfter).isGreaterThanOrEqualTo(rssAfter - 4096);
    }

    @Test
    void releasingTheFreeHeapShrinksAGrownHeapAndKeepsTheHeapPolicy() {
        var vm = ManagementFactory.getPlatformMXBean(com.sun.management.HotSpotDiagnosticMXBean.class);
        String min = vm.getVMOption("MinHeapFreeRatio").getValue();
        String max = vm.getVMOption("MaxHeapFreeRatio").getValue();
        var heap = ManagementFactory.getMemoryMXBean();
        // Grow the heap with 512 MiB of garbage that stays reachable until the heap has grown.
        byte[][] blocks = new byte[64][];
        for (int i = 0; i < blocks.length; i++) {
            blocks[i] = new byte[8 * MIB];
        }
        long grown = heap.getHeapMemoryUsage().getCommitted();
        blocks = null;
        boolean released = PeakMemory.releaseFreeHeap();
        assertThat(vm.getVMOption("MinHeapFreeRatio").getValue()).isEqualTo(min);
        assertThat(vm.getVMOption("MaxHeapFreeRatio").getValue()).isEqualTo(max);
        assumeTrue(released, "this JVM does not let the heap's free ratio be changed");
        assumeTrue(ManagementFactory.getGarbageCollectorMXBeans().stream().anyMatch(g -> g.getName().startsWith("G1")),
                "shrinking is checked with G1");
        assertThat(heap.getHeapMemoryUsage().getCommitted()).isLessThan(grown - 256L * MIB);
    }

    private static long directMemoryUsed() {
        return ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class).stream()
                .filter(b -> b.getName().equals("direct")).mapToLong(BufferPoolMXBean::getMemoryUsed).sum();
    }
}
