import io.cambium.tensor.Parallel;
import io.cambium.tensor.kernels.Gemm;
import io.cambium.tensor.kernels.Kernels;

/**
 * Whether the GEMM's 2-thread split costs anything: for n x n x n, alternating 1 s windows of the
 * library's 2-thread {@code sgemm}, of two serial GEMMs of half the rows each on two plain threads
 * (no shared packing, no phases: the split's upper bound) and of one serial GEMM, in GFLOP/s,
 * eight rounds. Run:
 *
 * <pre>
 * java --add-modules jdk.incubator.vector -cp cambium-cli/target/cambium.jar tools/bench/GemmSplit.java 1024
 * </pre>
 */
public class GemmSplit {
    public static void main(String[] args) throws InterruptedException {
        int n = Integer.parseInt(args[0]);
        float[] a = new float[n * n];
        float[] b = new float[n * n];
        float[] c = new float[n * n];
        float[] halves = new float[n * n];
        java.util.Random r = new java.util.Random(1);
        for (int i = 0; i < a.length; i++) {
            a[i] = r.nextFloat();
            b[i] = r.nextFloat();
        }
        Gemm g = Kernels.gemm();
        Parallel.setThreads(2);
        double flop = 2.0 * n * n * n;
        int half = n / 2;
        for (int round = 0; round < 8; round++) {
            double library = window(flop, () -> g.sgemm(false, false, n, n, n, 1f, a, 0, n, b, 0, n, 0f, c, 0, n));
            int[] count = new int[2];
            long t1 = System.nanoTime();
            Thread[] threads = new Thread[2];
            for (int w = 0; w < 2; w++) {
                int rows = w * half;
                int slot = w;
                threads[w] = new Thread(() -> {
                    while (System.nanoTime() - t1 < 1_000_000_000L) {
                        g.sgemmSerial(false, false, half, n, n, 1f, a, rows * n, n, b, 0, n, 0f, halves, rows * n, n);
                        count[slot]++;
                    }
                });
                threads[w].start();
            }
            for (Thread t : threads) {
                t.join();
            }
            double split = flop / 2 * (count[0] + count[1]) / (System.nanoTime() - t1);
            double one = window(flop, () -> g.sgemmSerial(false, false, n, n, n, 1f, a, 0, n, b, 0, n, 0f, c, 0, n));
            System.out.printf("n=%d library 2 threads %.1f, two serial halves %.1f, one serial %.1f GFLOP/s%n",
                    n, library, split, one);
        }
    }

    /** GFLOP/s of {@code call} (each {@code flop} floating-point operations) repeated for one second. */
    private static double window(double flop, Runnable call) {
        long t0 = System.nanoTime();
        int reps = 0;
        while (System.nanoTime() - t0 < 1_000_000_000L) {
            call.run();
            reps++;
        }
        return flop * reps / (System.nanoTime() - t0);
    }
}
