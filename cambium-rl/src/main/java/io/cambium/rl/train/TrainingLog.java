package io.cambium.rl.train;

import io.cambium.plot.XYChart;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What happened in training, against environment steps: the return and length of every finished
 * episode (undiscounted, unnormalized), periodic evaluations, training metrics (losses, exploration
 * rate, ...) averaged over windows of {@link #METRIC_WINDOW} steps, the wall time, and the step
 * at which an evaluation first reached the solving threshold. Saved with the agent.
 */
public final class TrainingLog {
    /** Metrics are averaged over windows of this many environment steps. */
    public static final long METRIC_WINDOW = 1000;

    /** A finished training episode. */
    public record Episode(long step, double episodeReturn, int length) {
    }

    /** A periodic evaluation: mean and standard deviation of the return over its episodes. */
    public record Evaluation(long step, double mean, double std, int episodes, double seconds) {
    }

    /** One metric point: the mean of a metric over a window ending at {@code step}. */
    public record Point(long step, double value) {
    }

    private final List<Episode> episodes = new ArrayList<>();
    private final List<Evaluation> evaluations = new ArrayList<>();
    private final Map<String, List<Point>> metrics = new LinkedHashMap<>();
    private final Map<String, double[]> pending = new LinkedHashMap<>();
    private long pendingWindow = -1;
    private double seconds;
    private long clockStart = -1;
    private Long solvedStep;
    private Double solvedSeconds;

    /** Records a finished episode. */
    public void addEpisode(long step, double episodeReturn, int length) {
        episodes.add(new Episode(step, episodeReturn, length));
    }

    /** Records an evaluation. */
    public void addEvaluation(long step, double mean, double std, int n) {
        evaluations.add(new Evaluation(step, mean, std, n, seconds()));
    }

    /** Adds a metric value observed at {@code step} to its window's average. */
    public void addMetric(String name, long step, double value) {
        long window = step / METRIC_WINDOW;
        if (window != pendingWindow) {
            flushMetrics();
            pendingWindow = window;
        }
        double[] acc = pending.computeIfAbsent(name, k -> new double[2]);
        acc[0] += value;
        acc[1]++;
    }

    /** Closes the current metric window (called at the end of each {@code learn}). */
    public void flushMetrics() {
        if (pendingWindow >= 0) {
            long end = (pendingWindow + 1) * METRIC_WINDOW;
            pending.forEach((k, v) -> metrics.computeIfAbsent(k, x -> new ArrayList<>()).add(new Point(end, v[0] / v[1])));
        }
        pending.clear();
        pendingWindow = -1;
    }

    /** Starts counting wall time (at the start of {@code learn}). */
    public void startClock() {
        if (clockStart < 0) {
            clockStart = System.nanoTime();
        }
    }

    /** Stops counting wall time. */
    public void stopClock() {
        if (clockStart >= 0) {
            seconds += (System.nanoTime() - clockStart) / 1e9;
            clockStart = -1;
        }
    }

    /** Training wall time so far, in seconds (including evaluations run by callbacks). */
    public double seconds() {
        return seconds + (clockStart >= 0 ? (System.nanoTime() - clockStart) / 1e9 : 0);
    }

    /** Marks the step at which the task was first solved (kept if already set). */
    public void markSolved(long step) {
        if (solvedStep == null) {
            solvedStep = step;
            solvedSeconds = seconds();
        }
    }

    /** The step at which an evaluation first reached the threshold, or {@code null}. */
    public Long solvedStep() {
        return solvedStep;
    }

    /** The wall time at which the task was first solved, or {@code null}. */
    public Double solvedSeconds() {
        return solvedSeconds;
    }

    /** The finished episodes. */
    public List<Episode> episodes() {
        return List.copyOf(episodes);
    }

    /** The evaluations. */
    public List<Evaluation> evaluations() {
        return List.copyOf(evaluations);
    }

    /** The metric series by name. */
    public Map<String, List<Point>> metrics() {
        Map<String, List<Point>> m = new LinkedHashMap<>();
        metrics.forEach((k, v) -> m.put(k, List.copyOf(v)));
        return m;
    }

    /** The mean return of the last {@code n} training episodes (NaN before the first). */
    public double meanRecentReturn(int n) {
        if (episodes.isEmpty()) {
            return Double.NaN;
        }
        double s = 0;
        int from = Math.max(0, episodes.size() - n);
        for (int i = from; i < episodes.size(); i++) {
            s += episodes.get(i).episodeReturn();
        }
        return s / (episodes.size() - from);
    }

    /**
     * Writes the learning curves: training episode returns with their running mean over 100
     * episodes and the evaluations (with the threshold when given) against environment steps,
     * and a second panel with the training metrics when there are any.
     */
    public void writePng(Path png, String title, Double threshold) {
        List<XYChart.Series> ret = new ArrayList<>();
        int n = episodes.size();
        double[] x = new double[n];
        double[] y = new double[n];
        double[] avg = new double[n];
        double sum = 0;
        for (int i = 0; i < n; i++) {
            x[i] = episodes.get(i).step();
            y[i] = episodes.get(i).episodeReturn();
            sum += y[i];
            if (i >= 100) {
                sum -= y[i - 100];
            }
            avg[i] = sum / Math.min(i + 1, 100);
        }
        ret.add(new XYChart.Series("training episode return", x, y, XYChart.Style.THIN));
        ret.add(new XYChart.Series("mean of last 100 episodes", x, avg, XYChart.Style.LINE));
        if (!evaluations.isEmpty()) {
            double[] ex = new double[evaluations.size()];
            double[] ey = new double[evaluations.size()];
            for (int i = 0; i < ex.length; i++) {
                ex[i] = evaluations.get(i).step();
                ey[i] = evaluations.get(i).mean();
            }
            ret.add(new XYChart.Series("evaluation mean return", ex, ey, XYChart.Style.MARKERS));
        }
        if (threshold != null && n > 0) {
            double last = Math.max(x[n - 1], evaluations.isEmpty() ? 0 : evaluations.get(evaluations.size() - 1).step());
            ret.add(new XYChart.Series("threshold " + threshold, new double[] {0, last}, new double[] {threshold, threshold},
                    XYChart.Style.DASHED));
        }
        List<XYChart.Panel> panels = new ArrayList<>();
        panels.add(new XYChart.Panel("return", "environment steps", "return", ret));
        Map<String, List<Point>> ms = metrics();
        if (!ms.isEmpty()) {
            List<XYChart.Series> ls = new ArrayList<>();
            ms.forEach((k, v) -> {
                double[] mx = new double[v.size()];
                double[] my = new double[v.size()];
                for (int i = 0; i < v.size(); i++) {
                    mx[i] = v.get(i).step();
                    my[i] = v.get(i).value();
                }
                ls.add(new XYChart.Series(k, mx, my, XYChart.Style.LINE));
            });
            panels.add(new XYChart.Panel("training metrics", "environment steps", "value", ls));
        }
        XYChart.write(title, panels, png);
    }

    /** A JSON-compatible form, for saving with the agent. */
    public Map<String, Object> toConfig() {
        flushMetrics();
        Map<String, Object> c = new LinkedHashMap<>();
        List<List<Object>> eps = new ArrayList<>();
        for (Episode e : episodes) {
            eps.add(List.of(e.step(), e.episodeReturn(), e.length()));
        }
        List<List<Object>> evs = new ArrayList<>();
        for (Evaluation e : evaluations) {
            evs.add(List.of(e.step(), e.mean(), e.std(), e.episodes(), e.seconds()));
        }
        Map<String, Object> ms = new LinkedHashMap<>();
        metrics.forEach((k, v) -> {
            List<List<Object>> pts = new ArrayList<>();
            for (Point p : v) {
                pts.add(List.of(p.step(), p.value()));
            }
            ms.put(k, pts);
        });
        c.put("episodes", eps);
        c.put("evaluations", evs);
        c.put("metrics", ms);
        c.put("seconds", seconds());
        c.put("solved_step", solvedStep);
        c.put("solved_seconds", solvedSeconds);
        return c;
    }

    /**
     * The log saved by {@link #toConfig()}.
     *
     * @throws IllegalArgumentException when an entry is malformed
     */
    public static TrainingLog fromConfig(Map<String, Object> c) {
        TrainingLog log = new TrainingLog();
        try {
            for (Object o : (List<?>) c.get("episodes")) {
                List<?> e = (List<?>) o;
                log.addEpisode(num(e.get(0)).longValue(), num(e.get(1)).doubleValue(), num(e.get(2)).intValue());
            }
            for (Object o : (List<?>) c.get("evaluations")) {
                List<?> e = (List<?>) o;
                log.evaluations.add(new Evaluation(num(e.get(0)).longValue(), num(e.get(1)).doubleValue(),
                        num(e.get(2)).doubleValue(), num(e.get(3)).intValue(), num(e.get(4)).doubleValue()));
            }
            for (Map.Entry<?, ?> m : ((Map<?, ?>) c.get("metrics")).entrySet()) {
                List<Point> pts = new ArrayList<>();
                for (Object o : (List<?>) m.getValue()) {
                    List<?> p = (List<?>) o;
                    pts.add(new Point(num(p.get(0)).longValue(), num(p.get(1)).doubleValue()));
                }
                log.metrics.put((String) m.getKey(), pts);
            }
            log.seconds = num(c.get("seconds")).doubleValue();
            log.solvedStep = c.get("solved_step") == null ? null : num(c.get("solved_step")).longValue();
            log.solvedSeconds = c.get("solved_seconds") == null ? null : num(c.get("solved_seconds")).doubleValue();
        } catch (ClassCastException | NullPointerException | IndexOutOfBoundsException e) {
            throw new IllegalArgumentException("training log is malformed: " + e.getMessage(), e);
        }
        return log;
    }

    private static Number num(Object o) {
        if (!(o instanceof Number n)) {
            throw new ClassCastException("expected a number, got " + o);
        }
        return n;
    }
}
