import io.cambium.tensor.kernels.SmallProduct;
/**
 * The small products of W5's attention (one head: 128 positions, head dimension 32, causal
 * blocks of 32 rows, queries/keys/values read from the packed [128, 384] projection) on
 * {@link SmallProduct}, each repeated 2,000 times on the same operands: GFLOP/s of Q·Kᵀ, P·V and
 * Pᵀ·dO (transposed A), eight rounds. The operands stay in cache, so these are upper bounds for
 * the products inside a training step. Run at one thread:
 *
 * <pre>
 * java --add-modules jdk.incubator.vector -Dcambium.threads=1 -cp cambium-cli/target/cambium.jar tools/bench/AttentionProducts.java
 * </pre>
 */
public class AttentionProducts {
    public static void main(String[] args) {
        SmallProduct sp = SmallProduct.inUse();
        System.out.println(sp.getClass().getName());
        int t = 128, hd = 32, w = 384;
        float[] x = new float[t * w];
        float[] kt = new float[hd * t];
        float[] p = new float[t * t];
        float[] out = new float[t * 128];
        java.util.Random r = new java.util.Random(1);
        for (int i = 0; i < x.length; i++) x[i] = r.nextFloat();
        for (int i = 0; i < kt.length; i++) kt[i] = r.nextFloat();
        for (int i = 0; i < p.length; i++) p[i] = r.nextFloat();
        for (int rep = 0; rep < 8; rep++) {
            // QK^T: 32-row blocks, causal cols, k = hd
            long t0 = System.nanoTime(); double fl = 0;
            for (int it = 0; it < 2000; it++) {
                for (int r0 = 0; r0 < t; r0 += 32) {
                    int cols = r0 + 32;
                    sp.product(32, cols, hd, 0.17f, x, r0 * w, w, 1, kt, 0, t, p, r0 * t, t);
                    fl += 2.0 * 32 * cols * hd;
                }
            }
            long t1 = System.nanoTime();
            double g1 = fl / (t1 - t0);
            // PV: A = p rows, B = V (ldb = w), n = hd, k = cols
            fl = 0; t0 = System.nanoTime();
            for (int it = 0; it < 2000; it++) {
                for (int r0 = 0; r0 < t; r0 += 32) {
                    int cols = r0 + 32;
                    sp.product(32, hd, cols, 1f, p, r0 * t, t, 1, x, 256, w, out, r0 * 128, 128);
                    fl += 2.0 * 32 * cols * hd;
                }
            }
            t1 = System.nanoTime();
            double g2 = fl / (t1 - t0);
            // dV = P^T dO: A transposed (ars 1, acs t)
            fl = 0; t0 = System.nanoTime();
            for (int it = 0; it < 2000; it++) {
                for (int c0 = 0; c0 < t; c0 += 32) {
                    sp.product(32, hd, t - c0, 1f, p, c0 * t + c0, 1, t, x, c0 * w, w, out, c0 * 128, 128);
                    fl += 2.0 * 32 * (t - c0) * hd;
                }
            }
            t1 = System.nanoTime();
            double g3 = fl / (t1 - t0);
            System.out.printf("QK^T %.1f  PV %.1f  P^T dO %.1f GFLOP/s%n", g1, g2, g3);
        }
    }
}
