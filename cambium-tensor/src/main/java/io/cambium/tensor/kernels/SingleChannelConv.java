package io.cambium.tensor.kernels;

/**
 * Direct forward loops for a convolution of a single-channel input (cin = groups = 1, e.g. the
 * first layer on grayscale images), where the patch matrix would be only kh * kw wide and a
 * GEMM over it mostly packing. Each sample is copied into a zero-bordered buffer so that every
 * window tap is in range; then each output pixel is the sum over taps of the tap's input value
 * times the kernel row of output channels. Only with the Vector API: plain-Java loops are slower
 * here than the scalar patch-matrix GEMM, which then stays in use.
 */
public final class SingleChannelConv {
    private static final String VECTOR = "io.cambium.tensor.kernels.vector.VectorSingleChannelConv";
    private static final Pixels PIXELS = choose();

    /** The per-sample loop over output pixels (a Vector API implementation). */
    public interface Pixels {
        /**
         * Writes the output of one sample: for each output pixel (oy, ox), {@code out[o + c]} =
         * sum over taps t of {@code pad[(oy * sh) * wp + ox * sw + taps[t]] * k[t * cout + c]}, with
         * o = {@code outOff + (oy * wo + ox) * cout}.
         */
        void sample(float[] pad, int wp, int[] taps, float[] k, int cout, int ho, int wo, int sh, int sw,
                    float[] out, int outOff);
    }

    private SingleChannelConv() {
    }

    /** The Vector API loop, or null (then the patch-matrix GEMM serves every geometry). */
    private static Pixels choose() {
        return Kernels.loadVector(Pixels.class, VECTOR, "convolution", "the patch matrix");
    }

    /** Whether this class handles the geometry (single-channel input, Vector API present). */
    static boolean applies(ConvGeometry g) {
        return PIXELS != null && g.cin() == 1 && g.groups() == 1;
    }

    /** out = conv(x, k) for the samples [n0, n1). */
    static void forward(ConvGeometry g, float[] x, float[] k, float[] out, int n0, int n1) {
        int hp = (g.ho() - 1) * g.sh() + (g.kh() - 1) * g.dh() + 1;
        int wp = (g.wo() - 1) * g.sw() + (g.kw() - 1) * g.dw() + 1;
        float[] pad = new float[hp * wp];
        int[] taps = new int[g.kh() * g.kw()];
        for (int ky = 0; ky < g.kh(); ky++) {
            for (int kx = 0; kx < g.kw(); kx++) {
                taps[ky * g.kw() + kx] = ky * g.dh() * wp + kx * g.dw();
            }
        }
        // Input rows and columns that land inside the padded buffer (the rest is never read).
        int y0 = Math.max(0, g.padTop());
        int y1 = Math.min(hp, g.padTop() + g.h());
        int x0 = Math.max(0, g.padLeft());
        int x1 = Math.min(wp, g.padLeft() + g.w());
        for (int n = n0; n < n1; n++) {
            for (int py = y0; py < y1; py++) {
                System.arraycopy(x, (n * g.h() + py - g.padTop()) * g.w() + x0 - g.padLeft(), pad, py * wp + x0,
                        x1 - x0);
            }
            PIXELS.sample(pad, wp, taps, k, g.cout(), g.ho(), g.wo(), g.sh(), g.sw(), out, n * g.outPixels() * g.cout());
        }
    }
}
