package io.cambium.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cambium.tensor.kernels.CpuInfo;
import io.cambium.tensor.kernels.Kernels;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The reference workloads, run by Cambium and (when Python with NumPy is available) by the
 * bundled NumPy/PyTorch reference interleaved: each workload's reference run follows Cambium's.
 * Prints both figures and their ratio per case, and the peak memory of each side (Cambium's peak
 * resident set during each workload, the reference process's peak).
 */
public final class Bench {
    /** The workloads by id. */
    private static final Map<String, Supplier<Workload>> WORKLOADS = new LinkedHashMap<>();
    /** Names a user may type for a workload instead of its id. */
    private static final Map<String, String> ALIASES = Map.of(
            "GEMM", "W1", "MLP", "W2", "CNN", "W3", "LSTM", "W4",
            "GPT-TRAIN", "W5", "GPT-GENERATE", "W6", "FASHION", "W7", "FASHION-MNIST", "W7");
    private static final List<Integer> THREADS = List.of(1, 2);

    static {
        WORKLOADS.put("W1", () -> new GemmWorkload(THREADS.stream().mapToInt(Integer::intValue).toArray()));
        // W2-W7 train and generate at the spec's 2 threads.
        WORKLOADS.put("W2", () -> new MlpWorkload(2));
        WORKLOADS.put("W3", () -> new CnnWorkload(2));
        WORKLOADS.put("W4", () -> new LstmWorkload(2));
        WORKLOADS.put("W5", () -> new GptTrainWorkload(2));
        WORKLOADS.put("W6", () -> new GptGenerateWorkload(2));
        WORKLOADS.put("W7", () -> new FashionWorkload(2));
    }

    private Bench() {
    }

    /** The ids of the workloads this bench implements. */
    public static List<String> available() {
        return List.copyOf(WORKLOADS.keySet());
    }

    /**
     * The workload id for {@code name}: an id ({@code W1}, case-insensitive) or a name such as
     * {@code gemm}, {@code mlp}, {@code cnn}, {@code lstm}, {@code gpt-train}, {@code gpt-generate},
     * {@code fashion}; null when it names no workload.
     */
    public static String resolve(String name) {
        String key = name.trim().toUpperCase(Locale.ROOT);
        String id = ALIASES.getOrDefault(key, key);
        return WORKLOADS.containsKey(id) ? id : null;
    }

    /** The names {@link #resolve} accepts, for messages: ids and aliases. */
    public static String accepted() {
        List<String> names = new ArrayList<>(available());
        ALIASES.keySet().stream().sorted().map(a -> a.toLowerCase(Locale.ROOT)).forEach(names::add);
        return String.join(", ", names);
    }

    /**
     * Runs {@code workloads} (ids such as W1; empty means all) and prints a table, or one JSON
     * document when {@code json} is set; progress goes to stderr. Unless {@code peer} is
     * {@link Peer#NONE} the reference runs too, its repetitions alternating with Cambium's. Returns a
     * process exit status: 0, or 2 for an unknown workload.
     */
    public static int run(List<String> workloads, boolean json, Peer peer, PrintStream out) {
        return run(workloads, json, peer, null, out);
    }

    /**
     * As {@link #run(List, boolean, Peer, PrintStream)}, with the reference run by the Python
     * interpreter {@code python} (a command or path; null: {@value Reference#PYTHON_VARIABLE}
     * from the environment, else {@code /usr/bin/python3}, else {@code python3}).
     */
    public static int run(List<String> workloads, boolean json, Peer peer, String python, PrintStream out) {
        return run(workloads, json, peer, python, Runner.REPS, out);
    }

    static int run(List<String> workloads, boolean json, Peer peer, String python, int reps, PrintStream out) {
        boolean vsTorch = peer != Peer.NONE;
        List<String> ids = new ArrayList<>();
        for (String w : workloads.isEmpty() ? available() : workloads) {
            String id = resolve(w);
            if (id == null) {
                System.err.println("bench: unknown workload '" + w + "'; available: " + accepted());
                return 2;
            }
            if (!ids.contains(id)) {
                ids.add(id);
            }
        }
        Reference ref = vsTorch ? Reference.locate(reps, peer.environment(), Reference.interpreter(python, System.getenv()))
                : Reference.disabled("not requested");
        Runner runner = new Runner(reps);
        ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode doc = mapper.createObjectNode();
        doc.put("kernels", Kernels.describe());
        doc.put("java", System.getProperty("java.vm.name") + " " + Runtime.version());
        doc.put("cpus", Runtime.getRuntime().availableProcessors());
        CpuInfo cpu = CpuInfo.current();
        ObjectNode machine = doc.putObject("machine");
        machine.put("cpu_model", cpu.model());
        machine.put("cpu_vector_flags", cpu.vectorFlags());
        machine.put("vector_bits", Kernels.gemm().vectorBits());
        machine.put("gemm", Kernels.describe());
        doc.put("reps", reps);
        doc.put("vs", peer.label());
        if (ref.unavailableReason() != null) {
            doc.put("reference_unavailable", ref.unavailableReason());
        }
        ArrayNode results = doc.putArray("workloads");
        if (!json) {
            out.printf("Cambium bench: kernels %s, %s, %d repetitions (median), vs %s%n",
                    Kernels.describe(), "Java " + Runtime.version(), reps, peer.label());
            out.printf("CPU: %s (%s)%n", cpu.model() != null ? cpu.model() : "unknown", cpu.vectorFlags());
            if (vsTorch && ref.unavailableReason() != null) {
                out.println("reference unavailable: " + ref.unavailableReason());
            }
        }
        for (String id : ids) {
            Workload w = WORKLOADS.get(id).get();
            w.prepare(ref);
            // Each workload's peak is its own, not the largest of the workloads run before it, nor
            // the heap they grew (the reference runs each workload in a fresh process).
            PeakMemory.releaseFreeHeap();
            PeakMemory.reset();
            List<Measurement> mine = new ArrayList<>();
            boolean interleaved = vsTorch && w.interleaved();
            List<BenchCase> cases = w.cases();
            Reference.Result theirs;
            try (ReferenceSessions sessions = interleaved ? ReferenceSessions.of(ref, id) : null) {
                for (BenchCase c : cases) {
                    Measurement m = runner.measure(c, sessions != null ? sessions.forThreads(c.threads()) : null).cambium();
                    System.err.printf(Locale.ROOT, "[cambium] %s %s: %.2f %s%n", id, m.name(), m.median(), m.unit());
                    mine.add(m);
                }
                theirs = interleaved ? sessions.finish()
                        : vsTorch ? ref.run(id, cases.stream().map(BenchCase::threads).distinct().toList(), w.referenceArgs())
                        : Reference.Result.unavailable("not requested");
            }
            long myPeak = PeakMemory.peakRssKb();
            ObjectNode wn = results.addObject();
            wn.put("id", id);
            wn.put("title", w.title());
            if (w.stream() != null) {
                wn.put("stream", w.stream());
            }
            wn.put("interleaved", interleaved && theirs.available());
            wn.put("cambium_peak_rss_kb", myPeak);
            if (theirs.available()) {
                wn.put("reference_peak_rss_kb", theirs.peakRssKb());
                if (theirs.stream() != null) {
                    wn.put("reference_stream", theirs.stream());
                }
                ObjectNode libs = wn.putObject("reference_libraries");
                theirs.libraries().forEach(libs::put);
            } else {
                wn.put("reference_unavailable", theirs.unavailable());
            }
            ArrayNode caseNodes = wn.putArray("cases");
            if (!json) {
                out.printf("%n%s %s%n", id, w.title());
                if (w.stream() != null) {
                    out.printf("  random stream: Cambium: %s; reference: %s%n", w.stream(),
                            theirs.stream() != null ? theirs.stream() : theirs.available() ? "not reported" : "-");
                }
                out.printf("  %-22s %12s %12s %8s  %s%n", "case", "cambium", "reference", "ratio", "unit");
            }
            List<String> notes = new ArrayList<>();
            for (Measurement m : mine) {
                Measurement r = theirs.cases().get(m.name());
                ObjectNode cn = caseNode(caseNodes.addObject(), m, r, theirs.threadChecks().get(m.name()));
                if (!json) {
                    String ratio = "-";
                    if (cn.hasNonNull("ratio")) {
                        boolean marked = cn.has("reference_threads_problem");
                        ratio = String.format(Locale.ROOT, "%.2f", cn.get("ratio").asDouble()) + (marked ? "?" : "");
                    } else if (cn.has("ratio_refused")) {
                        ratio = "refused";
                    }
                    if (cn.has("reference_threads_problem")) {
                        notes.add(m.name() + ": " + cn.get("reference_threads_problem").asText());
                    }
                    out.printf(Locale.ROOT, "  %-22s %12.2f %12s %8s  %s%n", m.name(), m.median(),
                            r == null ? "-" : String.format(Locale.ROOT, "%.2f", r.median()), ratio, m.unit());
                }
            }
            if (!json) {
                for (String n : notes) {
                    out.println("  ? " + n);
                }
                if (!theirs.libraries().isEmpty()) {
                    out.println("  reference: " + describe(theirs.libraries()));
                }
            }
            if (!json) {
                out.printf(Locale.ROOT, "  peak RSS: cambium %s, reference %s%n", mib(myPeak),
                        theirs.available() ? mib(theirs.peakRssKb()) : "unavailable (" + theirs.unavailable() + ")");
            }
        }
        if (json) {
            try {
                out.println(mapper.writeValueAsString(doc));
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new UncheckedIOException(e);
            }
        }
        out.flush();
        return 0;
    }

    /**
     * Fills {@code cn} with one case: Cambium's figure, the reference's {@code r} (may be null) and
     * their ratio, and the reference's thread check. A reference figure whose thread counts
     * contradict the case's is refused ({@code "ratio": null}, {@code "ratio_refused"}: why); one
     * whose counts could not be verified keeps its ratio, marked by
     * {@code "reference_threads_problem"}.
     */
    static ObjectNode caseNode(ObjectNode cn, Measurement m, Measurement r, ThreadCheck check) {
        cn.put("name", m.name());
        cn.put("unit", m.unit());
        cn.put("threads", m.threads());
        cn.put("cambium", m.median());
        ArrayNode reps1 = cn.putArray("cambium_reps");
        m.reps().forEach(reps1::add);
        if (r == null) {
            cn.putNull("reference");
            cn.putNull("ratio");
            return cn;
        }
        cn.put("reference", r.median());
        String problem = ThreadCheck.problem(check, m.threads());
        if (check != null && check.contradicts()) {
            cn.putNull("ratio");
            cn.put("ratio_refused", problem);
        } else {
            cn.put("ratio", Measurement.ratio(m, r));
        }
        if (problem != null) {
            cn.put("reference_threads_problem", problem);
        }
        if (check != null) {
            ObjectNode t = cn.putObject("reference_threads");
            t.put("requested", check.requested());
            putCount(t, "blas", check.blas());
            putCount(t, "openmp", check.openmp());
            putCount(t, "torch", check.torch());
            t.put("how", check.how());
            t.put("verified", check.verified());
        }
        ArrayNode reps2 = cn.putArray("reference_reps");
        r.reps().forEach(reps2::add);
        return cn;
    }

    private static void putCount(ObjectNode n, String key, Integer value) {
        if (value == null) {
            n.putNull(key);
        } else {
            n.put(key, value);
        }
    }

    /** The reference's libraries in one line, e.g. {@code python 3.11.2, numpy 1.24.2, blas openblas 0.3.21 SkylakeX}. */
    static String describe(Map<String, String> libraries) {
        List<String> parts = new ArrayList<>();
        for (String key : List.of("python", "numpy", "torch", "blas", "torch_cpu_capability")) {
            String v = libraries.get(key);
            if (v != null) {
                parts.add((key.equals("torch_cpu_capability") ? "torch CPU capability" : key) + " " + v);
            }
        }
        return String.join(", ", parts);
    }

    private static String mib(long kb) {
        return kb < 0 ? "n/a" : String.format(Locale.ROOT, "%.0f MiB", kb / 1024.0);
    }

    /**
     * Command line: {@code [--workloads W1,...] [--json] [--vs none|torch|torch-tuned] [--python PYTHON] [--reps N]}. Needs
     * {@code --add-modules jdk.incubator.vector} for the Vector API kernels.
     */
    public static void main(String[] args) {
        List<String> workloads = new ArrayList<>();
        boolean json = false;
        Peer peer = Peer.TORCH;
        int reps = Runner.REPS;
        String python = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--workloads" -> {
                    if (i + 1 >= args.length) {
                        usage("--workloads needs a value");
                    }
                    for (String w : args[++i].split(",")) {
                        if (!w.isBlank()) {
                            workloads.add(w);
                        }
                    }
                }
                case "--json" -> json = true;
                case "--python" -> {
                    if (i + 1 >= args.length) {
                        usage("--python needs an interpreter");
                    }
                    python = args[++i];
                }
                case "--no-reference" -> peer = Peer.NONE;
                case "--vs" -> {
                    if (i + 1 >= args.length || Peer.of(args[i + 1]) == null) {
                        usage("--vs needs one of none, torch, torch-tuned");
                    }
                    peer = Peer.of(args[++i]);
                }
                case "--reps" -> {
                    if (i + 1 >= args.length) {
                        usage("--reps needs a value");
                    }
                    reps = Integer.parseInt(args[++i]);
                }
                case "-h", "--help" -> {
                    usage(null);
                }
                default -> usage("unknown argument '" + args[i] + "'");
            }
        }
        System.exit(run(workloads, json, peer, python, reps, System.out));
    }

    private static void usage(String error) {
        if (error != null) {
            System.err.println("bench: " + error);
        }
        System.err.println("usage: Bench [--workloads " + String.join(",", available())
                + "] [--json] [--vs none|torch|torch-tuned] [--no-reference] [--python PYTHON] [--reps N]");
        System.exit(error == null ? 0 : 2);
    }
}
