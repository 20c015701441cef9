package io.cambium.data.preprocessing;

import io.cambium.tensor.Shape;
import io.cambium.tensor.Tensor;

import java.awt.image.BufferedImage;

/** Conversions between {@link BufferedImage} and {@code [height, width, channels]} tensors, resize, normalize. */
public final class ImageOps {
    private ImageOps() {
    }

    /** Pixels as {@code [h, w, c]} floats in [0, 255]; gray uses ITU-R 601 luma, as PIL's "L" mode. */
    public static Tensor fromImage(BufferedImage img, ColorMode mode) {
        int h = img.getHeight();
        int w = img.getWidth();
        int c = mode.channels();
        float[] out = new float[h * w * c];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int rgb = img.getRGB(x, y);
                int r = (rgb >> 16) & 0xff;
                int g = (rgb >> 8) & 0xff;
                int b = rgb & 0xff;
                int o = (y * w + x) * c;
                if (c == 1) {
                    out[o] = (r * 299 + g * 587 + b * 114) / 1000f;
                } else {
                    out[o] = r;
                    out[o + 1] = g;
                    out[o + 2] = b;
                }
            }
        }
        return new Tensor(out, h, w, c);
    }

    /** An image from {@code [h, w, 1 or 3]} values in [0, 255] (clamped). */
    public static BufferedImage toImage(Tensor hwc) {
        int[] s = checkHwc("toImage", hwc);
        int h = s[0];
        int w = s[1];
        int c = s[2];
        if (c != 1 && c != 3) {
            throw new IllegalArgumentException("toImage: expected 1 or 3 channels, got shape " + Shape.str(s));
        }
        BufferedImage img = new BufferedImage(w, h, c == 1 ? BufferedImage.TYPE_BYTE_GRAY : BufferedImage.TYPE_INT_RGB);
        float[] d = hwc.data();
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int o = (y * w + x) * c;
                int r = clamp(d[o]);
                int g = c == 1 ? r : clamp(d[o + 1]);
                int b = c == 1 ? r : clamp(d[o + 2]);
                img.getRaster().setPixel(x, y, c == 1 ? new int[] {r} : new int[] {r, g, b});
            }
        }
        return img;
    }

    private static int clamp(float v) {
        return Math.max(0, Math.min(255, Math.round(v)));
    }

    /**
     * Bilinear resize of {@code [h, w, c]} with half-pixel centres, as {@code tf.image.resize}
     * (bilinear, no antialiasing) and PyTorch {@code interpolate(align_corners=False)}.
     */
    public static Tensor resize(Tensor hwc, int newH, int newW) {
        int[] s = checkHwc("resize", hwc);
        if (newH < 1 || newW < 1) {
            throw new IllegalArgumentException("resize: target size must be positive, got " + newH + "x" + newW);
        }
        int h = s[0];
        int w = s[1];
        int c = s[2];
        if (h == newH && w == newW) {
            return hwc.copy();
        }
        float[] in = hwc.data();
        float[] out = new float[newH * newW * c];
        float sy = (float) h / newH;
        float sx = (float) w / newW;
        for (int y = 0; y < newH; y++) {
            float fy = Math.max(0f, (y + 0.5f) * sy - 0.5f);
            int y0 = Math.min((int) fy, h - 1);
            int y1 = Math.min(y0 + 1, h - 1);
            float wy = fy - y0;
            for (int x = 0; x < newW; x++) {
                float fx = Math.max(0f, (x + 0.5f) * sx - 0.5f);
                int x0 = Math.min((int) fx, w - 1);
                int x1 = Math.min(x0 + 1, w - 1);
                float wx = fx - x0;
                for (int k = 0; k < c; k++) {
                    float a = in[(y0 * w + x0) * c + k];
                    float b = in[(y0 * w + x1) * c + k];
                    float d0 = in[(y1 * w + x0) * c + k];
                    float d1 = in[(y1 * w + x1) * c + k];
                    float top = a + (b - a) * wx;
                    float bottom = d0 + (d1 - d0) * wx;
                    out[(y * newW + x) * c + k] = top + (bottom - top) * wy;
                }
            }
        }
        return new Tensor(out, newH, newW, c);
    }

    /** {@code (x - mean[c]) / std[c]} per channel of a channels-last tensor of any rank. */
    public static Tensor normalize(Tensor x, float[] mean, float[] std) {
        int[] s = x.shape();
        int c = s[s.length - 1];
        if (mean.length != c || std.length != c) {
            throw new IllegalArgumentException("normalize: " + c + " channels in " + Shape.str(s) + " but "
                    + mean.length + " means and " + std.length + " stds");
        }
        float[] d = x.data();
        float[] out = new float[d.length];
        for (int i = 0; i < d.length; i++) {
            int k = i % c;
            out[i] = (d[i] - mean[k]) / std[k];
        }
        return new Tensor(out, s);
    }

    /** {@code x * scale + offset}, like Keras {@code Rescaling} (e.g. scale 1/255). */
    public static Tensor rescale(Tensor x, float scale, float offset) {
        return x.mul(scale).add(offset);
    }

    static int[] checkHwc(String op, Tensor t) {
        int[] s = t.shape();
        if (s.length != 3) {
            throw new IllegalArgumentException(op + ": expected an image [height, width, channels], got shape "
                    + Shape.str(s));
        }
        return s;
    }
}
