package io.cambium.tensor.kernels;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * The processor this JVM runs on, as the operating system describes it ({@code /proc/cpuinfo}
 * on Linux): its model name and instruction-set flags. Unknown (no model, no flags) elsewhere.
 * The kernels use it to confirm what the JVM's preferred vector size suggests; benchmarks print it
 * next to their figures.
 */
public final class CpuInfo {
    /** Vector instruction-set flags worth naming in a log line, widest first. */
    private static final List<String> VECTOR_FLAGS = List.of("amx_tile", "avx512f", "avx2", "fma", "avx", "sse4_2", "asimd", "sve");
    private static final CpuInfo CURRENT = read(Path.of("/proc/cpuinfo"));

    private final String model;
    private final Set<String> flags;

    private CpuInfo(String model, Set<String> flags) {
        this.model = model;
        this.flags = flags;
    }

    /** The processor this JVM runs on (read once). */
    public static CpuInfo current() {
        return CURRENT;
    }

    /** What {@code /proc/cpuinfo}-style {@code text} says about the first processor listed. */
    public static CpuInfo parse(String text) {
        String model = null;
        Set<String> flags = new TreeSet<>();
        for (String line : text.split("\n")) {
            int colon = line.indexOf(':');
            if (line.isBlank() && (model != null || !flags.isEmpty())) {
                break;
            }
            if (colon < 0) {
                continue;
            }
            String key = line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
            String value = line.substring(colon + 1).trim();
            if (model == null && (key.equals("model name") || key.equals("cpu model"))) {
                model = value;
            } else if (flags.isEmpty() && (key.equals("flags") || key.equals("features"))) {
                for (String f : value.split("\\s+")) {
                    if (!f.isEmpty()) {
                        flags.add(f.toLowerCase(Locale.ROOT));
                    }
                }
            }
        }
        return new CpuInfo(model, Set.copyOf(flags));
    }

    private static CpuInfo read(Path file) {
        try {
            return parse(Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException | RuntimeException e) {
            return new CpuInfo(null, Set.of());
        }
    }

    /** The model name, or null when unknown. */
    public String model() {
        return model;
    }

    /** Whether the processor's flags are known at all. */
    public boolean known() {
        return !flags.isEmpty();
    }

    /** Whether the processor lists {@code flag} (lower case, as in {@code /proc/cpuinfo}). */
    public boolean has(String flag) {
        return flags.contains(flag);
    }

    /**
     * The vector instruction sets it lists, widest first, e.g. {@code "amx_tile avx512f avx2 fma
     * avx sse4_2"}; {@code "unknown"} when the flags are not known.
     */
    public String vectorFlags() {
        if (!known()) {
            return "unknown";
        }
        StringBuilder sb = new StringBuilder();
        for (String f : VECTOR_FLAGS) {
            if (flags.contains(f)) {
                sb.append(sb.length() == 0 ? "" : " ").append(f);
            }
        }
        return sb.length() == 0 ? "none" : sb.toString();
    }
}
