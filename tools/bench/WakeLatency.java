import java.util.concurrent.locks.LockSupport;
/**
 * How long a parked thread takes to see a volatile write and an unpark, against a thread that
 * spins on the same field: 2,000 rounds 1 ms apart, median and 90th percentile. The figures in
 * docs/decisions/parallel-chunks.md (worker team) come from it.
 *
 * <pre>
 * java tools/bench/WakeLatency.java          # parked
 * java tools/bench/WakeLatency.java spin     # spinning
 * </pre>
 */
public class WakeLatency {
    static volatile long stamp;
    static volatile int gen, ack;
    public static void main(String[] a) throws Exception {
        final boolean spin = a.length > 0;
        final int n = 2000;
        long[] lat = new long[n];
        Thread t = new Thread(() -> {
            int g = 0;
            while (g < n) {
                while (gen == g) { if (spin) Thread.onSpinWait(); else LockSupport.park(); }
                g = gen;
                lat[g - 1] = System.nanoTime() - stamp;
                ack = g;
            }
        });
        t.setDaemon(true);
        t.start();
        for (int i = 1; i <= n; i++) {
            Thread.sleep(1);
            stamp = System.nanoTime();
            gen = i;
            if (!spin) LockSupport.unpark(t);
            long end = System.nanoTime() + 100_000_000L;
            while (ack < i && System.nanoTime() < end) Thread.onSpinWait();
        }
        java.util.Arrays.sort(lat);
        System.out.printf("%s: median %.1f us, p90 %.1f us%n", spin ? "spinning" : "parked", lat[n / 2] / 1e3, lat[n * 9 / 10] / 1e3);
    }
}
