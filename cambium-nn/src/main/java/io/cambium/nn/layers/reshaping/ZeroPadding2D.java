package io.cambium.nn.layers.reshaping;

import io.cambium.nn.Configs;
import io.cambium.nn.FluentLayer;
import io.cambium.tensor.Shape;
import io.cambium.tensor.Tensor;
import java.util.List;
import java.util.Map;

/**
 * Pads the rows and columns of {@code (batch, height, width, channels)} with zeros (Keras's
 * ZeroPadding2D), e.g. before a strided convolution in a ResNet stem.
 */
public class ZeroPadding2D extends FluentLayer<ZeroPadding2D> {
    private final int top;
    private final int bottom;
    private final int left;
    private final int right;

    /** The same padding on every side. */
    public ZeroPadding2D(int pad) {
        this(pad, pad, pad, pad);
    }

    /** Explicit padding per side. */
    public ZeroPadding2D(int top, int bottom, int left, int right) {
        if (top < 0 || bottom < 0 || left < 0 || right < 0) {
            throw new IllegalArgumentException("ZeroPadding2D: padding must be non-negative");
        }
        this.top = top;
        this.bottom = bottom;
        this.left = left;
        this.right = right;
    }

    @Override
    protected void checkInputs(List<int[]> inputShapes) {
        expectRank(inputShapes.get(0), 4);
    }

    @Override
    public Tensor call(Tensor x, boolean training) {
        return x.pad(new int[][] {{0, 0}, {top, bottom}, {left, right}, {0, 0}}, 0f);
    }

    @Override
    public int[] computeOutputShape(int[] s) {
        return new int[] {s[0], s[1] < 0 ? -1 : Shape.checkedSize(describe() + " output height", (long) s[1] + top + bottom),
            s[2] < 0 ? -1 : Shape.checkedSize(describe() + " output width", (long) s[2] + left + right), s[3]};
    }

    @Override
    public Map<String, Object> config() {
        Map<String, Object> c = super.config();
        c.put("padding", Configs.list(new int[] {top, bottom, left, right}));
        return c;
    }

    /** Re-creates the layer from {@link #config()}. */
    public static ZeroPadding2D fromConfig(Map<String, Object> c) {
        int[] p = Configs.ints(c, "padding");
        ZeroPadding2D z = new ZeroPadding2D(p[0], p[1], p[2], p[3]);
        z.applyBaseConfig(c);
        return z;
    }
}
