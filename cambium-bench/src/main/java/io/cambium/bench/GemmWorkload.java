package io.cambium.bench;

import io.cambium.tensor.kernels.Gemm;
import io.cambium.tensor.kernels.Kernels;
import io.cambium.tensor.random.Rng;
import java.util.ArrayList;
import java.util.List;

/**
 * W1: {@code C = A·B} in float32 with a preallocated C, A and B ~ N(0,1), square n in
 * {256, 512, 1024, 2048} and the transformer shapes m×k×n = 2048×128×{384, 512, 256} and
 * 2048×512×128, at 1 and 2 threads; GFLOP/s = 2mnk / t.
 */
public final class GemmWorkload implements Workload {
    /** Square sizes. */
    public static final int[] SQUARE = {256, 512, 1024, 2048};
    /** m, k, n of the transformer GEMMs. */
    public static final int[][] TRANSFORMER = {{2048, 128, 384}, {2048, 128, 512}, {2048, 512, 128}, {2048, 128, 256}};
    /** Each timed repetition runs at least this long (the reference does the same). */
    static final double MIN_REP_SECONDS = 0.25;

    private final int[] threads;

    public GemmWorkload(int... threads) {
        this.threads = threads.clone();
    }

    @Override
    public String id() {
        return "W1";
    }

    @Override
    public String title() {
        return "GEMM C = A·B (" + Kernels.describe() + ")";
    }

    @Override
    public List<BenchCase> cases() {
        List<int[]> shapes = new ArrayList<>();
        for (int n : SQUARE) {
            shapes.add(new int[] {n, n, n});
        }
        shapes.addAll(List.of(TRANSFORMER));
        List<BenchCase> out = new ArrayList<>();
        for (int t : threads) {
            for (int[] s : shapes) {
                out.add(new GemmCase(s[0], s[1], s[2], t));
            }
        }
        return out;
    }

    /** The case name shared with the reference script. */
    static String caseName(int m, int k, int n, int threads) {
        String shape = m == k && k == n ? "n=" + n : m + "x" + k + "x" + n;
        return shape + " t=" + threads;
    }

    private static final class GemmCase implements BenchCase {
        private final int m;
        private final int k;
        private final int n;
        private final int threads;
        private float[] a;
        private float[] b;
        private float[] c;
        private int inner = 1;

        GemmCase(int m, int k, int n, int threads) {
            this.m = m;
            this.k = k;
            this.n = n;
            this.threads = threads;
        }

        @Override
        public String name() {
            return caseName(m, k, n, threads);
        }

        @Override
        public String unit() {
            return "GFLOP/s";
        }

        @Override
        public int threads() {
            return threads;
        }

        @Override
        public void setUp() {
            Rng rng = new Rng(31L * m + 7L * k + n);
            a = new float[m * k];
            b = new float[k * n];
            c = new float[m * n];
            for (int i = 0; i < a.length; i++) {
                a[i] = (float) rng.nextGaussian();
            }
            for (int i = 0; i < b.length; i++) {
                b[i] = (float) rng.nextGaussian();
            }
        }

        private void call() {
            Kernels.gemm().sgemm(false, false, m, n, k, 1f, a, 0, k, b, 0, n, 0f, c, 0, n);
        }

        @Override
        public void warmUp() {
            // First many small multiplies of the same kind, so that the kernels reach C2 through
            // ordinary invocation counts (a few calls of a large multiply leave the hot loop to
            // on-stack replacement, and a busy machine can delay that compilation for seconds).
            float[] sa = new float[96 * 256];
            float[] sb = new float[256 * 96];
            float[] sc = new float[96 * 96];
            for (int i = 0; i < 400; i++) {
                Kernels.gemm().sgemm(false, false, 96, 96, 256, 1f, sa, 0, 256, sb, 0, 96, 0f, sc, 0, 96);
            }
            // Then the case itself until the time per call stops improving (at least 4 GFLOP
            // and 0.3 s, at most 10 s); repetitions are sized like the reference's.
            long warmFlops = 0;
            long t0 = System.nanoTime();
            double best = Double.MAX_VALUE;
            long lastBest = t0;
            while (true) {
                long s = System.nanoTime();
                call();
                long e = System.nanoTime();
                warmFlops += 2L * m * n * k;
                if ((e - s) / 1e9 < best * 0.97) {
                    lastBest = e;
                }
                best = Math.min(best, (e - s) / 1e9);
                boolean enough = warmFlops >= 4e9 && e - t0 >= 300_000_000L && e - lastBest >= 300_000_000L;
                if (enough || e - t0 > 10_000_000_000L) {
                    break;
                }
            }
            inner = (int) Math.max(1, Math.ceil(MIN_REP_SECONDS / Math.max(best, 1e-9)));
        }

        @Override
        public double repetition() {
            for (int i = 0; i < inner; i++) {
                call();
            }
            return 2.0 * m * n * k * inner / 1e9;
        }

        @Override
        public void tearDown() {
            a = null;
            b = null;
            c = null;
        }
    }
}
