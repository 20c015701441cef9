package io.cambium.data.loaders;

import io.cambium.data.preprocessing.ColorMode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/** CSV files and images that are wrong or hostile: clear errors naming the file, never silent data loss or OOM. */
class HostileInputsTest {
    @TempDir
    Path dir;

    @Test
    void duplicateColumnNamesAreRejectedNotShadowed() {
        // Reading by name would return column 1 for both "a"s: the third column silently lost.
        assertThatThrownBy(() -> Csv.read(new StringReader("a,b,a\n1,2,3\n"), "dup.csv", ',', true))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("CSV dup.csv: column name 'a' appears twice (columns 1 and 3); column names must be unique");
        assertThatThrownBy(() -> Csv.read(new StringReader(" x ,x\n1,2\n"), "trim.csv", ',', true))
                .hasMessageContaining("column name 'x' appears twice");
    }

    @Test
    void numbersBeyondFloatRangeAreErrorsNotInfinity() throws Exception {
        CsvTable t = Csv.read(new StringReader("a,b\n1,2\n1e39,3\n-4e38,5\n"), "big.csv", ',', true);
        assertThat(t.type("a")).isEqualTo(CsvTable.ColumnType.NUMERIC);
        assertThatThrownBy(() -> t.numeric("a")).hasMessage("CSV big.csv: value '1e39' at row 1 (line 3), column 'a' is"
                + " outside the float32 range (+-3.4e38)");
        assertThatThrownBy(() -> t.toTensor("a", "b")).hasMessageContaining("1e39");
        assertThat(t.numeric("b")).containsExactly(2f, 3f, 5f);
        // An explicit infinity is the user's choice, a missing value stays NaN.
        CsvTable inf = Csv.read(new StringReader("a\nInfinity\nNA\n"), "inf.csv", ',', true);
        assertThat(inf.numeric("a")).containsExactly(Float.POSITIVE_INFINITY, Float.NaN);
    }

    @Test
    void binaryFilesAndDirectoriesAreNamedAsSuch() throws Exception {
        Path png = dir.resolve("picture.csv");
        BufferedImage img = new BufferedImage(4, 4, BufferedImage.TYPE_INT_RGB);
        ImageIO.write(img, "png", png.toFile());
        assertThatThrownBy(() -> Csv.read(png)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("CSV " + png + " is not UTF-8 text (a binary file?)");
        Path d = Files.createDirectory(dir.resolve("folder.csv"));
        assertThatThrownBy(() -> Csv.read(d)).hasMessageContaining("is not a regular file");
    }

    /** A PNG whose header declares {@code w x h} RGB pixels, with almost no pixel data. */
    private static byte[] bombPng(int w, int h) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        DataOutputStream d = new DataOutputStream(out);
        d.write(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
        ByteArrayOutputStream ihdr = new ByteArrayOutputStream();
        DataOutputStream i = new DataOutputStream(ihdr);
        i.writeInt(w);
        i.writeInt(h);
        i.write(new byte[] {8, 2, 0, 0, 0});
        chunk(d, "IHDR", ihdr.toByteArray());
        Deflater z = new Deflater();
        z.setInput(new byte[w * 3 + 1]);
        z.finish();
        byte[] buf = new byte[1 << 16];
        int n = z.deflate(buf);
        chunk(d, "IDAT", java.util.Arrays.copyOf(buf, n));
        chunk(d, "IEND", new byte[0]);
        return out.toByteArray();
    }

    private static void chunk(DataOutputStream d, String type, byte[] data) throws IOException {
        d.writeInt(data.length);
        byte[] t = type.getBytes(StandardCharsets.US_ASCII);
        d.write(t);
        d.write(data);
        CRC32 crc = new CRC32();
        crc.update(t);
        crc.update(data);
        d.writeInt((int) crc.getValue());
    }

    @Test
    void anImageDeclaringBillionsOfPixelsIsRejectedBeforeDecoding() throws Exception {
        Path bomb = Files.write(dir.resolve("bomb.png"), bombPng(40000, 40000));
        assertThat(Files.size(bomb)).isLessThan(1000);
        assertTimeoutPreemptively(Duration.ofSeconds(20), () -> assertThatThrownBy(() -> Images.read(bomb))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("image " + bomb + " declares 40000 x 40000 pixels, more than the limit of 89478485"
                        + " (a corrupt file or a decompression bomb)"));
        Path cls = Files.createDirectories(dir.resolve("folder/cat"));
        Files.copy(bomb, cls.resolve("bomb.png"));
        assertThatThrownBy(() -> ImageFolder.of(dir.resolve("folder"), 8, 8, ColorMode.RGB).load())
                .hasMessageContaining("bomb.png").hasMessageContaining("decompression bomb");
        Path junk = Files.write(dir.resolve("junk.png"), new byte[] {(byte) 0x89, 'P', 'N', 'G', 1, 2, 3});
        assertThatThrownBy(() -> Images.read(junk)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("junk.png");
        assertThatThrownBy(() -> Images.read(dir.resolve("none.png"))).hasMessageContaining("image not found");
    }

    @Test
    void anEmptyClassFolderIsNamed() throws Exception {
        Path root = dir.resolve("animals");
        Files.createDirectories(root.resolve("cat"));
        Files.createDirectories(root.resolve("dog"));
        ImageIO.write(new BufferedImage(4, 4, BufferedImage.TYPE_INT_RGB), "png", root.resolve("cat/a.png").toFile());
        Files.writeString(root.resolve("dog/readme.txt"), "no pictures yet");
        assertThatThrownBy(() -> ImageFolder.of(root, 4, 4, ColorMode.GRAYSCALE))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("class folder 'dog' has no images");
    }
}
