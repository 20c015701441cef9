package io.cambium.nn.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cambium.tensor.Tensor;
import io.cambium.tensor.random.Rng;
import io.cambium.testing.Fixtures;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafeTensorsTest {
    @TempDir
    Path dir;

    private static Map<String, Tensor> sample() {
        Rng r = new Rng(1);
        Map<String, Tensor> m = new LinkedHashMap<>();
        m.put("dense/kernel", Tensor.normal(r, 0, 1, 3, 4));
        m.put("dense/bias", Tensor.normal(r, 0, 1, 4));
        m.put("count", Tensor.scalar(7f));
        m.put("nothing", Tensor.zeros(0, 5));
        m.put("big", Tensor.normal(r, 0, 1, 300_000));
        return m;
    }

    /** Builds a file by hand: header length as given, header JSON, then data bytes. */
    private Path raw(String name, long headerLen, String json, byte[] data) throws IOException {
        byte[] h = json.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(8 + h.length + data.length).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(headerLen).put(h).put(data);
        Path p = dir.resolve(name);
        Files.write(p, b.array());
        return p;
    }

    private Path raw(String name, String json, byte[] data) throws IOException {
        return raw(name, json.getBytes(StandardCharsets.UTF_8).length, json, data);
    }

    @Test
    void roundTripKeepsValuesOrderAndMetadata() throws IOException {
        Path p = dir.resolve("w.safetensors");
        Map<String, Tensor> m = sample();
        SafeTensors.write(p, m, Map.of("author", "test"));
        SafeTensors.Contents c = SafeTensors.read(p);
        assertThat(c.tensors().keySet()).containsExactlyElementsOf(m.keySet());
        for (String k : m.keySet()) {
            assertThat(c.tensors().get(k).shape()).as(k).isEqualTo(m.get(k).shape());
            assertThat(Arrays.equals(c.tensors().get(k).data(), m.get(k).data())).as(k).isTrue();
        }
        assertThat(c.metadata()).containsEntry("author", "test").containsKey(SafeTensors.CRC_KEY);
        byte[] bytes = Files.readAllBytes(p);
        long headerLen = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getLong();
        assertThat(headerLen % 8).as("header padded to 8 bytes").isZero();
        assertThat(new String(bytes, 8, 40, StandardCharsets.UTF_8)).startsWith("{\"__metadata__\":{");
    }

    @Test
    void readsTheReferenceLayoutWithAllSupportedDtypes() throws IOException {
        Path p = dir.resolve("ref.safetensors");
        try (InputStream in = getClass().getResourceAsStream("/fixtures/reference.safetensors")) {
            Files.copy(in, p);
        }
        SafeTensors.Contents c = SafeTensors.read(p);
        Fixtures.Case ref = Fixtures.load("safetensors.json").get("reference");
        for (String k : List.of("layer.weight", "half", "brain", "double", "scalar", "empty")) {
            Fixtures.assertClose(k, ref.tensor(k), c.tensors().get(k), 0, 0);
        }
        assertThat(c.metadata()).containsEntry("format", "pt").doesNotContainKey(SafeTensors.CRC_KEY);
        assertThat(io.cambium.tensor.quant.HalfPrecision.FLOAT16.decode((short) 0x7C00)).isEqualTo(Float.POSITIVE_INFINITY);
        assertThat(io.cambium.tensor.quant.HalfPrecision.FLOAT16.decode((short) 0x0001)).isEqualTo(0x1p-24f);
        assertThat(io.cambium.tensor.quant.HalfPrecision.FLOAT16.decode((short) 0xC000)).isEqualTo(-2f);
    }

    @Test
    void truncatedFilesAreRejected() throws IOException {
        Path p = dir.resolve("t.safetensors");
        SafeTensors.write(p, sample());
        byte[] full = Files.readAllBytes(p);
        Path cut = dir.resolve("cut.safetensors");
        Files.write(cut, Arrays.copyOf(full, full.length - 10));
        assertThatThrownBy(() -> SafeTensors.read(cut)).isInstanceOf(InvalidFileException.class)
                .hasMessageContaining("cut.safetensors").hasMessageContaining("out of range");
        Files.write(cut, Arrays.copyOf(full, 100));
        assertThatThrownBy(() -> SafeTensors.read(cut)).hasMessageContaining("header length")
                .hasMessageContaining("exceeds the 92 bytes");
        Files.write(cut, Arrays.copyOf(full, 5));
        assertThatThrownBy(() -> SafeTensors.read(cut)).hasMessageContaining("truncated: 5 bytes");
        assertThatThrownBy(() -> SafeTensors.read(dir.resolve("absent.safetensors"))).isInstanceOf(java.nio.file.NoSuchFileException.class)
                .hasMessageContaining("absent.safetensors: no such file");
    }

    @Test
    void hostileHeaderLengthsAreRejectedWithoutAllocating() throws IOException {
        for (long len : new long[] {Long.MAX_VALUE, -1L, -8L, 1L << 40, SafeTensors.MAX_HEADER_BYTES + 1}) {
            Path p = raw("h.safetensors", len, "{}", new byte[0]);
            assertThatThrownBy(() -> SafeTensors.read(p)).as("header length %d", len)
                    .isInstanceOf(InvalidFileException.class).hasMessageContaining("h.safetensors")
                    .hasMessageContaining("header length");
        }
    }

    @Test
    void corruptHeadersAreRejected() throws IOException {
        byte[] four = new byte[4];
        assertThatThrownBy(() -> SafeTensors.read(raw("a", "[1,2]   ", four))).hasMessageContaining("does not start with a JSON object");
        assertThatThrownBy(() -> SafeTensors.read(raw("b", "{\"x\":{\"dtype\":\"F32\",", four)))
                .hasMessageContaining("invalid JSON");
        assertThatThrownBy(() -> SafeTensors.read(raw("c",
                "{\"x\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]},\"x\":{\"dtype\":\"F32\",\"shape\":[1],"
                        + "\"data_offsets\":[0,4]}}", four))).hasMessageContaining("invalid JSON").hasMessageContaining("x");
        assertThatThrownBy(() -> SafeTensors.read(raw("d", "{\"x\":{\"dtype\":\"I64\",\"shape\":[1],\"data_offsets\":[0,8]}}",
                new byte[8]))).hasMessageContaining("dtype I64 is not supported").hasMessageContaining("tensor 'x'");
        assertThatThrownBy(() -> SafeTensors.read(raw("e", "{\"__metadata__\":{\"a\":1}}", new byte[0])))
                .hasMessageContaining("'a' is not a string");
        assertThatThrownBy(() -> SafeTensors.read(raw("f", "{} xyz", new byte[0]))).hasMessageContaining("invalid JSON");
    }

    @Test
    void wrongShapesAndOffsetsAreRejected() throws IOException {
        assertThatThrownBy(() -> SafeTensors.read(raw("s", "{\"x\":{\"dtype\":\"F32\",\"shape\":[2,3],\"data_offsets\":[0,16]}}",
                new byte[16]))).hasMessageContaining("shape (2, 3) of F32 needs 24 bytes but data_offsets [0, 16] hold 16");
        assertThatThrownBy(() -> SafeTensors.read(raw("n", "{\"x\":{\"dtype\":\"F32\",\"shape\":[-1],\"data_offsets\":[0,4]}}",
                new byte[4]))).hasMessageContaining("invalid dimension -1");
        assertThatThrownBy(() -> SafeTensors.read(raw("o",
                "{\"x\":{\"dtype\":\"F32\",\"shape\":[65536,65536],\"data_offsets\":[0,17179869184]}}", new byte[4])))
                .hasMessageContaining("more than 2^31-1 elements");
        assertThatThrownBy(() -> SafeTensors.read(raw("v",
                "{\"x\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,99999999999999999999999]}}", new byte[4])))
                .hasMessageContaining("invalid data offset");
        assertThatThrownBy(() -> SafeTensors.read(raw("r", "{\"x\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[4,12]}}",
                new byte[8]))).hasMessageContaining("out of range");
        String two = "{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},"
                + "\"b\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[4,12]}}";
        assertThatThrownBy(() -> SafeTensors.read(raw("ov", two, new byte[12]))).hasMessageContaining("overlaps");
        String gap = "{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]},"
                + "\"b\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[8,12]}}";
        assertThatThrownBy(() -> SafeTensors.read(raw("gap", gap, new byte[12]))).hasMessageContaining("gap in the data section");
        assertThatThrownBy(() -> SafeTensors.read(raw("tail", "{\"x\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}",
                new byte[8]))).hasMessageContaining("cover 4 bytes but the data section has 8");
    }

    @Test
    void corruptDataFailsTheChecksum() throws IOException {
        Path p = dir.resolve("c.safetensors");
        SafeTensors.write(p, sample());
        byte[] b = Files.readAllBytes(p);
        b[b.length - 3] ^= 0x10;
        Files.write(p, b);
        assertThatThrownBy(() -> SafeTensors.read(p)).hasMessageContaining("checksum mismatch");
    }

    @Test
    void aCrashWhileWritingLeavesTheOldFileIntact() throws IOException {
        Path p = dir.resolve("keep.safetensors");
        SafeTensors.write(p, sample());
        byte[] before = Files.readAllBytes(p);
        // A map that fails while the data section is being written (its second pass).
        Map<String, Tensor> poisoned = new FailingMap(sample());
        assertThatThrownBy(() -> SafeTensors.write(p, poisoned)).hasMessageContaining("disk on fire");
        assertThat(Files.readAllBytes(p)).isEqualTo(before);
        try (var files = Files.list(dir)) {
            assertThat(files.map(x -> x.getFileName().toString())).containsExactly("keep.safetensors");
        }
        assertThat(SafeTensors.read(p).tensors()).hasSize(5);
    }

    /** Iterates normally once, then throws after the first two entries of the next pass. */
    static final class FailingMap extends AbstractMap<String, Tensor> {
        private final Map<String, Tensor> inner;
        private int passes;

        FailingMap(Map<String, Tensor> inner) {
            this.inner = inner;
        }

        @Override
        public Set<Entry<String, Tensor>> entrySet() {
            int pass = passes++;
            return new AbstractSet<>() {
                @Override
                public Iterator<Entry<String, Tensor>> iterator() {
                    Iterator<Entry<String, Tensor>> it = inner.entrySet().iterator();
                    return new Iterator<>() {
                        int n;

                        @Override
                        public boolean hasNext() {
                            return it.hasNext();
                        }

                        @Override
                        public Entry<String, Tensor> next() {
                            if (pass > 0 && n++ == 2) {
                                throw new IllegalStateException("disk on fire");
                            }
                            return it.next();
                        }
                    };
                }

                @Override
                public int size() {
                    return inner.size();
                }
            };
        }
    }
}
