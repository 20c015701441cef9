package io.cambium.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The NumPy/PyTorch reference: the bundled {@code reference.py}, run by a Python interpreter in
 * its own process, one workload per run so that its peak RSS is per workload.
 */
public final class Reference {
    private static final String SCRIPT = "/io/cambium/bench/reference.py";

    /** The reference's figures for one workload, or why there are none. */
    public record Result(Map<String, Measurement> cases, long peakRssKb, String stream, String unavailable) {
        static Result unavailable(String why) {
            return new Result(Map.of(), -1, null, why);
        }

        public boolean available() {
            return unavailable == null;
        }
    }

    private final String python;
    private final Path script;
    private final int reps;
    private final Map<String, String> environment;
    private final String unavailable;

    private Reference(String python, Path script, int reps, Map<String, String> environment, String unavailable) {
        this.python = python;
        this.script = script;
        this.reps = reps;
        this.environment = environment;
        this.unavailable = unavailable;
    }

    /**
     * Finds a Python interpreter ({@code /usr/bin/python3}, else {@code python3}) and extracts the
     * script, which will run with the extra {@code environment} variables.
     */
    public static Reference locate(int reps, Map<String, String> environment) {
        String python = Files.isExecutable(Path.of("/usr/bin/python3")) ? "/usr/bin/python3" : "python3";
        try {
            Process p = new ProcessBuilder(python, "-c", "import numpy").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                return new Reference(python, null, reps, environment, python + " cannot import numpy: " + lastLine(out));
            }
        } catch (IOException e) {
            return new Reference(python, null, reps, environment, "no Python interpreter (" + python + "): " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Reference(python, null, reps, environment, "interrupted while probing Python");
        }
        try (InputStream in = Reference.class.getResourceAsStream(SCRIPT)) {
            if (in == null) {
                throw new IllegalStateException("bench: resource " + SCRIPT + " missing from the classpath");
            }
            Path tmp = Files.createTempFile("cambium-reference", ".py");
            tmp.toFile().deleteOnExit();
            Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
            return new Reference(python, tmp, reps, environment, null);
        } catch (IOException e) {
            throw new UncheckedIOException("bench: cannot extract " + SCRIPT, e);
        }
    }

    /** A reference that is not used (for runs without it). */
    public static Reference disabled(String why) {
        return new Reference(null, null, 0, Map.of(), why);
    }

    /** Null when the reference can run, else the reason it cannot. */
    public String unavailableReason() {
        return unavailable;
    }

    /**
     * Starts the reference's server for one workload ({@code --serve}): its cases then run on
     * request, one repetition at a time, interleaved with Cambium's (see {@link Runner}).
     */
    public ReferenceSession session(String workloadId, List<Integer> threads) {
        if (unavailable != null) {
            return ReferenceSession.unavailable(workloadId, unavailable);
        }
        List<String> cmd = List.of(python, script.toString(), "--workloads", workloadId, "--serve", "--threads",
                threadList(threads));
        return ReferenceSession.start(workloadId, cmd, environment);
    }

    /** Runs one workload in a fresh Python process; its progress log goes to our stderr. */
    public Result run(String workloadId, List<Integer> threads) {
        return run(workloadId, threads, List.of());
    }

    /**
     * Runs one workload with extra arguments for the script (such as W7's {@code --stream FILE});
     * its progress log goes to our stderr.
     */
    public Result run(String workloadId, List<Integer> threads, List<String> extraArgs) {
        if (unavailable != null) {
            return Result.unavailable(unavailable);
        }
        List<String> cmd = new ArrayList<>(List.of(python, script.toString(), "--workloads", workloadId,
                "--reps", Integer.toString(reps), "--json"));
        cmd.add("--threads");
        cmd.add(threadList(threads));
        cmd.addAll(extraArgs);
        try {
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT);
            pb.environment().putAll(environment);
            Process p = pb.start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            int rc = p.waitFor();
            if (rc != 0) {
                return Result.unavailable("reference.py exited with status " + rc);
            }
            return parse(workloadId, out);
        } catch (IOException e) {
            return Result.unavailable("reference.py failed: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Result.unavailable("interrupted");
        }
    }

    /**
     * Has the reference write W7's random stream for {@code seed} (the CNN's initial parameters and
     * {@code epochs} permutations of {@code trainSize}, as its own W7 draws them) to a new
     * temporary file, read with {@link io.cambium.bench.stream.TorchStream}. Not timed: it runs
     * before any workload is measured.
     *
     * @throws IllegalStateException with the reason when the reference cannot run or fails (exit
     *     status 3: PyTorch is missing)
     */
    public Path writeW7Stream(int seed, int trainSize, int epochs) {
        if (unavailable != null) {
            throw new IllegalStateException(unavailable);
        }
        try {
            Path file = Files.createTempFile("cambium-w7-stream", ".bin");
            file.toFile().deleteOnExit();
            List<String> cmd = List.of(python, script.toString(), "--workloads", "W7", "--stream-out",
                    file.toString(), "--seed", Integer.toString(seed), "--train-size", Integer.toString(trainSize),
                    "--epochs", Integer.toString(epochs));
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
            pb.environment().putAll(environment);
            Process p = pb.start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            int rc = p.waitFor();
            if (rc != 0) {
                throw new IllegalStateException("reference.py --stream-out exited with status " + rc
                        + (out.isEmpty() ? "" : ": " + lastLine(out)));
            }
            return file;
        } catch (IOException e) {
            throw new IllegalStateException("reference.py --stream-out failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the reference wrote the W7 stream", e);
        }
    }

    static Result parse(String workloadId, String json) throws IOException {
        JsonNode root = new ObjectMapper().readTree(json);
        JsonNode w = root.path("workloads").path(workloadId);
        if (w.isMissingNode()) {
            return Result.unavailable("reference.py returned no " + workloadId);
        }
        Map<String, Measurement> cases = new LinkedHashMap<>();
        for (JsonNode c : w.path("cases")) {
            List<Double> reps = new ArrayList<>();
            c.path("reps").forEach(r -> reps.add(r.asDouble()));
            Measurement m = new Measurement(c.path("name").asText(), c.path("unit").asText(),
                    c.path("threads").asInt(), c.path("figure").asDouble(), reps);
            cases.put(m.name(), m);
        }
        JsonNode stream = w.path("stream");
        return new Result(cases, root.path("peak_rss_kb").asLong(-1), stream.isTextual() ? stream.asText() : null, null);
    }

    /** The script's {@code --threads} value: the counts, comma-separated. */
    private static String threadList(List<Integer> threads) {
        return String.join(",", threads.stream().map(String::valueOf).toList());
    }

    private static String lastLine(String s) {
        String[] lines = s.split("\n");
        return lines[lines.length - 1];
    }
}
