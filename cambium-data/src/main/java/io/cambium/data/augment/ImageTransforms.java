package io.cambium.data.augment;

import io.cambium.tensor.Shape;
import io.cambium.tensor.Tensor;

/**
 * Deterministic geometric transforms of one image {@code [height, width, channels]} with bilinear
 * interpolation. Coordinates are (row, column) with the origin at the image centre, as in Keras'
 * {@code apply_affine_transform}.
 */
public final class ImageTransforms {
    private ImageTransforms() {
    }

    /**
     * Applies the affine map that sends each output point {@code (r, c)} (centred) to the input point
     * {@code (m[0]*r + m[1]*c + m[2], m[3]*r + m[4]*c + m[5])}, sampled bilinearly.
     */
    public static Tensor affine(Tensor image, double[] m, FillMode fill, float cval) {
        int[] s = hwc("affine", image);
        if (m.length != 6) {
            throw new IllegalArgumentException("affine: expected a 2x3 matrix (6 values), got " + m.length);
        }
        int h = s[0];
        int w = s[1];
        int ch = s[2];
        float[] in = image.data();
        float[] out = new float[in.length];
        double cr = (h - 1) / 2.0;
        double cc = (w - 1) / 2.0;
        for (int r = 0; r < h; r++) {
            double rr = r - cr;
            for (int c = 0; c < w; c++) {
                double ccn = c - cc;
                double sr = m[0] * rr + m[1] * ccn + m[2] + cr;
                double sc = m[3] * rr + m[4] * ccn + m[5] + cc;
                // Snap values within rounding noise of a grid point so exact transforms stay exact.
                double fr = Math.abs(sr - Math.rint(sr)) < 1e-6 ? Math.rint(sr) : sr;
                double fc = Math.abs(sc - Math.rint(sc)) < 1e-6 ? Math.rint(sc) : sc;
                int r0 = (int) Math.floor(fr);
                int c0 = (int) Math.floor(fc);
                double wr = fr - r0;
                double wc = fc - c0;
                int ir0 = fill.map(r0, h);
                int ir1 = fill.map(r0 + 1, h);
                int ic0 = fill.map(c0, w);
                int ic1 = fill.map(c0 + 1, w);
                int o = (r * w + c) * ch;
                for (int k = 0; k < ch; k++) {
                    double v00 = at(in, ir0, ic0, w, ch, k, cval);
                    double v01 = wc == 0 ? 0 : at(in, ir0, ic1, w, ch, k, cval);
                    double v10 = wr == 0 ? 0 : at(in, ir1, ic0, w, ch, k, cval);
                    double v11 = wr == 0 || wc == 0 ? 0 : at(in, ir1, ic1, w, ch, k, cval);
                    double top = v00 * (1 - wc) + v01 * wc;
                    double bottom = v10 * (1 - wc) + v11 * wc;
                    out[o + k] = (float) (top * (1 - wr) + bottom * wr);
                }
            }
        }
        return new Tensor(out, s);
    }

    private static double at(float[] in, int r, int c, int w, int ch, int k, float cval) {
        return r < 0 || c < 0 ? cval : in[(r * w + c) * ch + k];
    }

    /** Rotation by {@code degrees}, counter-clockwise for positive angles (like {@code np.rot90} and Keras RandomRotation). */
    public static Tensor rotate(Tensor image, double degrees, FillMode fill, float cval) {
        return affine(image, rotation(degrees), fill, cval);
    }

    /** Translation: content moves {@code dy} pixels down and {@code dx} pixels right. */
    public static Tensor shift(Tensor image, double dy, double dx, FillMode fill, float cval) {
        return affine(image, new double[] {1, 0, -dy, 0, 1, -dx}, fill, cval);
    }

    /** Zoom as in Keras: factors above 1 shrink the content (zoom out), below 1 enlarge it. */
    public static Tensor zoom(Tensor image, double zy, double zx, FillMode fill, float cval) {
        return affine(image, new double[] {zy, 0, 0, 0, zx, 0}, fill, cval);
    }

    /** Shear by {@code degrees} as in Keras' {@code apply_affine_transform}. */
    public static Tensor shear(Tensor image, double degrees, FillMode fill, float cval) {
        return affine(image, shearing(degrees), fill, cval);
    }

    /** Mirror left-right. */
    public static Tensor flipHorizontal(Tensor image) {
        int[] s = hwc("flipHorizontal", image);
        int h = s[0];
        int w = s[1];
        int ch = s[2];
        float[] in = image.data();
        float[] out = new float[in.length];
        for (int r = 0; r < h; r++) {
            for (int c = 0; c < w; c++) {
                System.arraycopy(in, (r * w + c) * ch, out, (r * w + (w - 1 - c)) * ch, ch);
            }
        }
        return new Tensor(out, s);
    }

    /** Mirror top-bottom. */
    public static Tensor flipVertical(Tensor image) {
        int[] s = hwc("flipVertical", image);
        int row = s[1] * s[2];
        float[] in = image.data();
        float[] out = new float[in.length];
        for (int r = 0; r < s[0]; r++) {
            System.arraycopy(in, r * row, out, (s[0] - 1 - r) * row, row);
        }
        return new Tensor(out, s);
    }

    static double[] rotation(double degrees) {
        double t = Math.toRadians(degrees);
        double cos = Math.cos(t);
        double sin = Math.sin(t);
        return new double[] {cos, sin, 0, -sin, cos, 0};
    }

    static double[] shearing(double degrees) {
        double t = Math.toRadians(degrees);
        return new double[] {1, -Math.sin(t), 0, 0, Math.cos(t), 0};
    }

    /** The 2x3 affine {@code a * b} (apply b first when mapping output to input points). */
    static double[] compose(double[] a, double[] b) {
        return new double[] {
            a[0] * b[0] + a[1] * b[3], a[0] * b[1] + a[1] * b[4], a[0] * b[2] + a[1] * b[5] + a[2],
            a[3] * b[0] + a[4] * b[3], a[3] * b[1] + a[4] * b[4], a[3] * b[2] + a[4] * b[5] + a[5]};
    }

    static int[] hwc(String op, Tensor t) {
        int[] s = t.shape();
        if (s.length != 3) {
            throw new IllegalArgumentException(op + ": expected an image [height, width, channels], got "
                    + Shape.str(s));
        }
        return s;
    }
}
