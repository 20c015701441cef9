package io.cambium.lab;

import io.cambium.Cambium;

import java.io.PrintStream;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs experiments one after the other, shows their progress and the time left, prints their
 * conclusions and saves each result in a {@link ResultStore}. A failing experiment is reported and
 * the others still run.
 */
public final class LabRunner {
    /** What happened to one experiment: its saved run, or the error that stopped it. */
    public record Outcome(Experiment experiment, StoredRun run, Throwable error, double seconds) {
        /** Whether the experiment finished and was saved. */
        public boolean ok() {
            return error == null;
        }
    }

    private final ResultStore store;
    private final PrintStream out;
    private final boolean console;

    /** A runner saving to {@code store} and printing to {@code out}; {@code console} redraws bars in place. */
    public LabRunner(ResultStore store, PrintStream out, boolean console) {
        this.store = store;
        this.out = out;
        this.console = console;
    }

    /** Runs {@code experiments} in {@code mode} with {@code seed}; returns one outcome each, in order. */
    public List<Outcome> run(List<Experiment> experiments, Mode mode, long seed) {
        List<Outcome> outcomes = new ArrayList<>();
        long start = System.nanoTime();
        for (int i = 0; i < experiments.size(); i++) {
            Experiment e = experiments.get(i);
            String count = experiments.size() > 1 ? "[" + (i + 1) + "/" + experiments.size() + "] " : "";
            String eta = "";
            if (i > 0) {
                double spent = (System.nanoTime() - start) / 1e9;
                eta = "  (all: " + Fmt.clock(spent) + " elapsed, ~" + Fmt.clock(spent / i * (experiments.size() - i))
                        + " left)";
            }
            out.println(count + e.id() + " " + e.title() + " - " + mode.label() + " mode, seed " + seed + eta);
            outcomes.add(runOne(e, mode, seed));
        }
        if (experiments.size() > 1) {
            double total = (System.nanoTime() - start) / 1e9;
            out.println();
            out.println("lab: " + outcomes.stream().filter(Outcome::ok).count() + " of " + outcomes.size()
                    + " experiments finished in " + Fmt.clock(total) + " (" + Fmt.num(total, 1) + " s)");
            for (Outcome o : outcomes) {
                out.println(String.format(java.util.Locale.ROOT, "  %s %6.1f s %7.1f CPU-s  %s", o.experiment().id(),
                        o.seconds(), o.run() == null ? Double.NaN : o.run().cpuSeconds(),
                        o.ok() ? "ok" : "FAILED: " + o.error()));
            }
        }
        out.flush();
        return outcomes;
    }

    private Outcome runOne(Experiment e, Mode mode, long seed) {
        ConsoleProgress display = new ConsoleProgress(out, e.id(), console);
        Progress progress = new Progress(display);
        String startedAt = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
        double loadBefore = Environment.loadAverage();
        double cpu0 = Environment.processCpuSeconds();
        long t0 = System.nanoTime();
        Cambium.seed(seed);
        try {
            Result r = e.run(mode, seed, progress);
            double seconds = (System.nanoTime() - t0) / 1e9;
            double cpu = Environment.processCpuSeconds() - cpu0;
            display.finish();
            StoredRun run = store.save(e, mode, seed, startedAt, seconds, cpu, loadBefore, Environment.loadAverage(), r);
            for (Table t : r.tables()) {
                out.print(indent(t.toString()));
            }
            for (Finding f : r.findings()) {
                out.println("  * " + f.text() + switch (f.verdict()) {
                    case SUPPORTED -> "  [supports: " + f.claim() + "]";
                    case NOT_SUPPORTED -> "  [does NOT support: " + f.claim() + "]";
                    case OBSERVED -> "";
                });
            }
            out.println("  " + e.id() + " finished in " + Fmt.num(seconds, 1) + " s (" + Fmt.num(cpu, 1) + " CPU-s, load "
                    + Fmt.f2(loadBefore) + "); saved "
                    + store.dir().resolve(e.id() + "-" + mode.label() + ".json"));
            out.println();
            return new Outcome(e, run, null, seconds);
        } catch (RuntimeException | Error ex) {
            double seconds = (System.nanoTime() - t0) / 1e9;
            display.finish();
            if (ex instanceof VirtualMachineError vm && !(vm instanceof OutOfMemoryError)) {
                throw vm;
            }
            out.println("  " + e.id() + " FAILED after " + Fmt.num(seconds, 1) + " s: " + ex);
            out.println();
            return new Outcome(e, null, ex, seconds);
        }
    }

    private static String indent(String s) {
        StringBuilder sb = new StringBuilder();
        for (String line : s.split("\n")) {
            sb.append("  ").append(line).append('\n');
        }
        return sb.toString();
    }
}
