package io.cambium.bench;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/** The process's resident set size and its peak, from {@code /proc/self} (Linux). */
public final class PeakMemory {
    private static final Path STATUS = Path.of("/proc/self/status");
    private static final Path CLEAR_REFS = Path.of("/proc/self/clear_refs");
    private static final String MIN_FREE = "MinHeapFreeRatio";
    private static final String MAX_FREE = "MaxHeapFreeRatio";

    private PeakMemory() {
    }

    /** VmHWM (the peak resident set size since start or the last {@link #reset}) in KiB, or -1 where /proc is not available. */
    public static long peakRssKb() {
        return statusKb("VmHWM:");
    }

    /** VmRSS (the resident set size now) in KiB, or -1 where /proc is not available. */
    public static long rssKb() {
        return statusKb("VmRSS:");
    }

    /**
     * Starts a new peak: sets VmHWM to the current resident set size, so that a workload's peak
     * is not an earlier workload's in the same process. Returns false where the kernel does not
     * allow it (not Linux, or no write access to {@code /proc/self/clear_refs}); the peak then
     * stays the process's.
     */
    public static boolean reset() {
        try {
            // "5" resets the peak RSS counter (Linux 4.0 and later) and nothing else.
            Files.writeString(CLEAR_REFS, "5");
            return true;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /**
     * Gives the Java heap's free memory back to the operating system before a new peak starts:
     * a full collection with G1 allowed to shrink the heap to what is live (the launcher's heap
     * policy never shrinks it, so the heap a previous workload grew would count in the next one's
     * peak, where the reference starts each workload in a fresh process). The policy's own
     * setting is restored afterwards. Returns false when the JVM does not allow it (the flag is
     * not manageable), after the collection.
     */
    public static boolean releaseFreeHeap() {
        HotSpotDiagnosticMXBean vm = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
        String minBefore;
        String maxBefore;
        try {
            minBefore = vm.getVMOption(MIN_FREE).getValue();
            maxBefore = vm.getVMOption(MAX_FREE).getValue();
            // The minimum first: the JVM keeps MinHeapFreeRatio <= MaxHeapFreeRatio at every step.
            vm.setVMOption(MIN_FREE, "0");
            vm.setVMOption(MAX_FREE, "10");
        } catch (RuntimeException e) {
            System.gc();
            return false;
        }
        try {
            System.gc();
        } finally {
            vm.setVMOption(MAX_FREE, maxBefore);
            vm.setVMOption(MIN_FREE, minBefore);
        }
        // G1 gives the shrunk heap's memory back in the background: wait until the resident set
        // has stopped falling (at most 5 s).
        long last = rssKb();
        for (int i = 0; i < 50; i++) {
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            long now = rssKb();
            if (now >= last - 1024) {
                break;
            }
            last = now;
        }
        return true;
    }

    private static long statusKb(String field) {
        try {
            for (String line : Files.readAllLines(STATUS)) {
                if (line.startsWith(field)) {
                    return Long.parseLong(line.substring(field.length()).trim().split("\\s+")[0]);
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }
}
