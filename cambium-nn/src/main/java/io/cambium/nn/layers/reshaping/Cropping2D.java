package io.cambium.nn.layers.reshaping;

import io.cambium.nn.Configs;
import io.cambium.nn.FluentLayer;
import io.cambium.tensor.Shape;
import io.cambium.tensor.Tensor;
import java.util.List;
import java.util.Map;

/** Removes rows and columns at the borders of {@code (batch, height, width, channels)} (Keras's Cropping2D). */
public class Cropping2D extends FluentLayer<Cropping2D> {
    private final int top;
    private final int bottom;
    private final int left;
    private final int right;

    /** The same cropping on every side. */
    public Cropping2D(int crop) {
        this(crop, crop, crop, crop);
    }

    /** Explicit cropping per side. */
    public Cropping2D(int top, int bottom, int left, int right) {
        if (top < 0 || bottom < 0 || left < 0 || right < 0) {
            throw new IllegalArgumentException("Cropping2D: cropping must be non-negative");
        }
        this.top = top;
        this.bottom = bottom;
        this.left = left;
        this.right = right;
    }

    @Override
    protected void checkInputs(List<int[]> inputShapes) {
        int[] s = inputShapes.get(0);
        expectRank(s, 4);
        if ((s[1] >= 0 && top + bottom >= s[1]) || (s[2] >= 0 && left + right >= s[2])) {
            throw new IllegalArgumentException(describe() + ": cropping (" + top + ", " + bottom + ", " + left + ", " + right
                    + ") leaves nothing of input " + shapeStr(s));
        }
    }

    @Override
    public Tensor call(Tensor x, boolean training) {
        int h = x.dim(1);
        int w = x.dim(2);
        return x.slice(1, top, h - bottom).slice(2, left, w - right);
    }

    @Override
    public int[] computeOutputShape(int[] s) {
        return new int[] {s[0], s[1] < 0 ? -1 : Shape.checkedSize(describe() + " output height", (long) s[1] - top - bottom),
            s[2] < 0 ? -1 : Shape.checkedSize(describe() + " output width", (long) s[2] - left - right), s[3]};
    }

    @Override
    public Map<String, Object> config() {
        Map<String, Object> c = super.config();
        c.put("cropping", Configs.list(new int[] {top, bottom, left, right}));
        return c;
    }

    /** Re-creates the layer from {@link #config()}. */
    public static Cropping2D fromConfig(Map<String, Object> c) {
        int[] p = Configs.ints(c, "cropping");
        Cropping2D z = new Cropping2D(p[0], p[1], p[2], p[3]);
        z.applyBaseConfig(c);
        return z;
    }
}
