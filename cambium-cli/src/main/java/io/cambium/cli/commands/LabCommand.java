package io.cambium.cli.commands;

import io.cambium.cli.Main;
import io.cambium.cli.UserError;
import io.cambium.lab.Awaited;
import io.cambium.lab.Experiment;
import io.cambium.lab.Lab;
import io.cambium.lab.LabRunner;
import io.cambium.lab.Mode;
import io.cambium.lab.ResultStore;
import io.cambium.lab.report.ReportWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.concurrent.Callable;

/** The lab: one measured experiment per seed question, and the HTML report of their results. */
@Command(name = "lab", mixinStandardHelpOptions = true,
        description = "Answer the seed questions with measured experiments: list, run, report.",
        subcommands = {LabCommand.ListCommand.class, LabCommand.RunCommand.class, LabCommand.ReportCommand.class})
public final class LabCommand implements Runnable {
    /** Where results and the site go unless --out says otherwise. */
    static final String DEFAULT_OUT = "cambium-output/lab";

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** {@code cambium lab list}. */
    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "List the experiments and the questions still waiting for another issue.")
    public static final class ListCommand implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            List<Experiment> all = Lab.experiments();
            out.println(all.size() + " experiments (run one with 'cambium lab run ID [--quick]'):");
            for (Experiment e : all) {
                List<String> qs = new ArrayList<>();
                for (int q : e.questions()) {
                    qs.add(q == 0 ? "title" : Integer.toString(q));
                }
                out.printf("  %-5s  questions %-9s %s%n", e.id(), String.join(",", qs), e.title());
            }
            List<Awaited> waiting = Lab.awaited();
            if (!waiting.isEmpty()) {
                out.println("missing (another issue delivers them):");
                for (Awaited a : waiting) {
                    out.printf("  %-12s issue %d, %s: %s%n", String.join(",", a.keys()), a.issue(), a.module(), a.what());
                }
            }
            out.flush();
            return 0;
        }
    }

    /** {@code cambium lab run q07 [--quick] [--seed N]} or {@code --all}. */
    @Command(name = "run", mixinStandardHelpOptions = true,
            description = "Run experiments and save their results (JSON and PNG) for the report.")
    public static final class RunCommand implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(arity = "0..*", paramLabel = "ID", description = "Question ids: q07, Q7 or 7; title for the bank's title.")
        List<String> ids = new ArrayList<>();

        @Option(names = "--all", description = "Run every experiment.")
        boolean all;

        @Option(names = "--quick", description = "The short version (about 30 s each) instead of the full one (up to 5 min).")
        boolean quick;

        @Option(names = "--seed", defaultValue = "42", description = "Seed of data draws and initial weights (default ${DEFAULT-VALUE}).")
        long seed;

        @Option(names = {"-o", "--out"}, defaultValue = DEFAULT_OUT,
                description = "Output directory; results go to OUT/results (default ${DEFAULT-VALUE}).")
        Path out;

        @Option(names = "--report", description = "Rebuild the HTML report (OUT/site) after the runs.")
        boolean report;

        @Override
        public Integer call() {
            if (all == !ids.isEmpty()) {
                throw new UserError(all ? "give either question ids or --all, not both"
                        : "name the questions to run (e.g. 'cambium lab run q05') or use --all; see 'cambium lab list'");
            }
            List<Experiment> chosen = new ArrayList<>();
            if (all) {
                chosen.addAll(Lab.experiments());
            } else {
                LinkedHashSet<String> seen = new LinkedHashSet<>();
                for (String id : ids) {
                    Experiment e;
                    try {
                        e = Lab.find(id);
                    } catch (IllegalArgumentException ex) {
                        throw new UserError(ex.getMessage());
                    }
                    if (seen.add(e.id())) {
                        chosen.add(e);
                    }
                }
            }
            PrintWriter w = spec.commandLine().getOut();
            PrintStream ps = Main.printStream(w);
            ResultStore store = new ResultStore(out.resolve("results"));
            LabRunner runner = new LabRunner(store, ps, System.console() != null && ps == System.out);
            List<LabRunner.Outcome> outcomes = runner.run(chosen, quick ? Mode.QUICK : Mode.FULL, seed);
            if (report) {
                writeReport(store, out.resolve("site"), ps);
            }
            ps.flush();
            long failed = outcomes.stream().filter(o -> !o.ok()).count();
            return failed == 0 ? 0 : Main.INTERNAL_ERROR;
        }
    }

    /** {@code cambium lab report}. */
    @Command(name = "report", mixinStandardHelpOptions = true,
            description = "Write the static HTML site from the saved results (nothing is rerun).")
    public static final class ReportCommand implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = {"-o", "--out"}, defaultValue = DEFAULT_OUT,
                description = "Lab directory: results are read from OUT/results, the site written to OUT/site "
                        + "(default ${DEFAULT-VALUE}).")
        Path out;

        @Override
        public Integer call() {
            PrintStream ps = Main.printStream(spec.commandLine().getOut());
            writeReport(new ResultStore(out.resolve("results")), out.resolve("site"), ps);
            ps.flush();
            return 0;
        }
    }

    static void writeReport(ResultStore store, Path site, PrintStream out) {
        int runs = store.loadAll().size();
        List<Path> pages = new ReportWriter(store).write(site);
        out.println("lab report: " + pages.size() + " pages from " + runs + " saved results -> "
                + site.resolve("index.html"));
    }
}
