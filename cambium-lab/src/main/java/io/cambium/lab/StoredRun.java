package io.cambium.lab;

import java.util.List;
import java.util.Map;

/**
 * A finished run as saved to disk: what ran, where and how long, and its result, with the plots as
 * PNG files next to the JSON. The report is rebuilt from these without running anything.
 *
 * @param id          the experiment id ({@code q05})
 * @param questions   the question numbers it answers
 * @param title       the experiment's title
 * @param summary     the question and textbook answer it tests
 * @param mode        quick or full
 * @param seed        the seed
 * @param startedAt   ISO-8601 start time
 * @param seconds     wall time of the run
 * @param cpuSeconds  CPU time the process used during the run (all threads); on a busy machine the
 *                    wall time grows while this stays, so it estimates the wall time on an idle one
 * @param loadBefore  the system load average when it started
 * @param loadAfter   the system load average when it ended
 * @param environment CPU, JDK, kernels
 * @param setup       the setup as run
 * @param tables      the measured tables
 * @param plots       the plot files, relative to the results directory
 * @param findings    the conclusion
 * @param notes       remarks
 * @param source      the experiment's class name
 */
public record StoredRun(String id, List<Integer> questions, String title, String summary, Mode mode, long seed,
        String startedAt, double seconds, double cpuSeconds, double loadBefore, double loadAfter, Map<String, String> environment,
        String setup, List<Table> tables, List<PlotFile> plots, List<Finding> findings, List<String> notes,
        String source) {

    /** A plot saved as a PNG file. */
    public record PlotFile(String file, String caption) {
    }
}
