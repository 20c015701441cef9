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

    /** The environment variable that names the Python interpreter (when {@code --python} does not). */
    public static final String PYTHON_VARIABLE = "CAMBIUM_PYTHON";
    /**
     * The variables that fix the BLAS's and OpenMP's thread pools; the libraries read them when
     * they load, so each reference process starts with all of them set to its thread count.
     */
    static final List<String> THREAD_VARIABLES = List.of("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS");

    /**
     * The reference's figures for one workload, or why there are none; per case, the thread
     * counts its libraries reported ({@link ThreadCheck}, absent when not reported), and the
     * versions of its libraries (Python, NumPy, PyTorch, the BLAS).
     */
    public record Result(Map<String, Measurement> cases, long peakRssKb, String stream, String unavailable,
                         Map<String, ThreadCheck> threadChecks, Map<String, String> libraries) {
        static Result unavailable(String why) {
            return new Result(Map.of(), -1, null, why, Map.of(), Map.of());
        }

        public boolean available() {
            return unavailable == null;
        }

        /**
         * This result and {@code other} (another thread count of the same workload) as one: the
         * cases of both, the larger peak, the first libraries seen; unavailable only when both are.
         */
        Result merge(Result other) {
            if (!other.available()) {
                return available() ? this : other;
            }
            if (!available()) {
                return other;
            }
            Map<String, Measurement> cases = new LinkedHashMap<>(this.cases);
            cases.putAll(other.cases);
            Map<String, ThreadCheck> checks = new LinkedHashMap<>(threadChecks);
            checks.putAll(other.threadChecks);
            return new Result(cases, Math.max(peakRssKb, other.peakRssKb), stream != null ? stream : other.stream, null,
                    checks, libraries.isEmpty() ? other.libraries : libraries);
        }
    }

    /** The Python interpreter to run and where that choice came from (for messages). */
    public record Interpreter(String command, String source) {
        /** Null when the command can be tried, else why not (a path that is not an executable file). */
        public String problem() {
            if (command.contains("/") && !Files.isExecutable(Path.of(command))) {
                return source + " " + command + ": no executable file there";
            }
            return null;
        }
    }

    /** The interpreter and the script, to which the arguments of a run are appended. */
    private final List<String> command;
    private final int reps;
    private final Map<String, String> environment;
    private final String unavailable;

    private Reference(List<String> command, int reps, Map<String, String> environment, String unavailable) {
        this.command = command;
        this.reps = reps;
        this.environment = environment;
        this.unavailable = unavailable;
    }

    /**
     * A reference run by {@code command} (a program and its first arguments, in place of the
     * interpreter and the script; for tests with a stand-in server).
     */
    static Reference ofCommand(List<String> command, int reps, Map<String, String> environment) {
        return new Reference(List.copyOf(command), reps, environment, null);
    }

    /**
     * The interpreter to use: {@code option} (the command line's {@code --python}) when given,
     * else the environment's {@value #PYTHON_VARIABLE}, else {@code /usr/bin/python3} when it is
     * executable, else {@code python3} from the PATH.
     */
    public static Interpreter interpreter(String option, Map<String, String> env) {
        if (option != null && !option.isBlank()) {
            return new Interpreter(option.trim(), "--python");
        }
        String v = env.get(PYTHON_VARIABLE);
        if (v != null && !v.isBlank()) {
            return new Interpreter(v.trim(), PYTHON_VARIABLE);
        }
        if (Files.isExecutable(Path.of("/usr/bin/python3"))) {
            return new Interpreter("/usr/bin/python3", "default");
        }
        return new Interpreter("python3", "default (PATH)");
    }

    /**
     * Checks that {@code interpreter} runs and imports NumPy, and extracts the script, which will
     * run with the extra {@code environment} variables (and, per process, the thread variables).
     */
    public static Reference locate(int reps, Map<String, String> environment, Interpreter interpreter) {
        String python = interpreter.command();
        String where = interpreter.source().startsWith("default") ? python : interpreter.source() + " " + python;
        if (interpreter.problem() != null) {
            return new Reference(List.of(), reps, environment, interpreter.problem());
        }
        try {
            Process p = new ProcessBuilder(python, "-c", "import numpy").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                return new Reference(List.of(), reps, environment, where + " cannot import numpy: " + lastLine(out));
            }
        } catch (IOException e) {
            return new Reference(List.of(), reps, environment, "no Python interpreter (" + where + "): " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Reference(List.of(), reps, environment, "interrupted while probing Python");
        }
        try (InputStream in = Reference.class.getResourceAsStream(SCRIPT)) {
            if (in == null) {
                throw new IllegalStateException("bench: resource " + SCRIPT + " missing from the classpath");
            }
            Path tmp = Files.createTempFile("cambium-reference", ".py");
            tmp.toFile().deleteOnExit();
            Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
            return new Reference(List.of(python, tmp.toString()), reps, environment, null);
        } catch (IOException e) {
            throw new UncheckedIOException("bench: cannot extract " + SCRIPT, e);
        }
    }

    /** A reference that is not used (for runs without it). */
    public static Reference disabled(String why) {
        return new Reference(List.of(), 0, Map.of(), why);
    }

    /** Null when the reference can run, else the reason it cannot. */
    public String unavailableReason() {
        return unavailable;
    }

    /**
     * The environment of a reference process that runs {@code threads}-thread cases: the peer's
     * variables and every variable of {@link #THREAD_VARIABLES} set to {@code threads}.
     */
    static Map<String, String> environment(Map<String, String> peer, int threads) {
        Map<String, String> env = new LinkedHashMap<>(peer);
        for (String v : THREAD_VARIABLES) {
            env.put(v, Integer.toString(threads));
        }
        return env;
    }

    /**
     * Starts the reference's server for the {@code threads}-thread cases of one workload
     * ({@code --serve}), in a process whose BLAS and OpenMP are limited to {@code threads} from
     * its start: its cases then run on request, one repetition at a time, interleaved with
     * Cambium's (see {@link Runner}).
     */
    public ReferenceSession session(String workloadId, int threads) {
        if (unavailable != null) {
            return ReferenceSession.unavailable(workloadId, unavailable);
        }
        List<String> cmd = new ArrayList<>(command);
        cmd.addAll(List.of("--workloads", workloadId, "--serve", "--threads", Integer.toString(threads)));
        return ReferenceSession.start(workloadId, cmd, environment(environment, threads));
    }

    /** Runs one workload in fresh Python processes, one per thread count; their log goes to our stderr. */
    public Result run(String workloadId, List<Integer> threads) {
        return run(workloadId, threads, List.of());
    }

    /**
     * Runs one workload with extra arguments for the script (such as W7's {@code --stream FILE}),
     * one process per thread count (see {@link #session}); the log goes to our stderr.
     */
    public Result run(String workloadId, List<Integer> threads, List<String> extraArgs) {
        if (unavailable != null) {
            return Result.unavailable(unavailable);
        }
        Result all = Result.unavailable("reference.py ran no thread count");
        for (int t : threads) {
            all = all.merge(runProcess(workloadId, t, extraArgs));
        }
        return all;
    }

    private Result runProcess(String workloadId, int threads, List<String> extraArgs) {
        List<String> cmd = new ArrayList<>(command);
        cmd.addAll(List.of("--workloads", workloadId, "--reps", Integer.toString(reps), "--json"));
        cmd.add("--threads");
        cmd.add(Integer.toString(threads));
        cmd.addAll(extraArgs);
        try {
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT);
            pb.environment().putAll(environment(environment, threads));
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
            List<String> cmd = new ArrayList<>(command);
            cmd.addAll(List.of("--workloads", "W7", "--stream-out", file.toString(), "--seed", Integer.toString(seed),
                    "--train-size", Integer.toString(trainSize), "--epochs", Integer.toString(epochs)));
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
        Map<String, ThreadCheck> checks = new LinkedHashMap<>();
        for (JsonNode c : w.path("cases")) {
            List<Double> reps = new ArrayList<>();
            c.path("reps").forEach(r -> reps.add(r.asDouble()));
            Measurement m = new Measurement(c.path("name").asText(), c.path("unit").asText(),
                    c.path("threads").asInt(), c.path("figure").asDouble(), reps);
            cases.put(m.name(), m);
            ThreadCheck check = ThreadCheck.parse(c.get("thread_check"));
            if (check != null) {
                checks.put(m.name(), check);
            }
        }
        JsonNode stream = w.path("stream");
        return new Result(cases, root.path("peak_rss_kb").asLong(-1), stream.isTextual() ? stream.asText() : null, null,
                checks, libraries(root.get("libraries")));
    }

    /** The reference's {@code libraries} object as text values (empty when missing). */
    static Map<String, String> libraries(JsonNode n) {
        Map<String, String> out = new LinkedHashMap<>();
        if (n != null && n.isObject()) {
            n.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().isNull() ? null : e.getValue().asText()));
        }
        return out;
    }

    private static String lastLine(String s) {
        String[] lines = s.split("\n");
        return lines[lines.length - 1];
    }
}
