package io.cambium.data.loaders;

import io.cambium.tensor.Shape;
import io.cambium.tensor.Tensor;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipException;

/**
 * Reads and writes IDX files (the MNIST / Fashion-MNIST format), raw or gzip-compressed (detected
 * from the content, not the name). Every header field is validated and a truncated or corrupt file
 * fails with a message naming the file, before any large allocation.
 */
public final class Idx {
    /** Element types of the IDX format (third byte of the magic number). */
    public static final int UBYTE = 0x08;
    public static final int BYTE = 0x09;
    public static final int SHORT = 0x0B;
    public static final int INT = 0x0C;
    public static final int FLOAT = 0x0D;
    public static final int DOUBLE = 0x0E;

    private static final int MAX_ELEMENTS = Integer.MAX_VALUE - 8;

    private Idx() {
    }

    /** Reads an IDX file into a float tensor of its shape (values converted exactly to float). */
    public static Tensor read(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return read(in, file.toString());
        } catch (java.nio.file.NoSuchFileException e) {
            throw new IllegalArgumentException("IDX file not found: " + file, e);
        } catch (IOException e) {
            throw new UncheckedIOException("IDX " + file + ": " + e.getMessage(), e);
        }
    }

    /** Reads an IDX stream; {@code name} is used in error messages. The stream is not closed. */
    public static Tensor read(InputStream raw, String name) throws IOException {
        BufferedInputStream in = new BufferedInputStream(raw);
        in.mark(2);
        int b0 = in.read();
        int b1 = in.read();
        in.reset();
        InputStream src = in;
        if (b0 == 0x1f && b1 == 0x8b) {
            src = new GZIPInputStream(in, 1 << 16);
        }
        try {
            return parse(src, name);
        } catch (ZipException | java.io.EOFException e) {
            throw new IllegalArgumentException("IDX " + name + ": corrupt gzip stream (" + e.getMessage() + ")", e);
        }
    }

    private static Tensor parse(InputStream in, String name) throws IOException {
        byte[] magic = in.readNBytes(4);
        if (magic.length < 4) {
            throw new IllegalArgumentException("IDX " + name + ": truncated header (" + magic.length
                    + " of 4 magic bytes)");
        }
        int type = magic[2] & 0xff;
        int rank = magic[3] & 0xff;
        int size = elementSize(type);
        if (magic[0] != 0 || magic[1] != 0 || size < 0) {
            throw new IllegalArgumentException(String.format("IDX %s: bad magic number 0x%02x%02x%02x%02x"
                    + " (expected 0x0000TTRR with type TT in 08,09,0B,0C,0D,0E); not an IDX file?",
                    name, magic[0], magic[1], magic[2], magic[3]));
        }
        if (rank == 0) {
            throw new IllegalArgumentException("IDX " + name + ": rank 0 in the magic number");
        }
        byte[] dimBytes = in.readNBytes(4 * rank);
        if (dimBytes.length < 4 * rank) {
            throw new IllegalArgumentException("IDX " + name + ": truncated header (" + dimBytes.length
                    + " of " + 4 * rank + " dimension bytes)");
        }
        ByteBuffer dims = ByteBuffer.wrap(dimBytes);
        int[] shape = new int[rank];
        long n = 1;
        for (int i = 0; i < rank; i++) {
            shape[i] = dims.getInt();
            if (shape[i] < 0) {
                throw new IllegalArgumentException("IDX " + name + ": negative dimension " + shape[i]
                        + " at axis " + i);
            }
            n *= shape[i];
            if (n > MAX_ELEMENTS) {
                throw new IllegalArgumentException("IDX " + name + ": shape " + Shape.str(shape)
                        + "... has more elements than a tensor can hold");
            }
        }
        long expected = n * size;
        // Read in bounded chunks so a lying header cannot make us allocate before data arrives.
        ByteArrayOutputStream payload = new ByteArrayOutputStream((int) Math.min(expected, 1 << 20));
        byte[] buf = new byte[1 << 16];
        long remaining = expected;
        while (remaining > 0) {
            int r = in.read(buf, 0, (int) Math.min(buf.length, remaining));
            if (r < 0) {
                throw new IllegalArgumentException("IDX " + name + ": truncated data: shape " + Shape.str(shape)
                        + " needs " + expected + " bytes, file has " + (expected - remaining));
            }
            payload.write(buf, 0, r);
            remaining -= r;
        }
        if (in.read() >= 0) {
            throw new IllegalArgumentException("IDX " + name + ": trailing bytes after the " + expected
                    + " data bytes of shape " + Shape.str(shape));
        }
        ByteBuffer data = ByteBuffer.wrap(payload.toByteArray());
        float[] out = new float[(int) n];
        for (int i = 0; i < out.length; i++) {
            out[i] = switch (type) {
                case UBYTE -> data.get() & 0xff;
                case BYTE -> data.get();
                case SHORT -> data.getShort();
                case INT -> data.getInt();
                case FLOAT -> data.getFloat();
                default -> (float) data.getDouble();
            };
        }
        return new Tensor(out, shape);
    }

    private static int elementSize(int type) {
        return switch (type) {
            case UBYTE, BYTE -> 1;
            case SHORT -> 2;
            case INT, FLOAT -> 4;
            case DOUBLE -> 8;
            default -> -1;
        };
    }

    /** Writes unsigned bytes as an IDX file of the given shape, gzip-compressed if {@code gzip}. */
    public static void writeUbyte(Path file, int[] shape, byte[] data, boolean gzip) {
        if (Shape.numel(shape) != data.length) {
            throw new IllegalArgumentException("IDX write: " + data.length + " bytes do not fill shape "
                    + Shape.str(shape));
        }
        try (OutputStream f = Files.newOutputStream(file);
             OutputStream o = gzip ? new GZIPOutputStream(f) : f;
             DataOutputStream out = new DataOutputStream(o)) {
            out.writeInt((UBYTE << 8) | shape.length);
            for (int d : shape) {
                out.writeInt(d);
            }
            out.write(data);
        } catch (IOException e) {
            throw new UncheckedIOException("IDX write " + file + ": " + e.getMessage(), e);
        }
    }
}
