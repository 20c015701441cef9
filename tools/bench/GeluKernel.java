import com.sun.management.ThreadMXBean;
import io.cambium.tensor.kernels.Kernels;
import io.cambium.tensor.kernels.TranscendentalKernels;
import java.lang.management.ManagementFactory;

/**
 * The exact GELU kernel of W5's MLP ({@link TranscendentalKernels#biasGelu}) on the calling thread:
 * 64 rows of 512 values (N(0, 1)) and a zero bias, 400 passes per round, ten rounds. Each round
 * prints nanoseconds per element for the values only and for values and derivative, and the bytes
 * allocated per element. Any allocation means vectors were boxed. The arrays stay in L2. Run:
 *
 * <pre>
 * java --add-modules jdk.incubator.vector -cp cambium-cli/target/cambium.jar tools/bench/GeluKernel.java
 * </pre>
 */
public class GeluKernel {
    public static void main(String[] args) {
        int n = 512;
        int rows = 64;
        TranscendentalKernels tk = Kernels.transcendentals();
        System.out.println(tk.getClass().getName());
        java.util.Random r = new java.util.Random(1);
        float[] x = new float[rows * n];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) r.nextGaussian();
        }
        float[] b = new float[n];
        float[] y = new float[rows * n];
        float[] d = new float[rows * n];
        ThreadMXBean mx = (ThreadMXBean) ManagementFactory.getThreadMXBean();
        int passes = 400;
        double elements = (double) passes * rows * n;
        for (int round = 0; round < 10; round++) {
            long a0 = mx.getCurrentThreadAllocatedBytes();
            long t0 = System.nanoTime();
            for (int k = 0; k < passes; k++) {
                for (int row = 0; row < rows; row++) {
                    tk.biasGelu(x, row * n, b, 0, y, null, row * n, n);
                }
            }
            long t1 = System.nanoTime();
            for (int k = 0; k < passes; k++) {
                for (int row = 0; row < rows; row++) {
                    tk.biasGelu(x, row * n, b, 0, y, d, row * n, n);
                }
            }
            long t2 = System.nanoTime();
            long a1 = mx.getCurrentThreadAllocatedBytes();
            System.out.printf("values %.2f ns/element, values and derivative %.2f ns/element, allocated %.1f B/element%n",
                    (t1 - t0) / elements, (t2 - t1) / elements, (a1 - a0) / (2 * elements));
        }
    }
}
