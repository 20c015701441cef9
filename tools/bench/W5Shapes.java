import io.cambium.tensor.Parallel;
import io.cambium.tensor.kernels.Gemm;
import io.cambium.tensor.kernels.Kernels;
import java.util.Random;

/**
 * The GEMM products of one W5 training step (GPT, 2048 tokens per step, d_model 128, MLP 512,
 * vocabulary 256), each called on its own at 1 and 2 threads: median time of 60 calls after 30
 * warm-up calls, and GFLOP/s. The operands stay in cache between calls, so these are upper
 * bounds for the products inside a step, where the activations arrive from other kernels.
 *
 * <pre>
 * java --add-modules jdk.incubator.vector -cp cambium-cli/target/cambium.jar tools/bench/W5Shapes.java
 * </pre>
 */
public class W5Shapes {
    public static void main(String[] args) {
        int T = 2048, D = 128;
        // name, transA, transB, m, n, k
        Object[][] shapes = {
            {"fwd qkv", false, false, T, 3 * D, D}, {"fwd proj", false, false, T, D, D},
            {"fwd fc1", false, false, T, 4 * D, D}, {"fwd fc2", false, false, T, D, 4 * D},
            {"fwd head", false, false, T, 256, D},
            {"dX qkv", false, true, T, D, 3 * D}, {"dX proj", false, true, T, D, D},
            {"dX fc1", false, true, T, D, 4 * D}, {"dX fc2", false, true, T, 4 * D, D},
            {"dX head", false, true, T, D, 256},
            {"dW qkv", true, false, D, 3 * D, T}, {"dW proj", true, false, D, D, T},
            {"dW fc1", true, false, D, 4 * D, T}, {"dW fc2", true, false, 4 * D, D, T},
            {"dW head", true, false, D, 256, T},
        };
        Gemm g = Kernels.gemm();
        Random r = new Random(1);
        float[] a = new float[T * 4 * D], b = new float[T * 4 * D], c = new float[T * 4 * D];
        for (int i = 0; i < a.length; i++) { a[i] = r.nextFloat() - 0.5f; b[i] = r.nextFloat() - 0.5f; }
        for (int threads : new int[] {1, 2}) {
            Parallel.setThreads(threads);
            double total = 0;
            for (Object[] s : shapes) {
                boolean ta = (Boolean) s[1], tb = (Boolean) s[2];
                int m = (Integer) s[3], n = (Integer) s[4], k = (Integer) s[5];
                int lda = ta ? m : k, ldb = tb ? k : n;
                long[] t = new long[60];
                for (int w = 0; w < 30; w++) g.sgemm(ta, tb, m, n, k, 1f, a, 0, lda, b, 0, ldb, 0f, c, 0, n);
                for (int i = 0; i < t.length; i++) {
                    long t0 = System.nanoTime();
                    g.sgemm(ta, tb, m, n, k, 1f, a, 0, lda, b, 0, ldb, 0f, c, 0, n);
                    t[i] = System.nanoTime() - t0;
                }
                java.util.Arrays.sort(t);
                double med = t[t.length / 2] / 1e6;
                total += med;
                System.out.printf("t=%d %-9s %4dx%4dx%4d %5.2f ms %6.1f GFLOP/s%n", threads, s[0], m, n, k, med, 2.0 * m * n * k / (med * 1e6));
            }
            System.out.printf("t=%d all 15: %.2f ms (each product once)%n", threads, total);
        }
    }
}
