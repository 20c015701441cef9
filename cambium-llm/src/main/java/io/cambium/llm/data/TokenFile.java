package io.cambium.llm.data;

import io.cambium.llm.tokenizer.Tokenizer;
import io.cambium.nn.io.AtomicFile;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Token ids stored compactly on disk and memory-mapped, so a corpus larger than the heap costs no
 * heap. The file is a 32-byte header and the ids, little-endian:
 *
 * <pre>
 * offset  size  field
 *  0      8     magic "CMBTOKEN"
 *  8      4     format version (1)
 * 12      4     bytes per token: 2 (uint16) or 4 (int32)
 * 16      4     vocabulary size (every id is below it)
 * 20      4     reserved, 0
 * 24      8     number of tokens
 * 32      ...   the ids
 * </pre>
 *
 * Opening validates the header against the file's size and every id against the vocabulary, so a
 * truncated, padded or hostile file is rejected with a message naming the file. nanoGPT's
 * headerless {@code uint16} {@code .bin} files open with {@link #openRaw}.
 */
public final class TokenFile implements TokenSequence {
    /** Header size in bytes. */
    public static final int HEADER_BYTES = 32;
    static final byte[] MAGIC = "CMBTOKEN".getBytes(StandardCharsets.US_ASCII);
    static final int VERSION = 1;
    /** Largest vocabulary (ids stay exact in float32 tensors). */
    public static final int MAX_VOCAB = 1 << 24;
    /** Mapped segments are 1 GiB (a mapping is limited to 2 GiB); tests use smaller ones. */
    static final int SEGMENT_SHIFT = 30;

    private final Path path;
    private final TokenDType dtype;
    private final int vocabSize;
    private final long length;
    private final long dataOffset;
    private final MappedByteBuffer[] segments;
    private final int shift;
    private final long mask;

    private TokenFile(Path path, TokenDType dtype, int vocabSize, long length, long dataOffset, MappedByteBuffer[] segments,
                      int shift) {
        this.shift = shift;
        this.mask = (1L << shift) - 1;
        this.path = path;
        this.dtype = dtype;
        this.vocabSize = vocabSize;
        this.length = length;
        this.dataOffset = dataOffset;
        this.segments = segments;
    }

    /** A sink for the ids of {@link #write(Path, int, Producer)}. */
    public interface Sink {
        /** Appends ids, each in [0, vocabSize). */
        void accept(int[] ids) throws IOException;
    }

    /** Produces the ids of a file being written. */
    @FunctionalInterface
    public interface Producer {
        void produce(Sink sink) throws IOException;
    }

    /**
     * Opens and validates a token file.
     *
     * @throws IllegalArgumentException when the file is missing, not a token file, or inconsistent
     */
    public static TokenFile open(Path file) {
        return open(file, SEGMENT_SHIFT);
    }

    static TokenFile open(Path file, int segmentShift) {
        String where = "token file " + file;
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            if (size < HEADER_BYTES) {
                throw new IllegalArgumentException(where + " is " + size + " bytes, shorter than the " + HEADER_BYTES
                        + "-byte header");
            }
            ByteBuffer h = ByteBuffer.allocate(HEADER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
            while (h.hasRemaining() && ch.read(h, h.position()) > 0) {
                // read the whole header
            }
            h.flip();
            byte[] magic = new byte[8];
            h.get(magic);
            if (!java.util.Arrays.equals(magic, MAGIC)) {
                throw new IllegalArgumentException(where + " is not a Cambium token file (magic bytes "
                        + printable(magic) + ", expected CMBTOKEN)");
            }
            int version = h.getInt();
            if (version != VERSION) {
                throw new IllegalArgumentException(where + ": format version " + Integer.toUnsignedString(version)
                        + " is not supported (expected " + VERSION + ")");
            }
            int width = h.getInt();
            TokenDType dtype = width == 2 ? TokenDType.UINT16 : width == 4 ? TokenDType.INT32 : null;
            if (dtype == null) {
                throw new IllegalArgumentException(where + ": " + Integer.toUnsignedString(width)
                        + " bytes per token, expected 2 or 4");
            }
            int vocab = h.getInt();
            checkVocab(vocab, dtype, where);
            int reserved = h.getInt();
            if (reserved != 0) {
                throw new IllegalArgumentException(where + ": reserved header field is " + reserved + ", expected 0");
            }
            long count = h.getLong();
            long dataBytes = size - HEADER_BYTES;
            if (count < 0 || count > dataBytes / width || count * width != dataBytes) {
                throw new IllegalArgumentException(where + ": header says " + Long.toUnsignedString(count) + " tokens of "
                        + width + " bytes, but the file holds " + dataBytes + " bytes after the header");
            }
            return map(ch, file, dtype, vocab, count, HEADER_BYTES, where, segmentShift);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("token file not found: " + file, e);
        } catch (IOException e) {
            throw new UncheckedIOException(where + ": " + e.getMessage(), e);
        }
    }

    /**
     * Opens a headerless file of ids (nanoGPT's {@code train.bin}: {@code np.uint16}, little-endian).
     *
     * @throws IllegalArgumentException when the size is not a multiple of the width or an id is not below {@code vocabSize}
     */
    public static TokenFile openRaw(Path file, TokenDType dtype, int vocabSize) {
        String where = "raw token file " + file;
        checkVocab(vocabSize, dtype, where);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            if (size % dtype.bytes() != 0) {
                throw new IllegalArgumentException(where + " is " + size + " bytes, not a multiple of "
                        + dtype.bytes() + " (" + dtype + ")");
            }
            return map(ch, file, dtype, vocabSize, size / dtype.bytes(), 0, where, SEGMENT_SHIFT);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("token file not found: " + file, e);
        } catch (IOException e) {
            throw new UncheckedIOException(where + ": " + e.getMessage(), e);
        }
    }

    private static void checkVocab(int vocab, TokenDType dtype, String where) {
        if (vocab < 1 || vocab > MAX_VOCAB) {
            throw new IllegalArgumentException(where + ": vocabulary size " + Integer.toUnsignedString(vocab)
                    + " is outside [1, " + MAX_VOCAB + "]");
        }
        if (!dtype.fits(vocab)) {
            throw new IllegalArgumentException(where + ": vocabulary size " + vocab + " does not fit " + dtype);
        }
    }

    private static TokenFile map(FileChannel ch, Path file, TokenDType dtype, int vocab, long count, long offset,
                                 String where, int shift) throws IOException {
        long end = offset + count * dtype.bytes();
        long n = (end + (1L << shift) - 1) >>> shift;
        MappedByteBuffer[] segs = new MappedByteBuffer[Math.toIntExact(n)];
        for (int s = 0; s < n; s++) {
            long start = (long) s << shift;
            long len = Math.min(1L << shift, end - start);
            segs[s] = ch.map(FileChannel.MapMode.READ_ONLY, start, len);
            segs[s].order(ByteOrder.LITTLE_ENDIAN);
        }
        TokenFile tf = new TokenFile(file, dtype, vocab, count, offset, segs, shift);
        tf.verifyIds(where);
        return tf;
    }

    private void verifyIds(String where) {
        int[] buf = new int[1 << 16];
        for (long i = 0; i < length; i += buf.length) {
            int len = (int) Math.min(buf.length, length - i);
            read(i, buf, 0, len);
            for (int j = 0; j < len; j++) {
                int id = buf[j];
                if (id < 0 || id >= vocabSize) {
                    throw new IllegalArgumentException(where + ": token " + (i + j) + " is id "
                            + (dtype == TokenDType.INT32 ? Integer.toString(id) : Integer.toString(id & 0xFFFF))
                            + ", outside the vocabulary [0, " + vocabSize + ")");
                }
            }
        }
    }

    /**
     * Writes a token file atomically, streaming the ids from {@code producer}; the narrowest
     * {@link TokenDType} for {@code vocabSize} is used.
     *
     * @throws IllegalArgumentException when an id is outside [0, vocabSize) (nothing is written then)
     */
    public static void write(Path file, int vocabSize, Producer producer) throws IOException {
        TokenDType dtype = TokenDType.forVocab(vocabSize);
        checkVocab(vocabSize, dtype, "token file " + file);
        AtomicFile.write(file, ch -> {
            ByteBuffer header = header(dtype, vocabSize, 0);
            writeFully(ch, header, 0);
            long[] count = {0};
            ByteBuffer buf = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
            long[] pos = {HEADER_BYTES};
            producer.produce(ids -> {
                for (int id : ids) {
                    if (id < 0 || id >= vocabSize) {
                        throw new IllegalArgumentException("token file " + file + ": id " + id + " at token " + count[0]
                                + " is outside the vocabulary [0, " + vocabSize + ")");
                    }
                    if (buf.remaining() < 4) {
                        buf.flip();
                        pos[0] += writeFully(ch, buf, pos[0]);
                        buf.clear();
                    }
                    if (dtype == TokenDType.UINT16) {
                        buf.putShort((short) id);
                    } else {
                        buf.putInt(id);
                    }
                    count[0]++;
                }
            });
            buf.flip();
            writeFully(ch, buf, pos[0]);
            writeFully(ch, header(dtype, vocabSize, count[0]), 0);
        });
    }

    /** Writes {@code ids} as a token file, atomically. */
    public static void write(Path file, int vocabSize, int[] ids) throws IOException {
        write(file, vocabSize, sink -> sink.accept(ids));
    }

    /**
     * Encodes documents with a tokenizer into a token file, each followed by {@code separatorId}
     * (an end-of-text token) unless it is negative.
     */
    public static void encode(Path file, Tokenizer tokenizer, Iterable<String> documents, int separatorId) throws IOException {
        if (separatorId >= tokenizer.vocabSize()) {
            throw new IllegalArgumentException("separator id " + separatorId + " is outside the vocabulary [0, "
                    + tokenizer.vocabSize() + ")");
        }
        int[] sep = separatorId < 0 ? new int[0] : new int[] {separatorId};
        write(file, tokenizer.vocabSize(), sink -> {
            for (String d : documents) {
                sink.accept(tokenizer.encode(d));
                sink.accept(sep);
            }
        });
    }

    private static ByteBuffer header(TokenDType dtype, int vocab, long count) {
        ByteBuffer h = ByteBuffer.allocate(HEADER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
        h.put(MAGIC).putInt(VERSION).putInt(dtype.bytes()).putInt(vocab).putInt(0).putLong(count);
        return h.flip();
    }

    private static int writeFully(FileChannel ch, ByteBuffer b, long position) throws IOException {
        int n = 0;
        while (b.hasRemaining()) {
            n += ch.write(b, position + n);
        }
        return n;
    }

    private static String printable(byte[] b) {
        StringBuilder sb = new StringBuilder();
        for (byte x : b) {
            sb.append(x >= 0x20 && x < 0x7F ? String.valueOf((char) x) : String.format("\\x%02x", x & 0xFF));
        }
        return sb.toString();
    }

    /** The file this was opened from. */
    public Path path() {
        return path;
    }

    public TokenDType dtype() {
        return dtype;
    }

    @Override
    public int vocabSize() {
        return vocabSize;
    }

    @Override
    public long length() {
        return length;
    }

    @Override
    public int get(long index) {
        if (index < 0 || index >= length) {
            throw new IndexOutOfBoundsException("token " + index + " of " + length);
        }
        long off = dataOffset + index * dtype.bytes();
        MappedByteBuffer seg = segments[(int) (off >>> shift)];
        int pos = (int) (off & mask);
        return dtype == TokenDType.UINT16 ? Short.toUnsignedInt(seg.getShort(pos)) : seg.getInt(pos);
    }

    @Override
    public void read(long from, int[] dst, int off, int len) {
        if (from < 0 || len < 0 || from + len > length) {
            throw new IndexOutOfBoundsException("tokens [" + from + ", " + (from + len) + ") of " + length);
        }
        for (int i = 0; i < len; i++) {
            long o = dataOffset + (from + i) * dtype.bytes();
            MappedByteBuffer seg = segments[(int) (o >>> shift)];
            int pos = (int) (o & mask);
            dst[off + i] = dtype == TokenDType.UINT16 ? Short.toUnsignedInt(seg.getShort(pos)) : seg.getInt(pos);
        }
    }

    /** All ids in memory (for files that fit in an int array). */
    public int[] toArray() {
        if (length > Integer.MAX_VALUE - 8) {
            throw new IllegalStateException("token file " + path + " has " + length + " tokens, too many for one array");
        }
        int[] a = new int[(int) length];
        read(0, a, 0, a.length);
        return a;
    }

    static boolean isTokenFile(Path file) {
        try (var in = Files.newInputStream(file)) {
            return java.util.Arrays.equals(in.readNBytes(8), MAGIC);
        } catch (IOException e) {
            return false;
        }
    }
}
