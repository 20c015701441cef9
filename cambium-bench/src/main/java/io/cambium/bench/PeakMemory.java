package io.cambium.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The process's resident set size and its peak, from {@code /proc/self} (Linux). */
public final class PeakMemory {
    private static final Path STATUS = Path.of("/proc/self/status");
    private static final Path CLEAR_REFS = Path.of("/proc/self/clear_refs");

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
