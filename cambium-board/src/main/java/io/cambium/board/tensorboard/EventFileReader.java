package io.cambium.board.tensorboard;

import com.google.protobuf.InvalidProtocolBufferException;
import io.cambium.board.tensorboard.proto.Event;
import io.cambium.nn.io.InvalidFileException;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Reads TensorBoard event files back, checking every checksum. A record cut short at the end of
 * the file (a writer still at work) ends the reading quietly; anything else that is wrong (a
 * checksum, a length beyond the file, a record that is not an {@link Event}) is an
 * {@link InvalidFileException} naming the file and the offset. Records are read one at a time, so
 * a hostile length cannot make the reader allocate more than the file holds.
 */
public final class EventFileReader {
    /** The largest record accepted (TensorBoard's images and graphs are far smaller). */
    public static final long MAX_RECORD_BYTES = 256L << 20;

    private EventFileReader() {
    }

    /** What one file held. */
    public record Contents(Path file, List<Event> events, boolean truncatedTail) {
    }

    /** The events of one file, in order. */
    public static Contents read(Path file) throws IOException {
        long size = Files.size(file);
        List<Event> events = new ArrayList<>();
        long offset = 0;
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
            byte[] header = new byte[TfRecords.HEADER_BYTES];
            while (true) {
                int got = in.readNBytes(header, 0, header.length);
                if (got == 0) {
                    return new Contents(file, events, false);
                }
                if (got < header.length) {
                    return new Contents(file, events, true);
                }
                ByteBuffer h = ByteBuffer.wrap(header).order(ByteOrder.LITTLE_ENDIAN);
                long length = h.getLong(0);
                if (h.getInt(8) != TfRecords.maskedCrc32c(header, 0, 8)) {
                    throw new InvalidFileException(file, "corrupt record header at offset " + offset
                            + " (length checksum mismatch)");
                }
                long end = offset + TfRecords.HEADER_BYTES + length + TfRecords.FOOTER_BYTES;
                if (length < 0 || length > MAX_RECORD_BYTES) {
                    throw new InvalidFileException(file, "record at offset " + offset + " claims " + Long.toUnsignedString(length)
                            + " bytes (at most " + MAX_RECORD_BYTES + " accepted)");
                }
                if (end > size) {
                    // Cut short: the writer has not finished this record (or the file was truncated).
                    return new Contents(file, events, true);
                }
                byte[] data = in.readNBytes((int) length);
                byte[] footer = in.readNBytes(TfRecords.FOOTER_BYTES);
                if (data.length < length || footer.length < TfRecords.FOOTER_BYTES) {
                    return new Contents(file, events, true);
                }
                int crc = ByteBuffer.wrap(footer).order(ByteOrder.LITTLE_ENDIAN).getInt(0);
                if (crc != TfRecords.maskedCrc32c(data, 0, data.length)) {
                    throw new InvalidFileException(file, "corrupt record at offset " + offset + " (data checksum mismatch)");
                }
                try {
                    events.add(Event.parseFrom(data));
                } catch (InvalidProtocolBufferException e) {
                    throw new InvalidFileException(file, "record at offset " + offset + " is not a TensorBoard Event: "
                            + e.getMessage(), e);
                }
                offset = end;
            }
        }
    }

    /** The event files directly in {@code dir} ({@code events.out.tfevents.*}), oldest name first. */
    public static List<Path> eventFiles(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().startsWith("events.out.tfevents.") && Files.isRegularFile(p))
                    .sorted().toList();
        }
    }

    /** The events of every event file directly in {@code dir}, file by file. */
    public static List<Event> readDirectory(Path dir) throws IOException {
        List<Event> out = new ArrayList<>();
        for (Path f : eventFiles(dir)) {
            out.addAll(read(f).events());
        }
        return out;
    }
}
