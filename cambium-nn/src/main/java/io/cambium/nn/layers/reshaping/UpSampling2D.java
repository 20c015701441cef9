package io.cambium.nn.layers.reshaping;

import io.cambium.nn.Configs;
import io.cambium.nn.FluentLayer;
import io.cambium.tensor.Shape;
import io.cambium.tensor.Tensor;
import java.util.List;
import java.util.Map;

/**
 * Repeats rows and columns of {@code (batch, height, width, channels)} (Keras's UpSampling2D with
 * nearest-neighbour interpolation), e.g. in a decoder or a generator.
 */
public class UpSampling2D extends FluentLayer<UpSampling2D> {
    private final int rows;
    private final int cols;

    /** The same factor on both axes. */
    public UpSampling2D(int size) {
        this(size, size);
    }

    /** Factors for rows and columns. */
    public UpSampling2D(int rows, int cols) {
        if (rows <= 0 || cols <= 0) {
            throw new IllegalArgumentException("UpSampling2D: size must be positive, got (" + rows + ", " + cols + ")");
        }
        this.rows = rows;
        this.cols = cols;
    }

    @Override
    protected void checkInputs(List<int[]> inputShapes) {
        expectRank(inputShapes.get(0), 4);
    }

    @Override
    public Tensor call(Tensor x, boolean training) {
        int n = x.dim(0);
        int h = x.dim(1);
        int w = x.dim(2);
        int c = x.dim(3);
        // Nearest neighbour: insert a repeat axis after height and width, broadcast, fold back.
        return x.reshape(n, h, 1, w, 1, c).expand(n, h, rows, w, cols, c).reshape(n, h * rows, w * cols, c);
    }

    @Override
    public int[] computeOutputShape(int[] s) {
        return new int[] {s[0], s[1] < 0 ? -1 : Shape.checkedSize(describe() + " output height", (long) s[1] * rows),
            s[2] < 0 ? -1 : Shape.checkedSize(describe() + " output width", (long) s[2] * cols), s[3]};
    }

    @Override
    public Map<String, Object> config() {
        Map<String, Object> c = super.config();
        c.put("size", Configs.list(new int[] {rows, cols}));
        return c;
    }

    /** Re-creates the layer from {@link #config()}. */
    public static UpSampling2D fromConfig(Map<String, Object> c) {
        int[] s = Configs.ints(c, "size");
        UpSampling2D u = new UpSampling2D(s[0], s[1]);
        u.applyBaseConfig(c);
        return u;
    }
}
