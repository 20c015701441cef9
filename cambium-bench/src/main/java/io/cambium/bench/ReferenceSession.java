package io.cambium.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One workload of the reference run on request ({@code reference.py --serve}), so that the bench
 * can alternate the two sides' timed repetitions: the reference's process stays alive, idle
 * between requests, for the whole workload. Once the reference fails (it exits, answers with an
 * error or with something that is not the protocol), the session is unavailable and says why;
 * the bench then goes on with Cambium alone.
 */
public final class ReferenceSession implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String workloadId;
    private final Process process;
    private final BufferedReader replies;
    private final Writer requests;
    private final List<String> caseNames = new ArrayList<>();
    private final Map<String, Measurement> measured = new LinkedHashMap<>();
    private final Map<String, ThreadCheck> threadChecks = new LinkedHashMap<>();
    private Map<String, String> libraries = Map.of();
    private String unavailable;
    private String openCase;
    private String openUnit;
    private int openThreads;
    private final List<Double> openFigures = new ArrayList<>();
    private long peakRssKb = -1;
    private boolean finished;

    private ReferenceSession(String workloadId, Process process, String unavailable) {
        this.workloadId = workloadId;
        this.process = process;
        this.unavailable = unavailable;
        this.replies = process == null ? null
                : new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        this.requests = process == null ? null : new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
    }

    /** A session that never runs anything, because the reference cannot: {@code why}. */
    static ReferenceSession unavailable(String workloadId, String why) {
        return new ReferenceSession(workloadId, null, why);
    }

    /**
     * Starts {@code command} (the reference script with {@code --serve}) and waits for its ready
     * line, which comes once its libraries are imported; its log goes to our stderr.
     */
    static ReferenceSession start(String workloadId, List<String> command, Map<String, String> environment) {
        Process p;
        try {
            ProcessBuilder pb = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT);
            pb.environment().putAll(environment);
            p = pb.start();
        } catch (IOException e) {
            return unavailable(workloadId, "reference.py failed to start: " + e.getMessage());
        }
        ReferenceSession s = new ReferenceSession(workloadId, p, null);
        JsonNode ready = s.read("start");
        if (ready != null && !ready.path("ready").asBoolean(false)) {
            s.fail("reference.py --serve began with " + ready + " instead of its ready line");
        }
        if (ready != null && s.unavailable == null) {
            ready.path("cases").forEach(c -> s.caseNames.add(c.asText()));
            s.libraries = Reference.libraries(ready.get("libraries"));
        }
        return s;
    }

    /** Null while the reference answers, else why it does not. */
    public String unavailableReason() {
        return unavailable;
    }

    /** Whether the reference has a case of this name (and still answers). */
    public boolean hasCase(String name) {
        return unavailable == null && caseNames.contains(name);
    }

    /**
     * Has the reference set up and warm up its case {@code name}; false (and nothing opened)
     * when it has no such case or does not answer.
     */
    public boolean openCase(String name, String unit, int threads) {
        if (!hasCase(name)) {
            return false;
        }
        JsonNode opened = request("open", name);
        if (opened == null) {
            return false;
        }
        ThreadCheck check = ThreadCheck.parse(opened.get("threads"));
        if (check != null) {
            threadChecks.put(name, check);
        }
        openCase = name;
        openUnit = unit;
        openThreads = threads;
        openFigures.clear();
        return true;
    }

    /** Runs one timed repetition of the open case; false when the reference failed. */
    public boolean repetition() {
        if (openCase == null || unavailable != null) {
            return false;
        }
        JsonNode r = request("rep", null);
        if (r == null) {
            return false;
        }
        JsonNode figure = r.path("figure");
        if (!figure.isNumber() || !(figure.asDouble() > 0) || Double.isInfinite(figure.asDouble())) {
            fail("reference.py answered a repetition of '" + openCase + "' with " + r);
            return false;
        }
        openFigures.add(figure.asDouble());
        return true;
    }

    /**
     * Closes the open case and returns its measurement, or null when the reference failed during
     * the case (its repetitions so far are dropped: a median of fewer repetitions, taken at other
     * moments than Cambium's, is not a same-run figure).
     */
    public Measurement closeCase() {
        if (openCase == null) {
            return null;
        }
        Measurement m = openFigures.isEmpty() || unavailable != null ? null
                : new Measurement(openCase, openUnit, openThreads, Measurement.median(openFigures), List.copyOf(openFigures));
        if (m != null) {
            measured.put(openCase, m);
        }
        openCase = null;
        if (unavailable == null) {
            request("close", null);
        }
        return m;
    }

    /**
     * Ends the reference's process and returns what it measured: the closed cases' figures and
     * its peak RSS; unavailable with the reason when no case was measured.
     */
    public Reference.Result finish() {
        if (!finished) {
            finished = true;
            if (openCase != null) {
                closeCase();
            }
            if (unavailable == null) {
                JsonNode last = request("quit", null);
                if (last != null) {
                    peakRssKb = last.path("peak_rss_kb").asLong(-1);
                    if (libraries.isEmpty()) {
                        libraries = Reference.libraries(last.get("libraries"));
                    }
                }
            }
            stop();
        }
        if (measured.isEmpty()) {
            return Reference.Result.unavailable(unavailable != null ? unavailable : "reference.py measured no case");
        }
        Map<String, ThreadCheck> checks = new LinkedHashMap<>(threadChecks);
        checks.keySet().retainAll(measured.keySet());
        return new Reference.Result(Map.copyOf(measured), peakRssKb, null, null, checks, libraries);
    }

    /** Ends the reference's process if {@link #finish} has not. */
    @Override
    public void close() {
        finish();
    }

    private JsonNode request(String op, String caseName) {
        if (unavailable != null) {
            return null;
        }
        ObjectNode msg = JSON.createObjectNode().put("op", op);
        if (caseName != null) {
            msg.put("case", caseName);
        }
        try {
            requests.write(JSON.writeValueAsString(msg));
            requests.write('\n');
            requests.flush();
        } catch (IOException e) {
            fail("reference.py stopped reading (" + e.getMessage() + ")");
            return null;
        }
        JsonNode r = read(op + (caseName != null ? " " + caseName : ""));
        if (r != null && r.has("error")) {
            fail("reference.py " + workloadId + " " + op + (caseName != null ? " '" + caseName + "'" : "") + ": "
                    + r.path("error").asText());
            return null;
        }
        return r;
    }

    private JsonNode read(String what) {
        try {
            String line = replies.readLine();
            if (line == null) {
                fail("reference.py exited during '" + what + "'" + exitStatus());
                return null;
            }
            JsonNode r = JSON.readTree(line);
            if (r == null || !r.isObject()) {
                fail("reference.py answered '" + what + "' with " + line);
                return null;
            }
            return r;
        } catch (IOException e) {
            fail("reference.py answered '" + what + "' with something that is not JSON: " + e.getMessage());
            return null;
        }
    }

    private String exitStatus() {
        try {
            if (process.waitFor(10, TimeUnit.SECONDS)) {
                int rc = process.exitValue();
                return rc == 3 ? " (status 3: a library is missing)" : " (status " + rc + ")";
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return "";
    }

    private void fail(String why) {
        if (unavailable == null) {
            unavailable = why;
            System.err.println("[bench] " + workloadId + ": " + why + "; going on with Cambium alone");
        }
        stop();
    }

    private void stop() {
        if (process == null) {
            return;
        }
        try {
            requests.close();
        } catch (IOException ignored) {
            // The process is going away either way.
        }
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
        try {
            replies.close();
        } catch (IOException ignored) {
            // Nothing more is read from it.
        }
    }
}
