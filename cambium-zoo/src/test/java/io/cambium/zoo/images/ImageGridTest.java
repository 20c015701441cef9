package io.cambium.zoo.images;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cambium.tensor.Tensor;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageGridTest {
    @TempDir
    Path dir;

    @Test
    void laysOutImagesRowByRowWithBordersAndScalesTheRange() throws Exception {
        float[] d = new float[5 * 2 * 3];
        for (int i = 0; i < 5; i++) {
            java.util.Arrays.fill(d, i * 6, i * 6 + 6, -1f + 0.5f * i); // image i is uniform
        }
        Path png = dir.resolve("sub/grid.png");
        ImageGrid.write(new Tensor(d, 5, 2, 3, 1), 3, -1f, 1f, png);
        BufferedImage img = ImageIO.read(png.toFile());
        // 3 columns of width 3 + 2, 2 rows of height 2 + 2, plus the outer border.
        assertThat(img.getWidth()).isEqualTo(3 * 5 + 2);
        assertThat(img.getHeight()).isEqualTo(2 * 4 + 2);
        assertThat(gray(img, 2, 2)).isEqualTo(0);            // image 0: -1 -> black
        assertThat(gray(img, 2 + 5, 2)).isEqualTo(64);       // image 1: -0.5 -> 63.75
        assertThat(gray(img, 2 + 10, 2)).isEqualTo(128);     // image 2: 0 -> 127.5
        assertThat(gray(img, 2 + 5, 2 + 4)).isEqualTo(255);  // image 4: 1 -> white
        assertThat(gray(img, 0, 0)).isEqualTo(0);            // border
        try (var files = Files.list(png.getParent())) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("grid.png");
        }
    }

    @Test
    void rgbImagesAndZoom() {
        Tensor rgb = Tensor.of(new float[] {1f, 0f, 0.5f}, 1, 1, 1, 3);
        BufferedImage img = ImageGrid.render(rgb, 4, 0f, 1f, 3);
        assertThat(img.getWidth()).isEqualTo(3 + 4);
        assertThat(img.getRGB(2, 2) & 0xffffff).isEqualTo(0xff0080);
        assertThat(img.getRGB(4, 4) & 0xffffff).isEqualTo(0xff0080);
    }

    @Test
    void badInputsNameTheProblem() {
        assertThatThrownBy(() -> ImageGrid.render(Tensor.zeros(2, 28, 28), 8, 0f, 1f, 1))
                .hasMessageContaining("expected images [N, H, W, 1 or 3], got (2, 28, 28)");
        assertThatThrownBy(() -> ImageGrid.render(Tensor.zeros(1, 2, 2, 1), 0, 0f, 1f, 1))
                .hasMessageContaining("columns 0");
    }

    private static int gray(BufferedImage img, int x, int y) {
        return img.getRGB(x, y) & 0xff;
    }
}
