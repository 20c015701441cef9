package io.cambium.data.augment;

import io.cambium.data.Example;
import io.cambium.tensor.Shape;
import io.cambium.tensor.Tensor;
import io.cambium.tensor.random.Rng;

/**
 * Random image augmentation in the manner of Keras' {@code ImageDataGenerator}: rotation, width and
 * height shifts, shear, zoom and flips, combined into one affine transform per image. Use it on the
 * fly in a pipeline: {@code data.randomMap(seed, augmenter::apply, 2)}; labels are passed through.
 */
public final class ImageAugmenter {
    private double rotationRange;
    private double widthShiftRange;
    private double heightShiftRange;
    private double shearRange;
    private double zoomLow = 1;
    private double zoomHigh = 1;
    private boolean horizontalFlip;
    private boolean verticalFlip;
    private FillMode fillMode = FillMode.NEAREST;
    private float cval;

    /** Random rotation in [-degrees, degrees]. */
    public ImageAugmenter rotationRange(double degrees) {
        rotationRange = nonNegative("rotationRange", degrees);
        return this;
    }

    /** Random horizontal shift; below 1 a fraction of the width, else pixels. */
    public ImageAugmenter widthShiftRange(double range) {
        widthShiftRange = nonNegative("widthShiftRange", range);
        return this;
    }

    /** Random vertical shift; below 1 a fraction of the height, else pixels. */
    public ImageAugmenter heightShiftRange(double range) {
        heightShiftRange = nonNegative("heightShiftRange", range);
        return this;
    }

    /** Random shear angle in [-degrees, degrees]. */
    public ImageAugmenter shearRange(double degrees) {
        shearRange = nonNegative("shearRange", degrees);
        return this;
    }

    /** Random zoom in [1 - range, 1 + range] per axis (Keras: above 1 zooms out). */
    public ImageAugmenter zoomRange(double range) {
        return zoomRange(1 - range, 1 + range);
    }

    /** Random zoom in [low, high] per axis. */
    public ImageAugmenter zoomRange(double low, double high) {
        if (!(low > 0 && low <= high)) {
            throw new IllegalArgumentException("zoomRange: need 0 < low <= high, got [" + low + ", " + high + "]");
        }
        zoomLow = low;
        zoomHigh = high;
        return this;
    }

    /** Mirror left-right with probability 1/2. */
    public ImageAugmenter horizontalFlip(boolean on) {
        horizontalFlip = on;
        return this;
    }

    /** Mirror top-bottom with probability 1/2. */
    public ImageAugmenter verticalFlip(boolean on) {
        verticalFlip = on;
        return this;
    }

    /** How points outside the image are filled (default NEAREST, as in Keras). */
    public ImageAugmenter fillMode(FillMode mode) {
        fillMode = mode;
        return this;
    }

    /** The value used by {@link FillMode#CONSTANT}. */
    public ImageAugmenter cval(float value) {
        cval = value;
        return this;
    }

    /** A randomly transformed copy of an image {@code [h, w, c]} or of each image of a batch {@code [n, h, w, c]}. */
    public Tensor apply(Tensor images, Rng rng) {
        int[] s = images.shape();
        if (s.length == 3) {
            return applyOne(images, rng);
        }
        if (s.length != 4) {
            throw new IllegalArgumentException("ImageAugmenter: expected [h, w, c] or [n, h, w, c], got " + Shape.str(s));
        }
        int per = s[1] * s[2] * s[3];
        float[] out = new float[images.numel()];
        for (int i = 0; i < s[0]; i++) {
            float[] one = java.util.Arrays.copyOfRange(images.data(), i * per, (i + 1) * per);
            Tensor t = applyOne(new Tensor(one, s[1], s[2], s[3]), rng);
            System.arraycopy(t.data(), 0, out, i * per, per);
        }
        return new Tensor(out, s);
    }

    /** The example with augmented features; targets and weights unchanged. */
    public Example apply(Example e, Rng rng) {
        return e.withX(apply(e.x(), rng));
    }

    private Tensor applyOne(Tensor img, Rng rng) {
        int h = img.dim(0);
        int w = img.dim(1);
        double theta = rotationRange > 0 ? uniform(rng, -rotationRange, rotationRange) : 0;
        double tx = heightShiftRange > 0 ? uniform(rng, -heightShiftRange, heightShiftRange) : 0;
        double ty = widthShiftRange > 0 ? uniform(rng, -widthShiftRange, widthShiftRange) : 0;
        if (heightShiftRange < 1) {
            tx *= h;
        }
        if (widthShiftRange < 1) {
            ty *= w;
        }
        double shear = shearRange > 0 ? uniform(rng, -shearRange, shearRange) : 0;
        double zx = 1;
        double zy = 1;
        if (zoomLow != 1 || zoomHigh != 1) {
            zx = uniform(rng, zoomLow, zoomHigh);
            zy = uniform(rng, zoomLow, zoomHigh);
        }
        boolean flipH = horizontalFlip && rng.nextBoolean(0.5);
        boolean flipV = verticalFlip && rng.nextBoolean(0.5);
        // Output-to-input map, composed as Keras does: rotation * shift * shear * zoom.
        double[] m = ImageTransforms.rotation(theta);
        m = ImageTransforms.compose(m, new double[] {1, 0, tx, 0, 1, ty});
        m = ImageTransforms.compose(m, ImageTransforms.shearing(shear));
        m = ImageTransforms.compose(m, new double[] {zx, 0, 0, 0, zy, 0});
        Tensor out = isIdentity(m) ? img.copy() : ImageTransforms.affine(img, m, fillMode, cval);
        if (flipH) {
            out = ImageTransforms.flipHorizontal(out);
        }
        if (flipV) {
            out = ImageTransforms.flipVertical(out);
        }
        return out;
    }

    private static boolean isIdentity(double[] m) {
        return m[0] == 1 && m[1] == 0 && m[2] == 0 && m[3] == 0 && m[4] == 1 && m[5] == 0;
    }

    private static double uniform(Rng rng, double low, double high) {
        return low + (high - low) * rng.nextDouble();
    }

    private static double nonNegative(String name, double v) {
        if (!(v >= 0)) {
            throw new IllegalArgumentException(name + " must be >= 0, got " + v);
        }
        return v;
    }
}
