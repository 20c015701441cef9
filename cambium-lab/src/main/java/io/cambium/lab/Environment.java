package io.cambium.lab;

import io.cambium.Cambium;
import io.cambium.tensor.kernels.Kernels;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** Where a run was measured: CPU, cores, JDK, kernels, load. Timings mean nothing without it. */
public final class Environment {
    private Environment() {
    }

    /** A description of this machine and JVM, as key-value pairs for a result file. */
    public static Map<String, String> describe() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("cpu", cpuModel());
        env.put("cores", Integer.toString(Runtime.getRuntime().availableProcessors()));
        env.put("threads", Integer.toString(Cambium.threads()));
        env.put("jdk", System.getProperty("java.vm.vendor", "?") + " " + Runtime.version());
        env.put("kernels", Kernels.describe());
        env.put("os", System.getProperty("os.name") + " " + System.getProperty("os.arch"));
        return env;
    }

    /** The 1-minute system load average, or NaN where the platform does not report it. */
    public static double loadAverage() {
        double l = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        return l < 0 ? Double.NaN : l;
    }

    /** CPU seconds used by this process so far (all threads), or NaN where the JVM does not report it. */
    public static double processCpuSeconds() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            long ns = os.getProcessCpuTime();
            return ns < 0 ? Double.NaN : ns / 1e9;
        }
        return Double.NaN;
    }

    private static String cpuModel() {
        Path info = Path.of("/proc/cpuinfo");
        if (Files.isReadable(info)) {
            try {
                for (String line : Files.readAllLines(info)) {
                    if (line.startsWith("model name")) {
                        return line.substring(line.indexOf(':') + 1).trim();
                    }
                }
            } catch (IOException | RuntimeException e) {
                // fall through to the JVM's description
            }
        }
        return System.getProperty("os.arch", "unknown CPU");
    }
}
