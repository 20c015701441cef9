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
        // 64 MiB outside the Java heap, every page touched, then freed back to the OS: the peak
        // now stands well above the resident set.
        long directBefore = directMemoryUsed();
        ByteBuffer big = ByteBuffer.allocateDirect(64 * MIB);
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
        assumeTrue(peakBefore - PeakMemory.rssKb() > 32 * 1024, "freeing did not lower the resident set");

        assumeTrue(PeakMemory.reset(), "the kernel does not allow resetting the peak");
        long rssAfter = PeakMemory.rssKb();
        long peakAfter = PeakMemory.peakRssKb();
        assertThat(peakAfter).isLessThan(peakBefore - 32 * 1024);
        // The new peak is the resident set at the reset (a few pages may have been touched since).
        assertThat(peakAfter).isBetween(rssAfter - 4096, rssAfter + 4096);
    }

    private static long directMemoryUsed() {
        return ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class).stream()
                .filter(b -> b.getName().equals("direct")).mapToLong(BufferPoolMXBean::getMemoryUsed).sum();
    }
}
