package io.cambium.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
        return run(workloads, json, peer, Runner.REPS, out);
    }

    static int run(List<String> workloads, boolean json, Peer peer, int reps, PrintStream out) {
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
        Reference ref = vsTorch ? Reference.locate(reps, peer.environment()) : Reference.disabled("not requested");
        Runner runner = new Runner(reps);
        ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode doc = mapper.createObjectNode();
        doc.put("kernels", Kernels.describe());
        doc.put("java", System.getProperty("java.vm.name") + " " + Runtime.version());
        doc.put("cpus", Runtime.getRuntime().availableProcessors());
        doc.put("reps", reps);
        doc.put("vs", peer.label());
        if (ref.unavailableReason() != null) {
            doc.put("reference_unavailable", ref.unavailableReason());
        }
        ArrayNode results = doc.putArray("workloads");
        if (!json) {
            out.printf("Cambium bench: kernels %s, %s, %d repetitions (median), vs %s%n",
                    Kernels.describe(), "Java " + Runtime.version(), reps, peer.label());
            if (vsTorch && ref.unavailableReason() != null) {
                out.println("reference unavailable: " + ref.unavailableReason());
            }
        }
        for (String id : ids) {
            Workload w = WORKLOADS.get(id).get();
            w.prepare(ref);
            // Each workload's peak is its own, not the largest of the workloads run before it.
            PeakMemory.reset();
            List<Measurement> mine = new ArrayList<>();
            boolean interleaved = vsTorch && w.interleaved();
            Reference.Result theirs;
            try (ReferenceSession session = interleaved ? ref.session(id, THREADS) : null) {
                for (BenchCase c : w.cases()) {
                    Measurement m = runner.measure(c, session).cambium();
                    System.err.printf(Locale.ROOT, "[cambium] %s %s: %.2f %s%n", id, m.name(), m.median(), m.unit());
                    mine.add(m);
                }
                theirs = interleaved ? session.finish() : vsTorch ? ref.run(id, THREADS, w.referenceArgs())
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
            } else {
                wn.put("reference_unavailable", theirs.unavailable());
            }
            ArrayNode cases = wn.putArray("cases");
            if (!json) {
                out.printf("%n%s %s%n", id, w.title());
                if (w.stream() != null) {
                    out.printf("  random stream: Cambium: %s; reference: %s%n", w.stream(),
                            theirs.stream() != null ? theirs.stream() : theirs.available() ? "not reported" : "-");
                }
                out.printf("  %-22s %12s %12s %8s  %s%n", "case", "cambium", "reference", "ratio", "unit");
            }
            for (Measurement m : mine) {
                Measurement r = theirs.cases().get(m.name());
                ObjectNode cn = cases.addObject();
                cn.put("name", m.name());
                cn.put("unit", m.unit());
                cn.put("threads", m.threads());
                cn.put("cambium", m.median());
                ArrayNode reps1 = cn.putArray("cambium_reps");
                m.reps().forEach(reps1::add);
                if (r != null) {
                    cn.put("reference", r.median());
                    cn.put("ratio", Measurement.ratio(m, r));
                    ArrayNode reps2 = cn.putArray("reference_reps");
                    r.reps().forEach(reps2::add);
                } else {
                    cn.putNull("reference");
                    cn.putNull("ratio");
                }
                if (!json) {
                    out.printf(Locale.ROOT, "  %-22s %12.2f %12s %8s  %s%n", m.name(), m.median(),
                            r == null ? "-" : String.format(Locale.ROOT, "%.2f", r.median()),
                            r == null ? "-" : String.format(Locale.ROOT, "%.2f", Measurement.ratio(m, r)), m.unit());
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

    private static String mib(long kb) {
        return kb < 0 ? "n/a" : String.format(Locale.ROOT, "%.0f MiB", kb / 1024.0);
    }

    /**
     * Command line: {@code [--workloads W1,...] [--json] [--vs none|torch|torch-tuned] [--reps N]}. Needs
     * {@code --add-modules jdk.incubator.vector} for the Vector API kernels.
     */
    public static void main(String[] args) {
        List<String> workloads = new ArrayList<>();
        boolean json = false;
        Peer peer = Peer.TORCH;
        int reps = Runner.REPS;
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
        System.exit(run(workloads, json, peer, reps, System.out));
    }

    private static void usage(String error) {
        if (error != null) {
            System.err.println("bench: " + error);
        }
        System.err.println("usage: Bench [--workloads " + String.join(",", available())
                + "] [--json] [--vs none|torch|torch-tuned] [--no-reference] [--reps N]");
        System.exit(error == null ? 0 : 2);
    }
}
