package io.cambium.zoo.images;

import io.cambium.tensor.Shape;
import io.cambium.tensor.Tensor;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import javax.imageio.ImageIO;

/**
 * Writes a batch of images as one PNG grid: {@code [N, H, W, C]} (channels last, C = 1 or 3) with
 * values in {@code [low, high]} (0..1 for data, -1..1 for a tanh generator), row by row, with a
 * 2-pixel border; values outside the range are clipped. Files are written to a temporary file and
 * renamed, so a crash never leaves a half-written PNG.
 *
 * <pre>{@code
 * ImageGrid.write(generator.predict(z), 8, -1f, 1f, Path.of("samples.png"));
 * }</pre>
 */
public final class ImageGrid {
    private static final int BORDER = 2;

    private ImageGrid() {
    }

    /**
     * Lays out up to {@code columns * ceil(N / columns)} images and writes the PNG.
     *
     * @throws IllegalArgumentException when the tensor is not [N, H, W, 1 or 3] or columns < 1
     */
    public static void write(Tensor images, int columns, float low, float high, Path png) {
        BufferedImage img = render(images, columns, low, high, 1);
        try {
            Path dir = png.toAbsolutePath().getParent();
            if (dir != null) {
                Files.createDirectories(dir);
            }
            Path tmp = Files.createTempFile(dir, ".grid", ".png.tmp");
            try {
                if (!ImageIO.write(img, "png", tmp.toFile())) {
                    throw new IOException("no PNG writer available");
                }
                Files.move(tmp, png, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("ImageGrid: cannot write " + png + ": " + e.getMessage(), e);
        }
    }

    /**
     * The grid as an image, each pixel scaled up {@code zoom} times (nearest neighbour).
     *
     * @throws IllegalArgumentException when the tensor is not [N, H, W, 1 or 3] or columns < 1
     */
    public static BufferedImage render(Tensor images, int columns, float low, float high, int zoom) {
        int[] s = images.shape();
        if (s.length != 4 || (s[3] != 1 && s[3] != 3) || s[0] < 1) {
            throw new IllegalArgumentException("ImageGrid: expected images [N, H, W, 1 or 3], got " + Shape.str(s));
        }
        if (columns < 1 || zoom < 1 || !(high > low)) {
            throw new IllegalArgumentException("ImageGrid: columns " + columns + " and zoom " + zoom
                    + " must be at least 1 and the range [" + low + ", " + high + "] non-empty");
        }
        int n = s[0];
        int h = s[1];
        int w = s[2];
        int c = s[3];
        int cols = Math.min(columns, n);
        int rows = (n + cols - 1) / cols;
        int cellH = h * zoom + BORDER;
        int cellW = w * zoom + BORDER;
        BufferedImage img = new BufferedImage(cols * cellW + BORDER, rows * cellH + BORDER, BufferedImage.TYPE_INT_RGB);
        float[] d = images.data();
        float scale = 255f / (high - low);
        for (int i = 0; i < n; i++) {
            int top = BORDER + (i / cols) * cellH;
            int left = BORDER + (i % cols) * cellW;
            for (int y = 0; y < h * zoom; y++) {
                for (int x = 0; x < w * zoom; x++) {
                    int base = ((i * h + y / zoom) * w + x / zoom) * c;
                    int r = level(d[base], low, scale);
                    int rgb = c == 1 ? (r << 16) | (r << 8) | r
                            : (r << 16) | (level(d[base + 1], low, scale) << 8) | level(d[base + 2], low, scale);
                    img.setRGB(left + x, top + y, rgb);
                }
            }
        }
        return img;
    }

    private static int level(float v, float low, float scale) {
        float q = (v - low) * scale;
        // NaN shows as black rather than failing the whole grid.
        return q >= 255f ? 255 : q > 0f ? Math.round(q) : 0;
    }
}
