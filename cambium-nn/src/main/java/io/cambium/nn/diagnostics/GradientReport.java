package io.cambium.nn.diagnostics;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The verdict on the gradients of a run (or of one probe): per layer healthy, vanishing,
 * exploding or dead, the evidence, and what to try.
 *
 * <p>The rules, on the measured steps whose gradients are all finite:
 * <ul>
 *   <li><b>vanishing</b>: the layer's gradient RMS (norm per weight) is, at the median measured
 *       step, below {@link #VANISHING_RATIO} of the largest layer's at that step: the signal that
 *       reaches it is orders of magnitude weaker than where it is strongest (for a plain deep
 *       sigmoid network, the layers near the input);</li>
 *   <li><b>exploding</b>: the loss or a gradient became NaN or infinite, or the global gradient
 *       norm grew more than {@link #EXPLOSION_GROWTH} times its value over the first steps; the
 *       layers whose own gradient grew that much (or went non-finite) are named;</li>
 *   <li><b>dead</b>: at the last measured step more than {@link #DEAD_FRACTION} of the layer's
 *       output units were 0 for the whole batch.</li>
 * </ul>
 * The thresholds and the measurements that chose them: docs/decisions/training-diagnostics.md.
 */
public final class GradientReport {
    /** A layer whose gradient RMS is below this fraction of the largest layer's is vanishing. */
    public static final double VANISHING_RATIO = 1e-3;
    /** A gradient norm that grows beyond this factor of its early value is exploding. */
    public static final double EXPLOSION_GROWTH = 1e3;
    /** A layer with more than this fraction of always-zero units is dead. */
    public static final double DEAD_FRACTION = 0.5;
    private static final int EARLY_STEPS = 3;

    /**
     * The verdict on one layer.
     *
     * @param layer the layer's name
     * @param className its class
     * @param health the verdict
     * @param gradRms the median gradient RMS over the measured finite steps (NaN without weights)
     * @param ratioToLargest the median of gradRms over the largest layer's gradRms at the same step
     * @param growth the largest gradRms seen over the first one
     * @param deadFraction the fraction of always-zero units at the last measured step (NaN if unmeasured)
     * @param reason the evidence in words
     */
    public record LayerVerdict(String layer, String className, GradientHealth health, double gradRms,
                               double ratioToLargest, double growth, double deadFraction, String reason) {
    }

    private final GradientHealth overall;
    private final List<LayerVerdict> layers;
    private final int measured;
    private final int steps;
    private final long firstNonFiniteStep;
    private final double earlyNorm;
    private final double peakNorm;
    private final long peakStep;
    private final List<String> advice;

    private GradientReport(GradientHealth overall, List<LayerVerdict> layers, int measured, int steps,
                           long firstNonFiniteStep, double earlyNorm, double peakNorm, long peakStep,
                           List<String> advice) {
        this.overall = overall;
        this.layers = List.copyOf(layers);
        this.measured = measured;
        this.steps = steps;
        this.firstNonFiniteStep = firstNonFiniteStep;
        this.earlyNorm = earlyNorm;
        this.peakNorm = peakNorm;
        this.peakStep = peakStep;
        this.advice = List.copyOf(advice);
    }

    /** The report on measured steps alone (a probe, or records kept elsewhere). */
    public static GradientReport of(List<StepDiagnostics> records) {
        long[] s = new long[records.size()];
        double[] n = new double[records.size()];
        double[] l = new double[records.size()];
        for (int i = 0; i < s.length; i++) {
            s[i] = records.get(i).step();
            n[i] = records.get(i).globalGradNorm();
            l[i] = records.get(i).loss();
        }
        return of(records, s, n, l);
    }

    /**
     * The report on measured steps and on the norm and loss of every step.
     *
     * @param records the measured steps, oldest first
     * @param stepNumbers the number of every step
     * @param norms the global gradient norm of every step
     * @param losses the loss of every step (NaN where unknown)
     */
    public static GradientReport of(List<StepDiagnostics> records, long[] stepNumbers, double[] norms,
                                    double[] losses) {
        // Where the run first went non-finite: records from then on describe the wreck, not the cause.
        long firstBad = -1;
        for (int i = 0; i < stepNumbers.length; i++) {
            if (!Double.isFinite(norms[i]) || (losses.length > i && isBad(losses[i]))) {
                firstBad = stepNumbers[i];
                break;
            }
        }
        // The first few steps' median: the scale the run started at, before any blow-up.
        double[] early = finitePrefix(norms, EARLY_STEPS);
        double earlyNorm = early.length == 0 ? Double.NaN : median(early);
        double peak = Double.NaN;
        long peakStep = -1;
        for (int i = 0; i < norms.length; i++) {
            if (Double.isFinite(norms[i]) && (Double.isNaN(peak) || norms[i] > peak)) {
                peak = norms[i];
                peakStep = stepNumbers[i];
            }
        }
        double growth = earlyNorm > 0 ? peak / earlyNorm : Double.NaN;
        boolean exploding = firstBad >= 0 || growth > EXPLOSION_GROWTH;

        Map<String, List<double[]>> perLayer = new LinkedHashMap<>(); // {rms, ratio}
        Map<String, String> classes = new LinkedHashMap<>();
        Map<String, Boolean> nonFinite = new LinkedHashMap<>();
        Map<String, Double> dead = new LinkedHashMap<>();
        for (StepDiagnostics r : records) {
            double largest = 0;
            boolean finiteRecord = Double.isFinite(r.globalGradNorm());
            for (LayerStats s : r.layers()) {
                classes.putIfAbsent(s.layer(), s.className());
                if (!s.hasWeights()) {
                    continue;
                }
                perLayer.computeIfAbsent(s.layer(), k -> new ArrayList<>());
                if (Double.isInfinite(s.gradNorm())
                        || Double.isNaN(s.gradNorm()) && !Double.isFinite(r.globalGradNorm())) {
                    nonFinite.put(s.layer(), true);
                }
                if (Double.isFinite(s.gradRms())) {
                    largest = Math.max(largest, s.gradRms());
                } else {
                    finiteRecord = false;
                }
            }
            for (LayerStats s : r.layers()) {
                if (!Double.isNaN(s.deadFraction())) {
                    dead.put(s.layer(), s.deadFraction());
                }
                if (finiteRecord && s.hasWeights()) {
                    // Every gradient exactly 0 (all units dead, say) counts as vanished everywhere.
                    perLayer.get(s.layer()).add(new double[] {s.gradRms(), largest > 0 ? s.gradRms() / largest : 0});
                }
            }
        }

        List<LayerVerdict> verdicts = new ArrayList<>();
        List<String> vanishing = new ArrayList<>();
        List<String> explodingLayers = new ArrayList<>();
        List<String> deadLayers = new ArrayList<>();
        int weighted = 0;
        for (Map.Entry<String, String> e : classes.entrySet()) {
            String name = e.getKey();
            List<double[]> obs = perLayer.get(name);
            double deadFraction = dead.getOrDefault(name, Double.NaN);
            boolean isDead = deadFraction > DEAD_FRACTION;
            if (obs == null) {
                // No weights: only the dead-unit verdict applies.
                if (isDead) {
                    deadLayers.add(name);
                    verdicts.add(new LayerVerdict(name, e.getValue(), GradientHealth.DEAD, Double.NaN, Double.NaN,
                            Double.NaN, deadFraction, pct(deadFraction) + " of its units are 0 for every sample"));
                }
                continue;
            }
            weighted++;
            double rms = obs.isEmpty() ? Double.NaN : median(column(obs, 0));
            double ratio = obs.isEmpty() ? Double.NaN : median(column(obs, 1));
            double layerGrowth = obs.isEmpty() || !(obs.get(0)[0] > 0) ? Double.NaN
                    : max(column(obs, 0)) / obs.get(0)[0];
            GradientHealth h;
            String reason;
            if (nonFinite.getOrDefault(name, false) || exploding && layerGrowth > EXPLOSION_GROWTH) {
                h = GradientHealth.EXPLODING;
                reason = nonFinite.getOrDefault(name, false) ? "its gradient became NaN or infinite"
                        : String.format(Locale.ROOT, "its gradient RMS grew %.3g times", layerGrowth);
                explodingLayers.add(name);
            } else if (obs.isEmpty() && !isDead) {
                h = GradientHealth.UNKNOWN;
                reason = "no finite measurement";
            } else if (isDead) {
                // Before vanishing: a dead layer's own gradient is 0 because its units are.
                h = GradientHealth.DEAD;
                reason = pct(deadFraction) + " of its units are 0 for every sample";
                deadLayers.add(name);
            } else if (ratio < VANISHING_RATIO) {
                h = GradientHealth.VANISHING;
                reason = String.format(Locale.ROOT, "gradient RMS %.3g, %.3g of the largest layer's", rms, ratio);
                vanishing.add(name);
            } else {
                h = GradientHealth.HEALTHY;
                reason = String.format(Locale.ROOT, "gradient RMS %.3g, %.3g of the largest layer's", rms, ratio);
            }
            verdicts.add(new LayerVerdict(name, e.getValue(), h, rms, ratio, layerGrowth, deadFraction, reason));
        }

        GradientHealth overall;
        if (exploding) {
            overall = GradientHealth.EXPLODING;
        } else if (!deadLayers.isEmpty()) {
            overall = GradientHealth.DEAD;
        } else if (!vanishing.isEmpty()) {
            overall = GradientHealth.VANISHING;
        } else if (weighted == 0 || records.isEmpty() && norms.length == 0) {
            overall = GradientHealth.UNKNOWN;
        } else {
            overall = GradientHealth.HEALTHY;
        }
        List<String> advice = new ArrayList<>();
        if (exploding) {
            StringBuilder b = new StringBuilder("Gradients explode");
            if (Double.isFinite(growth)) {
                b.append(String.format(Locale.ROOT, ": the global gradient norm grew from %.3g at the start to"
                        + " %.3g at step %d (%.3g times)", earlyNorm, peak, peakStep, growth));
            }
            if (firstBad >= 0) {
                b.append(Double.isFinite(growth) ? " and" : ":").append(" the loss or the gradients became NaN/Inf at step ")
                        .append(firstBad);
            }
            if (!explodingLayers.isEmpty()) {
                b.append(" (layers ").append(String.join(", ", explodingLayers)).append(')');
            }
            b.append(". Try: a learning rate 10 times lower; gradient clipping (optimizer.globalClipNorm(1.0));"
                    + " BatchNormalization; a smaller initialization; checking the data for extreme values."
                    + " AnomalyDetection names the first operation that produced NaN/Inf.");
            advice.add(b.toString());
        }
        if (!vanishing.isEmpty()) {
            advice.add("Gradients vanish in " + vanishing.size() + " of " + weighted + " layers with weights ("
                    + String.join(", ", vanishing) + "): their gradient is less than 1/"
                    + String.format(Locale.ROOT, "%,.0f", 1 / VANISHING_RATIO) + " of the largest layer's, so they"
                    + " hardly learn. Try: ReLU, GELU or SiLU instead of sigmoid/tanh in hidden layers; He"
                    + " initialization for ReLU (Glorot for tanh); BatchNormalization or LayerNormalization"
                    + " between layers; residual connections; fewer layers.");
        }
        if (!deadLayers.isEmpty()) {
            advice.add("Dead units in " + String.join(", ", deadLayers) + ": most of their outputs are 0 for every"
                    + " sample, so no gradient passes. Try: LeakyReLU or ELU; a lower learning rate; He"
                    + " initialization; BatchNormalization before the activation.");
        }
        if (overall == GradientHealth.HEALTHY) {
            advice.add("Gradients are healthy: every layer's gradient is within a factor "
                    + String.format(Locale.ROOT, "%,.0f", 1 / VANISHING_RATIO) + " of the largest, the norm"
                    + " stayed finite and grew less than " + String.format(Locale.ROOT, "%,.0f", EXPLOSION_GROWTH)
                    + " times, and no layer is dead.");
        }
        return new GradientReport(overall, verdicts, records.size(), stepNumbers.length, firstBad, earlyNorm, peak,
                peakStep, advice);
    }

    private static boolean isBad(double loss) {
        return !Double.isFinite(loss);
    }

    private static double[] finitePrefix(double[] v, int n) {
        double[] out = new double[Math.min(n, v.length)];
        int k = 0;
        for (int i = 0; i < v.length && k < out.length; i++) {
            if (Double.isFinite(v[i])) {
                out[k++] = v[i];
            }
        }
        return Arrays.copyOf(out, k);
    }

    private static double[] column(List<double[]> rows, int c) {
        double[] out = new double[rows.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = rows.get(i)[c];
        }
        return out;
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        int n = s.length;
        return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
    }

    private static double max(double[] v) {
        double m = Double.NEGATIVE_INFINITY;
        for (double x : v) {
            m = Math.max(m, x);
        }
        return m;
    }

    private static String pct(double f) {
        return String.format(Locale.ROOT, "%.0f%%", 100 * f);
    }

    /** The verdict on the run as a whole: exploding, else vanishing, else dead, else healthy. */
    public GradientHealth overall() {
        return overall;
    }

    /** One verdict per layer with weights (and per dead layer without), in model order. */
    public List<LayerVerdict> layers() {
        return layers;
    }

    /** The names of the layers with this verdict, in model order. */
    public List<String> layersWith(GradientHealth health) {
        List<String> out = new ArrayList<>();
        for (LayerVerdict v : layers) {
            if (v.health() == health) {
                out.add(v.layer());
            }
        }
        return out;
    }

    /** The first step whose loss or gradient norm was NaN or infinite, or -1. */
    public long firstNonFiniteStep() {
        return firstNonFiniteStep;
    }

    /** The median global gradient norm of the first (up to 3) finite steps. */
    public double earlyGradientNorm() {
        return earlyNorm;
    }

    /** The largest finite global gradient norm seen. */
    public double peakGradientNorm() {
        return peakNorm;
    }

    /** The step of {@link #peakGradientNorm()}. */
    public long peakStep() {
        return peakStep;
    }

    /** What to try, one paragraph per finding. */
    public List<String> advice() {
        return advice;
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "Gradient report: %s (%d measured steps of %d)%n", overall, measured, steps));
        b.append(String.format(Locale.ROOT, "%-24s %-20s %11s %11s %9s %6s  %s%n", "layer", "class", "grad RMS",
                "÷ largest", "growth", "dead", "verdict"));
        for (LayerVerdict v : layers) {
            b.append(String.format(Locale.ROOT, "%-24s %-20s %11s %11s %9s %6s  %s%n", v.layer(), v.className(),
                    num(v.gradRms()), num(v.ratioToLargest()), num(v.growth()),
                    Double.isNaN(v.deadFraction()) ? "-" : pct(v.deadFraction()), v.health()));
        }
        if (Double.isFinite(earlyNorm)) {
            b.append(String.format(Locale.ROOT, "global gradient norm: %.3g at the start, peak %.3g at step %d%s%n",
                    earlyNorm, peakNorm, peakStep,
                    firstNonFiniteStep >= 0 ? ", NaN/Inf from step " + firstNonFiniteStep : ""));
        }
        for (String a : advice) {
            b.append("- ").append(a).append(System.lineSeparator());
        }
        return b.toString();
    }

    private static String num(double v) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.3g", v);
    }
}
