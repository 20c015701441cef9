package io.cambium.bench.tokenizer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cambium.llm.corpus.Corpora;
import io.cambium.llm.tokenizer.ByteLevelBpeTokenizer;
import io.cambium.llm.tokenizer.Utf8;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Encoding throughput of Cambium's GPT-2 tokenizer against the npm package {@code gpt-3-encoder}
 * under node, on the same text in the same run: each side encodes the text line by line, and
 * their timed passes alternate (Cambium first in even passes, node first in odd ones), so both
 * meet the same moments of a host whose speed drifts. The median pass of each gives MB/s (UTF-8
 * bytes). Both sides also fold their ids into a checksum, which must agree: the bench checks
 * parity on the whole text too.
 *
 * <pre>
 * cd tools/fixtures/tokenizer &amp;&amp; npm ci &amp;&amp; cd -      # once: installs gpt-3-encoder
 * ./cambium tokenizer bench [--text FILE] [--reps 5]
 * </pre>
 *
 * Without {@code --text} the text is the English fortunes, the classical poems and fortunes-zh's
 * {@code chinese} file (whatever of them is installed, else the shipped excerpts). A line-by-line
 * pass keeps the reference linear: its {@code encode} concatenates arrays per piece, so one call
 * on a whole file is quadratic.
 */
public final class TokenizerThroughput {
    private static final String SCRIPT = "/io/cambium/bench/tokenizer/gpt3_encoder_throughput.js";

    private TokenizerThroughput() {
    }

    /** The figures of one run; the node fields are NaN/empty when the reference was unavailable. */
    public record Result(long bytes, int lines, long tokens, List<Double> cambiumSeconds, List<Double> nodeSeconds,
                         String nodeVersion, String unavailable, boolean checksumsAgree) {
        public double cambiumMBps() {
            return bytes / 1e6 / median(cambiumSeconds);
        }

        public double nodeMBps() {
            return nodeSeconds.isEmpty() ? Double.NaN : bytes / 1e6 / median(nodeSeconds);
        }
    }

    /** The default text: the corpora of cambium-llm, written to a temporary file. */
    public static Path defaultText() throws IOException {
        StringBuilder sb = new StringBuilder();
        sb.append(Corpora.englishFortunes().text("\n")).append('\n');
        sb.append(Corpora.classicalPoetry().text());
        try {
            sb.append(Corpora.chineseFortunes().text("\n")).append('\n');
        } catch (IllegalArgumentException e) {
            // fortunes-zh's 'chinese' file is not installed: the text is English and poems only.
        }
        Path f = Files.createTempFile("cambium-tokenizer-bench", ".txt");
        f.toFile().deleteOnExit();
        Files.writeString(f, sb, StandardCharsets.UTF_8);
        return f;
    }

