package io.cambium.zoo.experiments;

import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;

/**
 * The CPU time this process has used, in seconds, or NaN where the JVM does not report it. On a
 * shared machine an experiment's wall time says more about the other programs than about the
 * run; its CPU time does not.
 */
final class ProcessCpu {
    private ProcessCpu() {
    }

    static double seconds() {
        OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.OperatingSystemMXBean sun) {
            long ns = sun.getProcessCpuTime();
            return ns < 0 ? Double.NaN : ns / 1e9;
        }
        return Double.NaN;
    }
}
