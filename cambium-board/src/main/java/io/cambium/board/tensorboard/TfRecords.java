package io.cambium.board.tensorboard;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.zip.CRC32C;

/**
 * TensorFlow's record framing, which event files use: for each record, its length as a
 * little-endian uint64, the masked CRC-32C of those 8 bytes (uint32), the data, and the masked
 * CRC-32C of the data.
 */
public final class TfRecords {
    /** Bytes of framing before the data: length and its checksum. */
    public static final int HEADER_BYTES = 12;
    /** Bytes of framing after the data: its checksum. */
    public static final int FOOTER_BYTES = 4;
    private static final int MASK_DELTA = 0xa282ead8;

    private TfRecords() {
    }

    /** TensorFlow's masked CRC-32C (Castagnoli) of {@code len} bytes of {@code data} from {@code off}. */
    public static int maskedCrc32c(byte[] data, int off, int len) {
        CRC32C crc = new CRC32C();
        crc.update(data, off, len);
        int c = (int) crc.getValue();
        // Rotated right by 15 bits and offset, so that a CRC of data holding CRCs stays strong.
        return ((c >>> 15) | (c << 17)) + MASK_DELTA;
    }

    /** Writes one framed record. */
    public static void write(OutputStream out, byte[] data) throws IOException {
        byte[] header = new byte[HEADER_BYTES];
        ByteBuffer h = ByteBuffer.wrap(header).order(ByteOrder.LITTLE_ENDIAN);
        h.putLong(0, data.length);
        h.putInt(8, maskedCrc32c(header, 0, 8));
        out.write(header);
        out.write(data);
        byte[] footer = new byte[FOOTER_BYTES];
        ByteBuffer.wrap(footer).order(ByteOrder.LITTLE_ENDIAN).putInt(0, maskedCrc32c(data, 0, data.length));
        out.write(footer);
    }
}
