package io.cambium.nn.io;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cambium.tensor.Shape;
import io.cambium.tensor.Tensor;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
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
 * (F16, BF16: rounded to nearest even; I8: integers in [-128, 127] only); it adds a CRC-32C of the data
 * section to the metadata ({@value #CRC_KEY}), which the reader checks when present. Reading
 * accepts F32, F16, BF16, F64, I8 and U8 (converted to float32) and validates everything before it
 * allocates tensor memory: the header length against the file size and a 100 MB limit, the JSON,
 * dtypes, shapes against byte lengths, and offsets (in range, contiguous, not overlapping,
 * covering the data section exactly). A bad file raises {@link InvalidFileException} naming the
 * file and the problem; nothing is returned partially.
 */
public final class SafeTensors {
    /** The largest header accepted (the limit of the reference implementation). */
    public static final long MAX_HEADER_BYTES = 100_000_000L;
    /** The metadata key of the data section's CRC-32C (8 hex digits). */
    public static final String CRC_KEY = "cambium.crc32c";
    private static final String CRC_PLACEHOLDER = "00000000";
    private static final int CHUNK = 1 << 20;
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

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
        int crcAt = indexOf(json, ("\"" + CRC_KEY + "\":\"" + CRC_PLACEHOLDER + "\"").getBytes(StandardCharsets.UTF_8))
                + CRC_KEY.length() + 4;
        int padded = (json.length + 7) / 8 * 8;
        ByteBuffer head = ByteBuffer.allocate(8 + padded).order(ByteOrder.LITTLE_ENDIAN);
        head.putLong(padded).put(json);
        while (head.hasRemaining()) {
            head.put((byte) ' ');
        }
        head.flip();
        writeFully(ch, head);
        CRC32C crc = new CRC32C();
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

    private static int indexOf(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i <= hay.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new IllegalStateException("safetensors: checksum placeholder not found in the header");
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
     */
    public static Contents read(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            return read(file, ch);
        } catch (NoSuchFileException e) {
            throw new InvalidFileException(file, "does not exist", e);
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
                    ? "exceeds the limit of " + MAX_HEADER_BYTES + " bytes"
                    : headerLen > size - 8 ? "exceeds the " + (size - 8) + " bytes that follow it (truncated or corrupt file)"
                    : "is too small for a JSON object";
            throw new InvalidFileException(file, "header length " + Long.toUnsignedString(headerLen) + " " + why);
        }
        ByteBuffer headBuf = ByteBuffer.allocate((int) headerLen);
        readFully(ch, headBuf, 8, file);
        long dataStart = 8 + headerLen;
        long dataLen = size - dataStart;
        List<Entry> entries = new ArrayList<>();
        Map<String, String> metadata = parseHeader(file, headBuf.array(), dataLen, entries);
        checkOffsets(file, entries, dataLen);
        Map<String, Tensor> tensors = readData(file, ch, dataStart, entries, metadata.get(CRC_KEY));
        return new Contents(Collections.unmodifiableMap(tensors), Collections.unmodifiableMap(metadata));
    }

    private record Entry(String name, DType dtype, int[] shape, long begin, long end, int order) {
    }

    private static Map<String, String> parseHeader(Path file, byte[] header, long dataLen, List<Entry> out)
            throws InvalidFileException {
        if (header[0] != '{') {
            throw new InvalidFileException(file, "corrupt header: it does not start with a JSON object");
        }
        JsonNode root;
        try {
            root = JSON.readTree(header);
        } catch (JsonProcessingException e) {
            throw new InvalidFileException(file, "corrupt header: invalid JSON (" + e.getOriginalMessage() + ")", e);
        } catch (IOException e) {
            throw new InvalidFileException(file, "corrupt header: " + e.getMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new InvalidFileException(file, "corrupt header: the JSON is not an object");
        }
        Map<String, String> metadata = new LinkedHashMap<>();
        Iterator<Map.Entry<String, JsonNode>> fields = root.fields();
        int order = 0;
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> f = fields.next();
            String name = f.getKey();
            JsonNode v = f.getValue();
            if (name.equals("__metadata__")) {
                if (!v.isObject()) {
                    throw new InvalidFileException(file, "__metadata__ must be an object of strings");
                }
                Iterator<Map.Entry<String, JsonNode>> m = v.fields();
                while (m.hasNext()) {
                    Map.Entry<String, JsonNode> kv = m.next();
                    if (!kv.getValue().isTextual()) {
                        throw new InvalidFileException(file, "__metadata__ value of '" + kv.getKey() + "' is not a string");
                    }
                    metadata.put(kv.getKey(), kv.getValue().asText());
                }
                continue;
            }
            out.add(parseEntry(file, name, v, dataLen, order++));
        }
        return metadata;
    }

    private static Entry parseEntry(Path file, String name, JsonNode v, long dataLen, int order)
            throws InvalidFileException {
        String what = "tensor '" + name + "'";
        if (!v.isObject()) {
            throw new InvalidFileException(file, what + ": header entry is not an object");
        }
        JsonNode dt = v.get("dtype");
        if (dt == null || !dt.isTextual()) {
            throw new InvalidFileException(file, what + ": missing dtype");
        }
        DType dtype = DType.of(dt.asText());
        if (dtype == null) {
            throw new InvalidFileException(file, what + ": dtype " + dt.asText()
                    + " is not supported (supported: F32, F16, BF16, F64, I8, U8)");
        }
        JsonNode sh = v.get("shape");
        if (sh == null || !sh.isArray()) {
            throw new InvalidFileException(file, what + ": missing shape");
        }
        int[] shape = new int[sh.size()];
        long numel = 1;
        for (int i = 0; i < shape.length; i++) {
            JsonNode d = sh.get(i);
            if (!d.isIntegralNumber() || !d.canConvertToLong() || d.asLong() < 0 || d.asLong() > Integer.MAX_VALUE) {
                throw new InvalidFileException(file, what + ": invalid dimension " + d + " in shape " + sh);
            }
            shape[i] = (int) d.asLong();
            numel *= shape[i];
            if (numel > Integer.MAX_VALUE) {
                throw new InvalidFileException(file, what + ": shape " + sh + " has more than 2^31-1 elements");
            }
        }
        JsonNode off = v.get("data_offsets");
        if (off == null || !off.isArray() || off.size() != 2) {
            throw new InvalidFileException(file, what + ": data_offsets must be [begin, end]");
        }
        long[] be = new long[2];
        for (int i = 0; i < 2; i++) {
            JsonNode o = off.get(i);
            if (!o.isIntegralNumber() || !o.canConvertToLong() || o.asLong() < 0) {
                throw new InvalidFileException(file, what + ": invalid data offset " + o);
            }
            be[i] = o.asLong();
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

    private static void checkOffsets(Path file, List<Entry> entries, long dataLen) throws InvalidFileException {
        List<Entry> sorted = new ArrayList<>(entries);
        sorted.sort(Comparator.comparingLong(Entry::begin).thenComparingLong(Entry::end));
        long at = 0;
        String prev = null;
        for (Entry e : sorted) {
            if (e.begin < at) {
                throw new InvalidFileException(file, "tensor '" + e.name + "' overlaps tensor '" + prev + "' (offset "
                        + e.begin + " < " + at + ")");
            }
            if (e.begin > at) {
                throw new InvalidFileException(file, "gap in the data section before tensor '" + e.name + "' (bytes "
                        + at + " to " + e.begin + " belong to no tensor)");
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
                                                String expectedCrc) throws IOException {
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
                buf.flip();
                int count = n / per;
                convert(e.dtype, buf, d, done, count);
                done += count;
                pos += n;
                remaining -= n;
            }
            out[e.order] = new Tensor(d, e.shape);
        }
        if (expectedCrc != null && !expectedCrc.equals(String.format("%08x", crc.getValue()))) {
            throw new InvalidFileException(file, "data checksum mismatch (CRC-32C " + String.format("%08x", crc.getValue())
                    + ", header says " + expectedCrc + "): the tensor data is corrupt");
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
                    d[at + i] = halfToFloat(b.getShort(2 * i));
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

    /** IEEE 754 binary16 to float. */
    static float halfToFloat(short h) {
        int bits = h & 0xFFFF;
        int sign = (bits & 0x8000) << 16;
        int exp = (bits >>> 10) & 0x1F;
        int mant = bits & 0x3FF;
        if (exp == 0x1F) {
            return Float.intBitsToFloat(sign | 0x7F800000 | (mant << 13));
        }
        if (exp == 0) {
            float v = mant * 0x1p-24f;
            return sign != 0 ? -v : v;
        }
        return Float.intBitsToFloat(sign | ((exp + 112) << 23) | (mant << 13));
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
