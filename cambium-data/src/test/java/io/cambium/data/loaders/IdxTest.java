package io.cambium.data.loaders;

import io.cambium.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class IdxTest {
    @TempDir
    Path dir;

    @Test
    void roundTripRawAndGzip() {
        byte[] data = new byte[2 * 3 * 4];
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) (i * 11);
        }
        for (boolean gz : new boolean[] {false, true}) {
            Path f = dir.resolve("a" + gz);
            Idx.writeUbyte(f, new int[] {2, 3, 4}, data, gz);
            Tensor t = Idx.read(f);
            assertThat(t.shape()).containsExactly(2, 3, 4);
            assertThat(t.get(1, 2, 3)).isEqualTo((23 * 11) & 0xff);
        }
    }

    @Test
    void readsFloatAndIntTypes() throws IOException {
        ByteBuffer b = ByteBuffer.allocate(4 + 4 + 8);
        b.putInt(0x00000D01).putInt(2).putFloat(1.5f).putFloat(-2.25f);
        Path f = dir.resolve("f.idx");
        Files.write(f, b.array());
        assertThat(Idx.read(f).toArray()).containsExactly(1.5f, -2.25f);
        ByteBuffer i = ByteBuffer.allocate(4 + 4 + 4);
        i.putInt(0x00000C01).putInt(1).putInt(-7);
        Files.write(f, i.array());
        assertThat(Idx.read(f).toArray()).containsExactly(-7f);
    }

    @Test
    void badMagicIsReported() throws IOException {
        Path f = dir.resolve("bad");
        Files.write(f, "hello world, not idx".getBytes());
        assertThatThrownBy(() -> Idx.read(f)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(f.toString()).hasMessageContaining("bad magic number 0x68656c6c");
        Files.write(f, new byte[] {0, 0, 0x07, 1, 0, 0, 0, 1, 5});
        assertThatThrownBy(() -> Idx.read(f)).hasMessageContaining("bad magic number 0x00000701");
    }

    @Test
    void truncatedFilesAreReported() throws IOException {
        Path f = dir.resolve("t");
        Files.write(f, new byte[] {0, 0, 8});
        assertThatThrownBy(() -> Idx.read(f)).hasMessageContaining("truncated header (3 of 4 magic bytes)");
        Files.write(f, new byte[] {0, 0, 8, 3, 0, 0, 0, 2, 0, 0});
        assertThatThrownBy(() -> Idx.read(f)).hasMessageContaining("truncated header (6 of 12 dimension bytes)");
        Idx.writeUbyte(f, new int[] {10, 28, 28}, new byte[10 * 784], false);
        byte[] all = Files.readAllBytes(f);
        Files.write(f, Arrays.copyOf(all, all.length - 100));
        assertThatThrownBy(() -> Idx.read(f))
                .hasMessageContaining("truncated data: shape (10, 28, 28) needs 7840 bytes, file has 7740");
        Files.write(f, Arrays.copyOf(all, all.length + 3));
        assertThatThrownBy(() -> Idx.read(f)).hasMessageContaining("trailing bytes");
    }

    @Test
    void hugeHeaderFailsWithoutAllocating() throws IOException {
        Path f = dir.resolve("huge");
        ByteBuffer b = ByteBuffer.allocate(4 + 12 + 10);
        b.putInt(0x00000803).putInt(60000).putInt(10000).putInt(10000);
        Files.write(f, b.array());
        assertThatThrownBy(() -> Idx.read(f)).hasMessageContaining("more elements than a tensor can hold");
        ByteBuffer c = ByteBuffer.allocate(4 + 4 + 10);
        c.putInt(0x00000801).putInt(1_000_000_000);
        Files.write(f, c.array());
        assertThatThrownBy(() -> Idx.read(f)).hasMessageContaining("needs 1000000000 bytes, file has 10");
    }

    @Test
    void corruptGzipIsReported() throws IOException {
        ByteArrayOutputStream bos = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(bos)) {
            gz.write(new byte[] {0, 0, 8, 1, 0, 0, 0, 100});
            gz.write(new byte[100]);
        }
        byte[] z = bos.toByteArray();
        Path f = dir.resolve("c.gz");
        Files.write(f, Arrays.copyOf(z, z.length / 2));
        assertThatThrownBy(() -> Idx.read(f)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(f.toString());
    }

    @Test
    void missingFileIsReported() {
        assertThatThrownBy(() -> Idx.read(dir.resolve("nope.idx"))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("IDX file not found").hasMessageContaining("nope.idx");
    }
}
