package io.cambium.board.tensorboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cambium.board.tensorboard.proto.DataType;
import io.cambium.board.tensorboard.proto.Event;
import io.cambium.board.tensorboard.proto.Summary;
import io.cambium.nn.io.InvalidFileException;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Record framing against TensorFlow's own bytes: the two records below are the start of an event
 * file written by TensorFlow ({@code tf.summary.scalar("accuracy", 0.99, step=77)}), as quoted in
 * TensorBoard's reader tests (tensorboard/data/server/tf_record.rs).
 */
class TfRecordsTest {
    @TempDir
    Path dir;

    private static byte[] bytes(int... v) {
        byte[] b = new byte[v.length];
        for (int i = 0; i < v.length; i++) {
            b[i] = (byte) v[i];
        }
        return b;
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    static final byte[] RECORD_1 = concat(bytes(0x18, 0, 0, 0, 0, 0, 0, 0), bytes(0xa3, 0x7f, 0x4b, 0x22),
            bytes(0x09, 0x00, 0x00, 0x80, 0x38, 0x99, 0xd6, 0xd7, 0x41, 0x1a, 0x0d), ascii("brain.Event:2"),
            bytes(0x12, 0x4b, 0x36, 0xab));
    static final byte[] RECORD_2_DATA = concat(bytes(0x09, 0xc4, 0x05, 0xb7, 0x3d, 0x99, 0xd6, 0xd7, 0x41),
            bytes(0x10, 0x4d), bytes(0x2a, 0x25), bytes(0x0a, 0x23, 0x0a, 0x08), ascii("accuracy"),
            bytes(0x42, 0x0a, 0x08, 0x01, 0x12, 0x00, 0x22, 0x04, 0xa4, 0x70, 0x7d, 0x3f, 0x4a),
            bytes(0x0b, 0x0a, 0x09, 0x0a, 0x07), ascii("scalars"));
    static final byte[] RECORD_2 = concat(bytes(0x32, 0, 0, 0, 0, 0, 0, 0), bytes(0x24, 0x19, 0x56, 0xec),
            RECORD_2_DATA, bytes(0xa5, 0x5b, 0x64, 0x33));

    @Test
    void maskedCrc32cMatchesTheKnownValues() {
        // RFC 3720 B.4: the CRC-32C of 32 zero bytes is 0x8a9136aa; then TensorFlow's mask.
        int c = 0x8a9136aa;
        assertThat(TfRecords.maskedCrc32c(new byte[32], 0, 32)).isEqualTo(((c >>> 15) | (c << 17)) + 0xa282ead8);
        byte[] tf = concat(bytes(0x1a, 0x11), ascii("CRC test, one two"));
        assertThat(TfRecords.maskedCrc32c(tf, 0, tf.length)).isEqualTo(0x5794d08a);
    }

    @Test
    void readsTensorFlowsRecordsAndWritesTheScalarRecordByteForByte() throws Exception {
        Path f = dir.resolve("events.out.tfevents.1.tf");
        Files.write(f, concat(RECORD_1, RECORD_2));
        EventFileReader.Contents c = EventFileReader.read(f);
        assertThat(c.truncatedTail()).isFalse();
        assertThat(c.events()).hasSize(2);
        assertThat(c.events().get(0).getFileVersion()).isEqualTo("brain.Event:2");
        Event e = c.events().get(1);
        assertThat(e.getStep()).isEqualTo(77);
        Summary.Value v = e.getSummary().getValue(0);
        assertThat(v.getTag()).isEqualTo("accuracy");
        assertThat(v.getTensor().getDtype()).isEqualTo(DataType.DT_FLOAT);
        assertThat(v.getTensor().getTensorShape().getDimCount()).isZero();
        assertThat(SummaryWriter.scalarValue(v)).isEqualTo(0.99f);
        assertThat(v.getMetadata().getPluginData().getPluginName()).isEqualTo("scalars");

        double wallTime = ByteBuffer.wrap(RECORD_2_DATA, 1, 8).order(ByteOrder.LITTLE_ENDIAN).getDouble();
        Path out = dir.resolve("ours");
        try (SummaryWriter w = new SummaryWriter(out, () -> wallTime)) {
            w.addScalar("accuracy", 0.99, 77);
        }
        byte[] written = Files.readAllBytes(w(out));
        long firstLength = ByteBuffer.wrap(written, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        int second = (int) (TfRecords.HEADER_BYTES + firstLength + TfRecords.FOOTER_BYTES);
        assertThat(Arrays.copyOfRange(written, second, written.length)).isEqualTo(RECORD_2);
    }

    private static Path w(Path dir) throws Exception {
        List<Path> files = EventFileReader.eventFiles(dir);
        assertThat(files).hasSize(1);
        assertThat(files.get(0).getFileName().toString()).startsWith("events.out.tfevents.");
        return files.get(0);
    }

    @Test
    void corruptAndHostileFilesAreRejectedWithTheOffsetAndTruncatedTailsEndQuietly() throws Exception {
        Path f = dir.resolve("f");
        byte[] good = concat(RECORD_1, RECORD_2);

        byte[] badData = good.clone();
        badData[RECORD_1.length + 20] ^= 1;
        Files.write(f, badData);
        assertThatThrownBy(() -> EventFileReader.read(f)).isInstanceOf(InvalidFileException.class)
                .hasMessageContaining("corrupt record at offset " + RECORD_1.length + " (data checksum mismatch)");

        byte[] badLength = good.clone();
        badLength[RECORD_1.length] = 0x33;
        Files.write(f, badLength);
        assertThatThrownBy(() -> EventFileReader.read(f)).isInstanceOf(InvalidFileException.class)
                .hasMessageContaining("corrupt record header at offset " + RECORD_1.length);

        // A length with a valid checksum but far beyond any record: refused before allocating.
        byte[] header = new byte[12];
        ByteBuffer h = ByteBuffer.wrap(header).order(ByteOrder.LITTLE_ENDIAN);
        h.putLong(0, 1L << 40);
        h.putInt(8, TfRecords.maskedCrc32c(header, 0, 8));
        Files.write(f, concat(RECORD_1, header, new byte[100]));
        assertThatThrownBy(() -> EventFileReader.read(f)).isInstanceOf(InvalidFileException.class)
                .hasMessageContaining("claims 1099511627776 bytes");

        // Valid framing around bytes that are not an Event.
        ByteArrayOutputStream notEvent = new ByteArrayOutputStream();
        TfRecords.write(notEvent, bytes(0xff, 0xff, 0xff));
        Files.write(f, concat(RECORD_1, notEvent.toByteArray()));
        assertThatThrownBy(() -> EventFileReader.read(f)).isInstanceOf(InvalidFileException.class)
                .hasMessageContaining("is not a TensorBoard Event");

        for (int cut : new int[] {RECORD_1.length + 5, RECORD_1.length + 30, good.length - 1}) {
            Files.write(f, Arrays.copyOf(good, cut));
            EventFileReader.Contents c = EventFileReader.read(f);
            assertThat(c.truncatedTail()).isTrue();
            assertThat(c.events()).hasSize(1);
        }
    }
}