    /** The lines of a text with their line breaks (as JavaScript's {@code split(/(?<=\n)/)}). */
    static List<String> lines(String text) {
        List<String> out = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) == '\n') {
                out.add(text.substring(start, i + 1));
                start = i + 1;
            }
        }
        if (start < text.length() || out.isEmpty()) {
            out.add(text.substring(start));
        }
        return out;
    }

    /**
     * Runs the measurement and prints it.
     *
     * @param nodeModules the {@code node_modules} directory holding {@code gpt-3-encoder}
     */
    public static Result run(Path textFile, int reps, Path nodeModules, PrintStream out) throws IOException, InterruptedException {
        String text = Utf8.readFile(textFile);
        long bytes = text.getBytes(StandardCharsets.UTF_8).length;
        List<String> lines = lines(text);
        ByteLevelBpeTokenizer gpt2 = ByteLevelBpeTokenizer.gpt2();
        Node node = Node.start(textFile, nodeModules);
        List<Double> cambium = new ArrayList<>();
        List<Double> reference = new ArrayList<>();
        long[] tokens = new long[1];
        boolean agree = true;
        int checksum = 0;
        // Warm-up: two passes of Cambium (JIT), one of node (its JIT and merge cache).
        for (int w = 0; w < 2; w++) {
            checksum = pass(gpt2, lines, tokens)[0];
        }
        String unavailable = node.unavailable;
        if (node.available()) {
            JsonNode r = node.pass();
            if (r == null) {
                unavailable = node.unavailable;
            } else if (r.get("checksum").intValue() != checksum || r.get("tokens").longValue() != tokens[0]) {
                agree = false;
            }
        }
        for (int rep = 0; rep < reps; rep++) {
            boolean cambiumFirst = rep % 2 == 0;
            for (int side = 0; side < 2; side++) {
                if ((side == 0) == cambiumFirst) {
                    long t0 = System.nanoTime();
                    pass(gpt2, lines, tokens);
                    cambium.add((System.nanoTime() - t0) / 1e9);
                } else if (unavailable == null) {
                    JsonNode r = node.pass();
                    if (r == null) {
                        unavailable = node.unavailable;
                        reference.clear();
                    } else {
                        reference.add(r.get("seconds").doubleValue());
                        agree &= r.get("checksum").intValue() == checksum;
                    }
                }
                Thread.sleep(200); // let the other side's threads settle
            }
        }
        node.close();
        Result res = new Result(bytes, lines.size(), tokens[0], cambium, unavailable == null ? reference : List.of(),
                node.version, unavailable, unavailable == null && agree);
        print(res, textFile, out);
        return res;
    }

    /** One pass; returns the checksum of the ids (as the node script computes it). */
    private static int[] pass(ByteLevelBpeTokenizer gpt2, List<String> lines, long[] tokens) {
        int checksum = 0;
        long n = 0;
        for (String line : lines) {
            int[] ids = gpt2.encode(line);
            for (int id : ids) {
                checksum = checksum * 31 + id;
            }
            n += ids.length;
        }
        tokens[0] = n;
        return new int[] {checksum};
    }

    private static void print(Result r, Path file, PrintStream out) {
        out.printf(Locale.ROOT, "GPT-2 tokenizer encoding: %s, %,d bytes in %,d lines, %,d tokens%n", file, r.bytes(),
                r.lines(), r.tokens());
        out.printf(Locale.ROOT, "CPU %s, %d cores; JDK %s (%s); node %s; load average %s%n", cpuModel(),
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"),
                System.getProperty("java.vm.vendor"), r.nodeVersion() == null ? "-" : r.nodeVersion(), loadAverage());
        out.println("pass  cambium s  gpt-3-encoder s");
        for (int i = 0; i < r.cambiumSeconds().size(); i++) {
            String ref = i < r.nodeSeconds().size() ? String.format(Locale.ROOT, "%.3f", r.nodeSeconds().get(i)) : "-";
            out.printf(Locale.ROOT, "%4d  %9.3f  %15s%n", i + 1, r.cambiumSeconds().get(i), ref);
        }
        if (r.unavailable() != null) {
            out.printf(Locale.ROOT, "cambium: %.2f MB/s; gpt-3-encoder unavailable: %s%n", r.cambiumMBps(), r.unavailable());
            return;
        }
        out.printf(Locale.ROOT, "cambium: %.2f MB/s   gpt-3-encoder: %.3f MB/s   ratio %.1fx   ids %s%n", r.cambiumMBps(),
                r.nodeMBps(), r.cambiumMBps() / r.nodeMBps(), r.checksumsAgree() ? "identical (checksums agree)"
                        : "DIFFER (checksums disagree)");
    }

    static double median(List<Double> v) {
        double[] a = v.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        if (a.length == 0) {
            return Double.NaN;
        }
        return a.length % 2 == 1 ? a[a.length / 2] : (a[a.length / 2 - 1] + a[a.length / 2]) / 2;
    }

    private static String cpuModel() {
        try {
            for (String l : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (l.startsWith("model name")) {
                    return l.substring(l.indexOf(':') + 1).trim();
                }
            }
        } catch (IOException | UncheckedIOException e) {
            // not Linux
        }
        return System.getProperty("os.arch");
    }

    private static String loadAverage() {
        try {
            String[] p = Files.readString(Path.of("/proc/loadavg")).trim().split(" ");
            return p[0] + " " + p[1] + " " + p[2];
        } catch (IOException e) {
            return "unknown";
        }
    }

    /** The node process serving timed passes. */
    private static final class Node {
        private final Process process;
        private final BufferedReader in;
        private final PrintWriter cmd;
        private String unavailable;
        private String version;
        private final ObjectMapper json = new ObjectMapper();

        private Node(Process process, String unavailable) {
            this.process = process;
            this.unavailable = unavailable;
            this.in = process == null ? null
                    : new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            this.cmd = process == null ? null
                    : new PrintWriter(new java.io.OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8), true);
        }

        boolean available() {
            return unavailable == null;
        }

        static Node start(Path textFile, Path nodeModules) throws IOException {
            if (!Files.isDirectory(nodeModules.resolve("gpt-3-encoder"))) {
                return new Node(null, "gpt-3-encoder not found in " + nodeModules
                        + " (run 'npm ci' in tools/fixtures/tokenizer, or pass --node-modules)");
            }
            Path script = Files.createTempFile("gpt3_encoder_throughput", ".js");
            script.toFile().deleteOnExit();
            try (InputStream s = TokenizerThroughput.class.getResourceAsStream(SCRIPT)) {
                Files.copy(s, script, StandardCopyOption.REPLACE_EXISTING);
            }
            ProcessBuilder pb = new ProcessBuilder("node", script.toString(), textFile.toAbsolutePath().toString())
                    .redirectError(ProcessBuilder.Redirect.INHERIT);
            pb.environment().put("NODE_PATH", nodeModules.toAbsolutePath().toString());
            Process p;
            try {
                p = pb.start();
            } catch (IOException e) {
                return new Node(null, "cannot run node: " + e.getMessage());
            }
            Node n = new Node(p, null);
            JsonNode ready = n.read();
            if (ready != null) {
                n.version = ready.path("node").asText();
            }
            return n;
        }

        JsonNode pass() {
            cmd.println("run");
            return read();
        }

        private JsonNode read() {
            try {
                String line = in.readLine();
                if (line == null) {
                    unavailable = "node exited (code " + (process.waitFor(5, TimeUnit.SECONDS) ? process.exitValue() : -1) + ")";
                    return null;
                }
                return json.readTree(line);
            } catch (IOException e) {
                unavailable = "node: " + e.getMessage();
                return null;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                unavailable = "interrupted";
                return null;
            }
        }

        void close() throws InterruptedException {
            if (process != null) {
                cmd.println("quit");
                if (!process.waitFor(10, TimeUnit.SECONDS)) {
                    process.destroy();
                }
            }
        }
    }

    /** {@code TokenizerThroughput [--text FILE] [--reps N] [--node-modules DIR]}. */
    public static void main(String[] args) throws Exception {
        Path text = null;
        int reps = 5;
        Path modules = Path.of("tools/fixtures/tokenizer/node_modules");
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--text" -> text = Path.of(args[++i]);
                case "--reps" -> reps = Integer.parseInt(args[++i]);
                case "--node-modules" -> modules = Path.of(args[++i]);
                default -> throw new IllegalArgumentException("unknown argument " + args[i] + " (expected "
                        + Arrays.asList("--text", "--reps", "--node-modules") + ")");
            }
        }
        run(text == null ? defaultText() : text, reps, modules, System.out);
    }
}
