package io.cambium.nn.io;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cambium.tensor.Shape;
import io.cambium.tensor.Tensor;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32C;

/**
 * Reads and writes the safetensors format: an 8-byte little-endian header length, a JSON header
 * mapping each tensor name to {@code dtype}, {@code shape} and {@code data_offsets} (relative to
 * the data section, which follows the header) plus an optional {@code __metadata__} map of
 * strings, then the raw little-endian data.
 *
 * <p>Writing is atomic ({@link AtomicFile}), float32 unless a tensor is given another stored type
 * (F16, BF16: rounded to nearest even; I8: integers in [-128, 127] only); it adds a CRC-32C of the
 * whole file to the metadata ({@value #CRC_KEY}; computed with the 8 hex digits of that value as
 * zeros), so that a damaged header (a flipped bit that turns {@code relu} into {@code selu}) is
 * detected like damaged data. The reader checks it when present (and the data-only checksum
 * {@value #DATA_CRC_KEY} of older files). Reading accepts F32, F16, BF16, F64, I8 and U8 (converted
 * to float32) and validates everything before it allocates tensor memory: that the path is a
 * regular file (not a pipe that would block), the header length against the file size and a
 * 100 MB limit, the JSON (streamed, at most {@value #MAX_TENSORS} tensors and
 * {@value #MAX_METADATA} metadata entries, no duplicate or unknown keys), dtypes, shapes against
 * byte lengths, and offsets (in range, contiguous, not overlapping, covering the data section
 * exactly). A bad file raises {@link InvalidFileException} naming the file and the problem (text
 * from the file escaped and cut short); nothing is returned partially.
 */
