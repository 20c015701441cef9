package io.cambium.bench;

import io.cambium.Cambium;
import io.cambium.nn.Sequential;
import io.cambium.nn.callbacks.Callback;
import io.cambium.nn.diagnostics.GradientDiagnostics;
import io.cambium.nn.losses.Losses;
import io.cambium.nn.optimizers.Adam;
import io.cambium.nn.training.FitConfig;
import io.cambium.tensor.Tensor;
import io.cambium.tensor.random.Rng;
import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.Locale;

/**
 * The cost of {@link GradientDiagnostics} on workload W3 (the CNN, batch 64, Adam, N(0,1) inputs
 * and uniform labels over 8 pre-made batches), measured as a same-run interleaved A/B: each pair
 * times {@code fit} over 16 steps without the callback (A) and with it (B), alternating which
 * goes first. B keeps one callback across its fits, so it measures one step in {@code every},
 * as in a long run. Each timing records the wall time and the process's CPU time (less sensitive
 * to other processes on a shared machine); the medians of the pairs' ratios and the ratio of the
 * totals are printed with the load average. W3 itself uses {@code trainOnBatch}, which runs no
 * callbacks, so both sides here go through {@code fit}.
 * <pre>
 * java --add-modules jdk.incubator.vector -cp cambium-cli/target/cambium.jar io.cambium.bench.DiagnosticsOverhead [pairs] [every]
 * </pre>
 */
public final class DiagnosticsOverhead {
    private DiagnosticsOverhead() {
    }

    /** Arguments: the number of pairs (default 40) and the measuring interval (default 20, the callback's). */
    public static void main(String[] args) {
        int pairs = args.length > 0 ? Integer.parseInt(args[0]) : 40;
        int every = args.length > 1 ? Integer.parseInt(args[1]) : GradientDiagnostics.DEFAULT_EVERY;
        Rng rng = new Rng(3);
        int batch = 64;
        int batches = 8;
        Tensor x = Tensor.normal(rng, 0f, 1f, batch * batches, 28, 28, 1);
        int[] y = new int[batch * batches];
        for (int i = 0; i < y.length; i++) {
            y[i] = rng.nextInt(10);
        }
        Cambium.seed(3);
        Sequential model = Networks.cnn();
        model.compile(new Adam(1e-3), Losses.sparseCategoricalCrossentropy(true));
        int epochs = 2; // 16 steps per timing
        com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        System.out.printf(Locale.ROOT, "W3 CNN, batch %d, %d steps per timing, diagnostics every %d steps; %d threads,"
                + " %d CPUs, JDK %s%n", batch, epochs * batches, every, Cambium.threads(),
                Runtime.getRuntime().availableProcessors(), Runtime.version());
        GradientDiagnostics diagnostics = new GradientDiagnostics().every(every);
        for (int i = 0; i < 3; i++) {
            time(model, x, y, epochs, null, os);
            time(model, x, y, epochs, diagnostics, os);
        }
        double[] wall = new double[pairs];
        double[] cpu = new double[pairs];
        double[] sum = new double[4];
        double loadBefore = os.getSystemLoadAverage();
        for (int p = 0; p < pairs; p++) {
            double[] a;
            double[] b;
            if (p % 2 == 0) {
                a = time(model, x, y, epochs, null, os);
                b = time(model, x, y, epochs, diagnostics, os);
            } else {
                b = time(model, x, y, epochs, diagnostics, os);
                a = time(model, x, y, epochs, null, os);
            }
            wall[p] = b[0] / a[0];
            cpu[p] = b[1] / a[1];
            sum[0] += a[0];
            sum[1] += b[0];
            sum[2] += a[1];
            sum[3] += b[1];
            System.out.printf(Locale.ROOT, "pair %2d: wall %.3f / %.3f s (ratio %.4f), cpu %.3f / %.3f s (ratio %.4f),"
                    + " load %.2f%n", p + 1, a[0], b[0], wall[p], a[1], b[1], cpu[p], os.getSystemLoadAverage());
        }
        int measured = diagnostics.records().size();
        System.out.printf(Locale.ROOT, "median ratio with/without: wall %.4f, cpu %.4f; totals: wall %.4f, cpu %.4f;"
                + " %d of %d steps measured; load average %.2f before, %.2f after%n", median(wall), median(cpu),
                sum[1] / sum[0], sum[3] / sum[2], measured, diagnostics.gradientNorms().length, loadBefore,
                os.getSystemLoadAverage());
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    /** {wall seconds, process CPU seconds} of one fit. */
    private static double[] time(Sequential model, Tensor x, int[] y, int epochs, Callback diagnostics,
                                 com.sun.management.OperatingSystemMXBean os) {
        FitConfig cfg = FitConfig.epochs(epochs).batchSize(64).shuffle(false).verbose(0);
        if (diagnostics != null) {
            cfg.callbacks(diagnostics);
        }
        long c0 = os.getProcessCpuTime();
        long t0 = System.nanoTime();
        model.fit(x, y, cfg);
        return new double[] {(System.nanoTime() - t0) / 1e9, (os.getProcessCpuTime() - c0) / 1e9};
    }
}
