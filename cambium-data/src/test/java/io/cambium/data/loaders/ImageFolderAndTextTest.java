package io.cambium.data.loaders;

import io.cambium.data.Example;
import io.cambium.data.preprocessing.ColorMode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ImageFolderAndTextTest {
    @TempDir
    Path dir;

    private void image(String cls, String name, int rgb, String format) throws Exception {
        Path d = dir.resolve(cls);
        Files.createDirectories(d);
        BufferedImage img = new BufferedImage(8, 6, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 6; y++) {
            for (int x = 0; x < 8; x++) {
                img.setRGB(x, y, rgb);
            }
        }
        ImageIO.write(img, format, d.resolve(name).toFile());
    }

    @Test
    void loadsClassesFromSubFolders() throws Exception {
        image("cat", "a.png", 0xff0000, "png");
        image("cat", "b.png", 0x00ff00, "png");
        image("dog", "c.png", 0x0000ff, "png");
        Files.writeString(dir.resolve("dog").resolve("notes.txt"), "ignored");
        ImageFolder f = ImageFolder.of(dir, 4, 4, ColorMode.RGB);
        assertThat(f.classNames()).containsExactly("cat", "dog");
        Example all = f.load();
        assertThat(all.x().shape()).containsExactly(3, 4, 4, 3);
        assertThat(all.y().toArray()).containsExactly(0f, 0f, 1f);
        assertThat(all.x().get(0, 1, 1, 0)).isEqualTo(255f);
        assertThat(all.x().get(2, 3, 3, 2)).isEqualTo(255f);
        assertThat(all.x().get(2, 3, 3, 0)).isEqualTo(0f);
        Example gray = ImageFolder.of(dir, 6, 8, ColorMode.GRAYSCALE).load();
        assertThat(gray.x().shape()).containsExactly(3, 6, 8, 1);
        assertThat(gray.x().get(0, 0, 0, 0)).isCloseTo(76.245f, org.assertj.core.data.Offset.offset(0.01f));
    }

    @Test
    void badFoldersAndFilesAreReported() throws Exception {
        assertThatThrownBy(() -> ImageFolder.of(dir.resolve("missing"), 4, 4, ColorMode.RGB))
                .hasMessageContaining("not found");
        assertThatThrownBy(() -> ImageFolder.of(dir, 4, 4, ColorMode.RGB)).hasMessageContaining("no class sub-folders");
        Files.createDirectories(dir.resolve("x"));
        Files.writeString(dir.resolve("x").resolve("broken.png"), "not a png");
        ImageFolder f = ImageFolder.of(dir, 4, 4, ColorMode.RGB);
        assertThatThrownBy(f::load).hasMessageContaining("broken.png");
    }

    @Test
    void textLinesAndCharactersStream() throws Exception {
        Path f = dir.resolve("t.txt");
        Files.writeString(f, "first line\nsecond é\n");
        assertThat(TextFiles.lines(f).toList()).containsExactly("first line", "second é");
        assertThat(TextFiles.codePoints(f).count()).isEqualTo(20);
        assertThat(TextFiles.lines(f).take(1).toList()).containsExactly("first line");
        assertThatThrownBy(() -> TextFiles.lines(dir.resolve("no.txt")).toList()).hasMessageContaining("not found");
    }
}