public final class SafeTensors {
    /** The largest header accepted (the limit of the reference implementation). */
    public static final long MAX_HEADER_BYTES = 100_000_000L;
    /** The metadata key of the whole file's CRC-32C (8 hex digits, written as zeros while computing it). */
    public static final String CRC_KEY = "cambium.file_crc32c";
    /** The metadata key of the data section's CRC-32C, written by earlier versions (still checked). */
    public static final String DATA_CRC_KEY = "cambium.crc32c";
    /** The most tensors a file may hold (real checkpoints have thousands at most). */
    public static final int MAX_TENSORS = 100_000;
    /** The most metadata entries a file may hold. */
    public static final int MAX_METADATA = 10_000;
    /** The longest tensor name or metadata key accepted. */
    public static final int MAX_NAME = 10_000;
    private static final int MAX_RANK = 64;
    private static final String CRC_PLACEHOLDER = "00000000";
    private static final int CHUNK = 1 << 20;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonFactory PARSERS = JsonFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(8)
                    .maxStringLength((int) MAX_HEADER_BYTES).maxNameLength(MAX_NAME).build())
            .build();

    /** The tensors (in file order) and the metadata of a safetensors file. */
    public record Contents(Map<String, Tensor> tensors, Map<String, String> metadata) {
    }

    private SafeTensors() {
    }

    // ---------------------------------------------------------------- writing

    /** Writes {@code tensors} (float32) atomically, without metadata besides the checksum. */
    public static void write(Path file, Map<String, Tensor> tensors) throws IOException {
        write(file, tensors, Map.of());
    }

    /**
     * Writes {@code tensors} (float32) and {@code metadata} atomically to {@code file}.
     *
     * @throws IllegalArgumentException for an empty or reserved tensor name
     */
    public static void write(Path file, Map<String, Tensor> tensors, Map<String, String> metadata) throws IOException {
        write(file, tensors, metadata, Map.of());
    }

    /**
     * Writes {@code tensors} and {@code metadata} atomically, each tensor in the stored type that
     * {@code dtypes} gives for its name ({@code F32} when absent; {@code F16}, {@code BF16} or {@code I8}).
     *
     * @throws IllegalArgumentException for an unknown stored type, or an I8 tensor holding a value
     *     that is not an integer in [-128, 127]
     */
    public static void write(Path file, Map<String, Tensor> tensors, Map<String, String> metadata,
                             Map<String, String> dtypes) throws IOException {
        for (Map.Entry<String, String> e : dtypes.entrySet()) {
            DType d = DType.of(e.getValue());
            if (d != DType.F32 && d != DType.F16 && d != DType.BF16 && d != DType.I8) {
                throw new IllegalArgumentException("safetensors: cannot write tensor '" + e.getKey() + "' as "
                        + e.getValue() + " (writable: F32, F16, BF16, I8)");
            }
            Tensor t = tensors.get(e.getKey());
            if (d == DType.I8 && t != null) {
                for (float v : t.data()) {
                    if (!(v >= -128f && v <= 127f) || v != Math.rint(v)) {
                        throw new IllegalArgumentException("safetensors: tensor '" + e.getKey() + "' holds " + v
                                + ", which I8 cannot store");
                    }
                }
            }
        }
        AtomicFile.write(file, ch -> writeTo(ch, tensors, metadata, dtypes));
    }

    /** Writes the safetensors bytes to an open channel positioned at 0. */
    static void writeTo(FileChannel ch, Map<String, Tensor> tensors, Map<String, String> metadata) throws IOException {
        writeTo(ch, tensors, metadata, Map.of());
    }

    private static void writeTo(FileChannel ch, Map<String, Tensor> tensors, Map<String, String> metadata,
                                Map<String, String> dtypes) throws IOException {
        Map<String, Object> header = new LinkedHashMap<>();
        Map<String, String> meta = new LinkedHashMap<>(metadata);
        meta.remove(CRC_KEY);
        meta.remove(DATA_CRC_KEY);
        meta.put(CRC_KEY, CRC_PLACEHOLDER);
        header.put("__metadata__", meta);
        long offset = 0;
        List<Map.Entry<String, Integer>> sizes = new ArrayList<>();
        for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
            String name = e.getKey();
            if (name == null || name.isEmpty() || name.equals("__metadata__")) {
                throw new IllegalArgumentException("safetensors: invalid tensor name '" + name + "'");
            }
            Tensor t = e.getValue();
            Map<String, Object> entry = new LinkedHashMap<>();
            DType dt = DType.of(dtypes.getOrDefault(name, "F32"));
            entry.put("dtype", dt.name());
            entry.put("shape", t.shape());
            long bytes = (long) dt.bytes * t.numel();
            entry.put("data_offsets", new long[] {offset, offset + bytes});
            offset += bytes;
            header.put(name, entry);
            sizes.add(Map.entry(name, t.numel()));
        }
        byte[] json = JSON.writeValueAsBytes(header);
        int placeholder = indexOf(json, ("\"" + CRC_KEY + "\":\"" + CRC_PLACEHOLDER + "\"").getBytes(StandardCharsets.UTF_8));
        if (placeholder < 0) {
            throw new IllegalStateException("safetensors: checksum placeholder not found in the header");
        }
        int crcAt = placeholder + CRC_KEY.length() + 4;
        int padded = (json.length + 7) / 8 * 8;
        ByteBuffer head = ByteBuffer.allocate(8 + padded).order(ByteOrder.LITTLE_ENDIAN);
        head.putLong(padded).put(json);
        while (head.hasRemaining()) {
            head.put((byte) ' ');
        }
        head.flip();
        CRC32C crc = new CRC32C();
        crc.update(head.array(), 0, head.limit());
        writeFully(ch, head);
        ByteBuffer buf = ByteBuffer.allocate(CHUNK).order(ByteOrder.LITTLE_ENDIAN);
        Iterator<Map.Entry<String, Integer>> expected = sizes.iterator();
        for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
            Map.Entry<String, Integer> want = expected.hasNext() ? expected.next() : null;
            float[] d = e.getValue().data();
            if (want == null || !want.getKey().equals(e.getKey()) || want.getValue() != d.length) {
                throw new IOException("safetensors: the tensors changed while they were being written");
            }
            DType dt = DType.of(dtypes.getOrDefault(e.getKey(), "F32"));
            int i = 0;
            while (i < d.length) {
                buf.clear();
                int n = Math.min(d.length - i, CHUNK / 4);
                encode(dt, d, i, n, buf);
                buf.limit(dt.bytes * n);
                crc.update(buf.array(), 0, dt.bytes * n);
                writeFully(ch, buf);
                i += n;
            }
        }
        byte[] hex = String.format("%08x", crc.getValue()).getBytes(StandardCharsets.US_ASCII);
        ByteBuffer h = ByteBuffer.wrap(hex);
        long pos = 8L + crcAt;
        while (h.hasRemaining()) {
            pos += ch.write(h, pos);
        }
    }

    /** Writes {@code n} values from {@code d[at]} into {@code buf} (positioned at 0) in the stored type. */
    private static void encode(DType t, float[] d, int at, int n, ByteBuffer buf) {
        switch (t) {
            case F32 -> buf.asFloatBuffer().put(d, at, n);
            case BF16, F16 -> {
                io.cambium.tensor.quant.HalfPrecision p = t == DType.BF16 ? io.cambium.tensor.quant.HalfPrecision.BFLOAT16
                        : io.cambium.tensor.quant.HalfPrecision.FLOAT16;
                for (int i = 0; i < n; i++) {
                    buf.putShort(2 * i, p.encode(d[at + i]));
                }
            }
            case I8 -> {
                for (int i = 0; i < n; i++) {
                    buf.put(i, (byte) d[at + i]);
                }
            }
            default -> throw new IllegalStateException("safetensors: cannot write " + t);
        }
    }

    private static void writeFully(FileChannel ch, ByteBuffer b) throws IOException {
        while (b.hasRemaining()) {
            ch.write(b);
        }
    }

    /** The first position of {@code needle} in {@code hay}, or -1. */
    static int indexOf(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i <= hay.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    // ---------------------------------------------------------------- reading

    /** The tensors of a safetensors file (see {@link #read(Path)}). */
    public static Map<String, Tensor> readTensors(Path file) throws IOException {
        return read(file).tensors();
    }

    /**
     * Reads and validates a whole safetensors file.
     *
     * @throws InvalidFileException naming the file and the problem when it is not a valid file
     * @throws IOException naming the file and the reason when it cannot be read
     */
    public static Contents read(Path file) throws IOException {
        BasicFileAttributes attrs;
        try {
            attrs = Files.readAttributes(file, BasicFileAttributes.class);
        } catch (IOException e) {
            throw IoErrors.withPath(file, e);
        }
        if (!attrs.isRegularFile()) {
            // A FIFO would block the reader forever; a directory or device is no model file either.
            throw new InvalidFileException(file, "is not a regular file (" + (attrs.isDirectory() ? "a directory"
                    : "a device, pipe or socket") + ")");
        }
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            return read(file, ch);
        } catch (InvalidFileException e) {
            throw e;
        } catch (IOException e) {
            throw IoErrors.withPath(file, e);
        }
    }

    private static Contents read(Path file, FileChannel ch) throws IOException {
        long size = ch.size();
        if (size < 8) {
            throw new InvalidFileException(file, "truncated: " + size + " bytes, but a safetensors file starts with an"
                    + " 8-byte header length");
        }
        ByteBuffer lenBuf = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
        readFully(ch, lenBuf, 0, file);
        long headerLen = lenBuf.getLong(0);
        if (headerLen < 2 || headerLen > MAX_HEADER_BYTES || headerLen > size - 8) {
            String why = headerLen < 0 || headerLen > MAX_HEADER_BYTES
                    ? "exceeds the limit of " + MAX_HEADER_BYTES + " bytes (not a safetensors or Cambium model file?)"
                    : headerLen > size - 8 ? "exceeds the " + (size - 8) + " bytes that follow it (truncated or corrupt file)"
                    : "is too small for a JSON object";
            throw new InvalidFileException(file, "header length " + Long.toUnsignedString(headerLen) + " " + why);
        }
        ByteBuffer headBuf = ByteBuffer.allocate((int) headerLen);
        readFully(ch, headBuf, 8, file);
        long dataStart = 8 + headerLen;
        long dataLen = size - dataStart;
        List<Entry> entries = new ArrayList<>();
        byte[] header = headBuf.array();
        Map<String, String> metadata = parseHeader(file, header, dataLen, entries);
        checkOffsets(file, entries, dataLen);
        CRC32C fileCrc = null;
        String expectedFileCrc = metadata.get(CRC_KEY);
        if (expectedFileCrc != null) {
            fileCrc = new CRC32C();
            fileCrc.update(lenBuf.array(), 0, 8);
            fileCrc.update(withZeroedChecksum(file, header, expectedFileCrc));
        }
        Map<String, Tensor> tensors = readData(file, ch, dataStart, entries, fileCrc, expectedFileCrc,
                metadata.get(DATA_CRC_KEY));
        return new Contents(Collections.unmodifiableMap(tensors), Collections.unmodifiableMap(metadata));
    }

    /** The header with the whole-file checksum's digits replaced by zeros, as when it was computed. */
    private static byte[] withZeroedChecksum(Path file, byte[] header, String expected) throws InvalidFileException {
        if (!expected.matches("[0-9a-f]{8}")) {
            throw new InvalidFileException(file, "corrupt header: checksum " + Printable.quote(expected)
                    + " is not 8 hex digits");
        }
        byte[] needle = ("\"" + CRC_KEY + "\":\"" + expected + "\"").getBytes(StandardCharsets.US_ASCII);
        int at = indexOf(header, needle);
        if (at < 0) {
            throw new InvalidFileException(file, "corrupt header: the checksum entry is not in its written form");
        }
        byte[] copy = header.clone();
        int digits = at + needle.length - 9;
        for (int i = 0; i < 8; i++) {
            copy[digits + i] = '0';
        }
        return copy;
    }

    private record Entry(String name, DType dtype, int[] shape, long begin, long end, int order) {
    }

    /** Streams the header JSON (no tree: a 100 MB header must not cost gigabytes). */
    private static Map<String, String> parseHeader(Path file, byte[] header, long dataLen, List<Entry> out)
            throws InvalidFileException {
        if (header[0] != '{') {
            throw new InvalidFileException(file, "corrupt header: it does not start with a JSON object");
        }
        Map<String, String> metadata = new LinkedHashMap<>();
        try (JsonParser p = PARSERS.createParser(header)) {
            p.nextToken();
            int order = 0;
            boolean sawMetadata = false;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken v = p.nextToken();
                if (name.equals("__metadata__")) {
                    if (sawMetadata || v != JsonToken.START_OBJECT) {
                        throw new InvalidFileException(file, "__metadata__ must be one object of strings");
                    }
                    sawMetadata = true;
                    while (p.nextToken() == JsonToken.FIELD_NAME) {
                        String key = p.currentName();
                        if (p.nextToken() != JsonToken.VALUE_STRING) {
                            throw new InvalidFileException(file, "__metadata__ value of " + Printable.quote(key)
                                    + " is not a string");
                        }
                        if (metadata.size() >= MAX_METADATA) {
                            throw new InvalidFileException(file, "more than " + MAX_METADATA + " metadata entries");
                        }
                        metadata.put(key, p.getText());
                    }
                    continue;
                }
                if (out.size() >= MAX_TENSORS) {
                    throw new InvalidFileException(file, "more than " + MAX_TENSORS + " tensors (corrupt or hostile header)");
                }
                out.add(parseEntry(file, name, p, v, dataLen, order++));
            }
            if (p.currentToken() != JsonToken.END_OBJECT) {
                throw new InvalidFileException(file, "corrupt header: expected a tensor name, got " + p.currentToken());
            }
            JsonToken trailing = p.nextToken();
            if (trailing != null) {
                throw new InvalidFileException(file, "corrupt header: data after the JSON object");
            }
        } catch (InvalidFileException e) {
            throw e;
        } catch (JsonProcessingException e) {
            throw new InvalidFileException(file, "corrupt header: invalid JSON (" + e.getOriginalMessage() + ")", e);
        } catch (IOException e) {
            throw new InvalidFileException(file, "corrupt header: " + e.getMessage(), e);
        }
        return metadata;
    }

    private static Entry parseEntry(Path file, String name, JsonParser p, JsonToken start, long dataLen, int order)
            throws IOException {
        String what = "tensor " + Printable.quote(name);
        if (start != JsonToken.START_OBJECT) {
            throw new InvalidFileException(file, what + ": header entry is not an object");
        }
        DType dtype = null;
        String dtypeName = null;
        int[] shape = null;
        long[] be = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String key = p.currentName();
            JsonToken t = p.nextToken();
            switch (key) {
                case "dtype" -> {
                    if (t != JsonToken.VALUE_STRING) {
                        throw new InvalidFileException(file, what + ": dtype is not a string");
                    }
                    dtypeName = p.getText();
                    dtype = DType.of(dtypeName);
                }
                case "shape" -> shape = intArray(file, what, "shape", p, t);
                case "data_offsets" -> {
                        be = longArray(file, what, p, t);
                }
                default -> throw new InvalidFileException(file, what + ": unknown header field " + Printable.quote(key)
                        + " (expected dtype, shape, data_offsets)");
            }
        }
        if (dtypeName == null) {
            throw new InvalidFileException(file, what + ": missing dtype");
        }
        if (dtype == null) {
            throw new InvalidFileException(file, what + ": dtype " + Printable.clean(dtypeName, 40)
                    + " is not supported (supported: F32, F16, BF16, F64, I8, U8)");
        }
        if (shape == null) {
            throw new InvalidFileException(file, what + ": missing shape");
        }
        if (be == null) {
            throw new InvalidFileException(file, what + ": data_offsets must be [begin, end]");
        }
        long numel = 1;
        for (int d : shape) {
            numel *= d;
            if (numel > Integer.MAX_VALUE) {
                throw new InvalidFileException(file, what + ": shape " + Shape.str(shape) + " has more than 2^31-1 elements");
            }
        }
        if (be[1] < be[0] || be[1] > dataLen) {
            throw new InvalidFileException(file, what + ": data_offsets [" + be[0] + ", " + be[1]
                    + "] are out of range of the " + dataLen + "-byte data section (truncated or corrupt file)");
        }
        long bytes = numel * dtype.bytes;
        if (be[1] - be[0] != bytes) {
            throw new InvalidFileException(file, what + ": shape " + Shape.str(shape) + " of " + dtype + " needs "
                    + bytes + " bytes but data_offsets [" + be[0] + ", " + be[1] + "] hold " + (be[1] - be[0]));
        }
        return new Entry(name, dtype, shape, be[0], be[1], order);
    }

    private static int[] intArray(Path file, String what, String field, JsonParser p, JsonToken t) throws IOException {
        if (t != JsonToken.START_ARRAY) {
            throw new InvalidFileException(file, what + ": " + field + " is not a list");
        }
        List<Integer> dims = new ArrayList<>();
        while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
            if (t != JsonToken.VALUE_NUMBER_INT || p.getNumberType() == JsonParser.NumberType.BIG_INTEGER
                    || p.getLongValue() < 0 || p.getLongValue() > Integer.MAX_VALUE) {
                throw new InvalidFileException(file, what + ": invalid dimension " + Printable.clean(p.getText(), 40)
                        + " in " + field);
            }
            if (dims.size() >= MAX_RANK) {
                throw new InvalidFileException(file, what + ": " + field + " has more than " + MAX_RANK + " dimensions");
            }
            dims.add(p.getIntValue());
        }
        int[] out = new int[dims.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = dims.get(i);
        }
        return out;
    }

    private static long[] longArray(Path file, String what, JsonParser p, JsonToken t) throws IOException {
        if (t != JsonToken.START_ARRAY) {
            throw new InvalidFileException(file, what + ": data_offsets must be [begin, end]");
        }
        long[] out = new long[2];
        int n = 0;
        while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
            if (n >= 2) {
                throw new InvalidFileException(file, what + ": data_offsets must be [begin, end]");
            }
            if (t != JsonToken.VALUE_NUMBER_INT || p.getNumberType() == JsonParser.NumberType.BIG_INTEGER
                    || p.getLongValue() < 0) {
                throw new InvalidFileException(file, what + ": invalid data offset " + Printable.clean(p.getText(), 40));
            }
            out[n++] = p.getLongValue();
        }
        if (n != 2) {
            throw new InvalidFileException(file, what + ": data_offsets must be [begin, end]");
        }
        return out;
    }

    private static void checkOffsets(Path file, List<Entry> entries, long dataLen) throws InvalidFileException {
        List<Entry> sorted = new ArrayList<>(entries);
        sorted.sort(Comparator.comparingLong(Entry::begin).thenComparingLong(Entry::end));
        long at = 0;
        String prev = null;
        for (Entry e : sorted) {
            if (e.begin < at) {
                throw new InvalidFileException(file, "tensor " + Printable.quote(e.name) + " overlaps tensor "
                        + Printable.quote(prev) + " (offset " + e.begin + " < " + at + ")");
            }
            if (e.begin > at) {
                throw new InvalidFileException(file, "gap in the data section before tensor " + Printable.quote(e.name)
                        + " (bytes " + at + " to " + e.begin + " belong to no tensor)");
            }
            at = e.end;
            prev = e.name;
        }
        if (at != dataLen) {
            throw new InvalidFileException(file, "the tensors cover " + at + " bytes but the data section has " + dataLen
                    + " (trailing garbage or a corrupt header)");
        }
    }

    private static Map<String, Tensor> readData(Path file, FileChannel ch, long dataStart, List<Entry> entries,
                                                CRC32C fileCrc, String expectedFileCrc, String expectedDataCrc)
            throws IOException {
        List<Entry> sorted = new ArrayList<>(entries);
        sorted.sort(Comparator.comparingLong(Entry::begin));
        Tensor[] out = new Tensor[entries.size()];
        CRC32C crc = new CRC32C();
        ByteBuffer buf = ByteBuffer.allocate(CHUNK).order(ByteOrder.LITTLE_ENDIAN);
        for (Entry e : sorted) {
            float[] d = new float[Shape.numel(e.shape)];
            int done = 0;
            long pos = dataStart + e.begin;
            long remaining = e.end - e.begin;
            int per = e.dtype.bytes;
            while (remaining > 0) {
                int n = (int) Math.min(remaining, CHUNK / 8 * 8);
                buf.clear().limit(n);
                readFully(ch, buf, pos, file);
                crc.update(buf.array(), 0, n);
                if (fileCrc != null) {
                    fileCrc.update(buf.array(), 0, n);
                }
                buf.flip();
                int count = n / per;
                convert(e.dtype, buf, d, done, count);
                done += count;
                pos += n;
                remaining -= n;
            }
            out[e.order] = new Tensor(d, e.shape);
        }
        if (fileCrc != null && !expectedFileCrc.equals(String.format("%08x", fileCrc.getValue()))) {
            throw new InvalidFileException(file, "checksum mismatch (CRC-32C " + String.format("%08x", fileCrc.getValue())
                    + ", the header says " + expectedFileCrc + "): the file is damaged");
        }
        if (expectedDataCrc != null && !expectedDataCrc.equals(String.format("%08x", crc.getValue()))) {
            throw new InvalidFileException(file, "data checksum mismatch (CRC-32C " + String.format("%08x", crc.getValue())
                    + ", header says " + Printable.quote(expectedDataCrc) + "): the tensor data is corrupt");
        }
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        for (Entry e : entries) {
            tensors.put(e.name, out[e.order]);
        }
        return tensors;
    }

    private static void convert(DType t, ByteBuffer b, float[] d, int at, int count) {
        switch (t) {
            case F32 -> b.asFloatBuffer().get(d, at, count);
            case F64 -> {
                for (int i = 0; i < count; i++) {
                    d[at + i] = (float) b.getDouble(8 * i);
                }
            }
            case BF16 -> {
                for (int i = 0; i < count; i++) {
                    d[at + i] = Float.intBitsToFloat((b.getShort(2 * i) & 0xFFFF) << 16);
                }
            }
            case F16 -> {
                for (int i = 0; i < count; i++) {
                    d[at + i] = io.cambium.tensor.quant.HalfPrecision.FLOAT16.decode(b.getShort(2 * i));
                }
            }
            case I8 -> {
                for (int i = 0; i < count; i++) {
                    d[at + i] = b.get(i);
                }
            }
            case U8 -> {
                for (int i = 0; i < count; i++) {
                    d[at + i] = b.get(i) & 0xFF;
                }
            }
        }
    }

    private static void readFully(FileChannel ch, ByteBuffer b, long pos, Path file) throws IOException {
        while (b.hasRemaining()) {
            int n = ch.read(b, pos);
            if (n < 0) {
                throw new InvalidFileException(file, "truncated: unexpected end of file at byte " + pos);
            }
            pos += n;
        }
    }
}
