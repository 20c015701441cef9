package io.cambium.testing;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Starts a class's {@code main} in a new JVM (the running one's {@code java}, the test classpath),
 * for tests that need a process of their own: a small heap, or a process to kill mid-write.
 * Output goes to files, so a child that prints a lot never blocks on a full pipe.
 */
public final class JavaProcess {
    private final Process process;
    private final Path out;
    private final Path err;

    private JavaProcess(Process process, Path out, Path err) {
        this.process = process;
        this.out = out;
        this.err = err;
    }

    /**
     * Starts {@code mainClass} with the given JVM options (such as {@code -Xmx256m}) and arguments;
     * its stdout and stderr go to files in {@code dir}.
     */
    public static JavaProcess start(Path dir, List<String> jvmOptions, Class<?> mainClass, String... args)
            throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("--add-modules");
        cmd.add("jdk.incubator.vector");
        for (String p : List.of("cambium.vector", "cambium.threads")) {
            if (System.getProperty(p) != null) {
                cmd.add("-D" + p + "=" + System.getProperty(p));
            }
        }
        cmd.addAll(jvmOptions);
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(mainClass.getName());
        cmd.addAll(List.of(args));
        Files.createDirectories(dir);
        Path out = Files.createTempFile(dir, "stdout", ".txt");
        Path err = Files.createTempFile(dir, "stderr", ".txt");
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile());
        return new JavaProcess(pb.start(), out, err);
    }

    /** The process. */
    public Process process() {
        return process;
    }

    /** Waits for the exit and returns the exit code; kills the process after {@code seconds}. */
    public int waitFor(long seconds) throws InterruptedException {
        if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
            throw new AssertionError("the child JVM did not finish in " + seconds + " s; stderr: " + stderr());
        }
        return process.exitValue();
    }

    /** What the process printed on stdout so far. */
    public String stdout() {
        return read(out);
    }

    /** What the process printed on stderr so far. */
    public String stderr() {
        return read(err);
    }

    /**
     * Sends a signal by name (INT, TERM, KILL) with the system's {@code kill}; false where there is
     * none, or where the child ignores the signal because this process does (a job started in the
     * background by a shell ignores SIGINT, and a JVM keeps an inherited "ignore").
     */
    public boolean signal(String name) throws IOException, InterruptedException {
        if (!new File("/bin/kill").exists() && !new File("/usr/bin/kill").exists() || ignoredHere(name)) {
            return false;
        }
        Process k = new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).inheritIO().start();
        return k.waitFor() == 0;
    }

    private static boolean ignoredHere(String name) {
        int number = switch (name) {
            case "INT" -> 2;
            case "QUIT" -> 3;
            case "TERM" -> 15;
            default -> 0;
        };
        Path status = Path.of("/proc/self/status");
        if (number == 0 || !Files.isReadable(status)) {
            return false;
        }
        for (String line : read(status).split("\\R")) {
            if (line.startsWith("SigIgn:")) {
                long mask = Long.parseUnsignedLong(line.substring(7).trim(), 16);
                return (mask & (1L << (number - 1))) != 0;
            }
        }
        return false;
    }

    private static String read(Path p) {
        try {
            return Files.readString(p, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(unreadable: " + e + ")";
        }
    }
}
