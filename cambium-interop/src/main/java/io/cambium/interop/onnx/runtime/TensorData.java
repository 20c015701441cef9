package io.cambium.interop.onnx.runtime;

import com.google.protobuf.ByteString;
import io.cambium.interop.onnx.OnnxFormatException;
import io.cambium.interop.onnx.proto.StringStringEntryProto;
import io.cambium.interop.onnx.proto.TensorProto;
import io.cambium.interop.onnx.proto.TensorProto.DataType;
import io.cambium.tensor.Tensor;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Decodes ONNX {@code TensorProto}s into Cambium values: float types (float32, float64, float16,
 * bfloat16) into {@link Tensor}s, integer and bool types into {@link IntArray}s. Everything is
 * checked before memory is allocated: dims non-negative, their product within Java's array limit
 * and within the heap, and equal to the number of values actually present (inline or in an
 * external-data file, which must lie inside the model's folder).
 */
public final class TensorData {
    /** The most elements one tensor may have (Java's array limit). */
    public static final long MAX_ELEMENTS = Integer.MAX_VALUE - 8;

    private TensorData() {
    }

    /** Bytes per element of an ONNX data type, or 0 when Cambium does not read it. */
    static int elementSize(int type) {
        return switch (type) {
            case DataType.FLOAT_VALUE, DataType.INT32_VALUE, DataType.UINT32_VALUE -> 4;
            case DataType.DOUBLE_VALUE, DataType.INT64_VALUE, DataType.UINT64_VALUE -> 8;
            case DataType.FLOAT16_VALUE, DataType.BFLOAT16_VALUE, DataType.INT16_VALUE, DataType.UINT16_VALUE -> 2;
            case DataType.INT8_VALUE, DataType.UINT8_VALUE, DataType.BOOL_VALUE -> 1;
            default -> 0;
        };
    }

    static boolean isFloat(int type) {
        return type == DataType.FLOAT_VALUE || type == DataType.DOUBLE_VALUE || type == DataType.FLOAT16_VALUE
                || type == DataType.BFLOAT16_VALUE;
    }

    /** The shape of a tensor, checked: non-negative dims, product within limits. */
    static int[] shape(TensorProto t, String what) {
        if (t.getDimsCount() > 64) {
            throw new OnnxFormatException("ONNX " + what + " has " + t.getDimsCount() + " dimensions (at most 64)");
        }
        int[] s = new int[t.getDimsCount()];
        long n = 1;
        for (int i = 0; i < s.length; i++) {
            long d = t.getDims(i);
            if (d < 0 || d > MAX_ELEMENTS) {
                throw new OnnxFormatException("ONNX " + what + " has dimension " + d + " (shape " + t.getDimsList() + ")");
            }
            s[i] = (int) d;
            n *= Math.max(d, 0);
            if (n > MAX_ELEMENTS) {
                throw new OnnxFormatException("ONNX " + what + " has shape " + t.getDimsList() + ": more than "
                        + MAX_ELEMENTS + " elements");
            }
        }
        return s;
    }

    /**
     * Decodes a tensor; {@code baseDir} is the model's folder for external data ({@code null}
     * when the model was read from bytes, where external data is refused).
     *
     * @return a {@link Tensor} for float types, an {@link IntArray} for integer and bool types
     */
    public static Object decode(TensorProto t, Path baseDir, String what) {
        int type = t.getDataType();
        int size = elementSize(type);
        if (size == 0) {
            throw new OnnxFormatException("ONNX " + what + " has data type " + typeName(type)
                    + ", which Cambium does not read (float, double, float16, bfloat16, integers and bool are read)");
        }
        int[] shape = shape(t, what);
        int n = 1;
        for (int d : shape) {
            n *= d;
        }
        long bytes = (long) n * size;
        if (bytes > Runtime.getRuntime().maxMemory() / 2) {
            throw new OnnxFormatException("ONNX " + what + " needs " + bytes + " bytes, more than half of the heap ("
                    + Runtime.getRuntime().maxMemory() + " bytes)");
        }
        ByteBuffer raw = null;
        if (t.getDataLocation() == TensorProto.DataLocation.EXTERNAL) {
            raw = external(t, baseDir, bytes, what);
        } else if (t.hasRawData()) {
            ByteString r = t.getRawData();
            if (r.size() != bytes) {
                throw new OnnxFormatException("ONNX " + what + " of shape " + t.getDimsList() + " and type " + typeName(type)
                        + " needs " + bytes + " bytes of raw data, has " + r.size());
            }
            raw = r.asReadOnlyByteBuffer();
        }
        if (raw != null) {
            raw.order(ByteOrder.LITTLE_ENDIAN);
            return fromRaw(raw, type, n, shape);
        }
        return fromTyped(t, type, n, shape, what);
    }

    private static Object fromRaw(ByteBuffer b, int type, int n, int[] shape) {
        if (isFloat(type)) {
            float[] f = new float[n];
            for (int i = 0; i < n; i++) {
                f[i] = switch (type) {
                    case DataType.FLOAT_VALUE -> b.getFloat();
                    case DataType.DOUBLE_VALUE -> (float) b.getDouble();
                    case DataType.FLOAT16_VALUE -> halfToFloat(b.getShort());
                    default -> Float.intBitsToFloat((b.getShort() & 0xFFFF) << 16);
                };
            }
            return new Tensor(f, shape);
        }
        long[] d = new long[n];
        for (int i = 0; i < n; i++) {
            d[i] = switch (type) {
                case DataType.INT64_VALUE, DataType.UINT64_VALUE -> b.getLong();
                case DataType.INT32_VALUE -> b.getInt();
                case DataType.UINT32_VALUE -> b.getInt() & 0xFFFFFFFFL;
                case DataType.INT16_VALUE -> b.getShort();
                case DataType.UINT16_VALUE -> b.getShort() & 0xFFFF;
                case DataType.INT8_VALUE -> b.get();
                case DataType.BOOL_VALUE -> b.get() != 0 ? 1 : 0;
                default -> b.get() & 0xFF;
            };
        }
        return new IntArray(d, shape);
    }

    private static Object fromTyped(TensorProto t, int type, int n, int[] shape, String what) {
        int have = switch (type) {
            case DataType.FLOAT_VALUE -> t.getFloatDataCount();
            case DataType.DOUBLE_VALUE -> t.getDoubleDataCount();
            case DataType.INT64_VALUE -> t.getInt64DataCount();
            case DataType.UINT32_VALUE, DataType.UINT64_VALUE -> t.getUint64DataCount();
            default -> t.getInt32DataCount();
        };
        if (have != n) {
            throw new OnnxFormatException("ONNX " + what + " of shape " + t.getDimsList() + " needs " + n + " values, has "
                    + have);
        }
        if (isFloat(type)) {
            float[] f = new float[n];
            for (int i = 0; i < n; i++) {
                f[i] = switch (type) {
                    case DataType.FLOAT_VALUE -> t.getFloatData(i);
                    case DataType.DOUBLE_VALUE -> (float) t.getDoubleData(i);
                    case DataType.FLOAT16_VALUE -> halfToFloat((short) t.getInt32Data(i));
                    default -> Float.intBitsToFloat((t.getInt32Data(i) & 0xFFFF) << 16);
                };
            }
            return new Tensor(f, shape);
        }
        long[] d = new long[n];
        for (int i = 0; i < n; i++) {
            d[i] = switch (type) {
                case DataType.INT64_VALUE -> t.getInt64Data(i);
                case DataType.UINT32_VALUE, DataType.UINT64_VALUE -> t.getUint64Data(i);
                case DataType.BOOL_VALUE -> t.getInt32Data(i) != 0 ? 1 : 0;
                default -> t.getInt32Data(i);
            };
        }
        return new IntArray(d, shape);
    }

    /**
     * Reads external data: {@code location} relative to the model's folder, resolved and required
     * to stay inside it (no absolute paths, no {@code ..} or links leading out), a regular file,
     * with {@code offset} and {@code length} inside the file and the length the shape needs.
     */
    private static ByteBuffer external(TensorProto t, Path baseDir, long bytes, String what) {
        String location = null;
        long offset = 0;
        long length = -1;
        for (StringStringEntryProto e : t.getExternalDataList()) {
            switch (e.getKey()) {
                case "location" -> location = e.getValue();
                case "offset" -> offset = parseLong(e.getValue(), "offset", what);
                case "length" -> length = parseLong(e.getValue(), "length", what);
                case "checksum" -> { }
                default -> throw new OnnxFormatException("ONNX " + what + ": unknown external-data key '" + e.getKey() + "'");
            }
        }
        if (baseDir == null) {
            throw new OnnxFormatException("ONNX " + what + " keeps its data in an external file; load the model from its"
                    + " file so that the file can be found next to it");
        }
        if (location == null || location.isEmpty() || location.indexOf('\0') >= 0) {
            throw new OnnxFormatException("ONNX " + what + ": external data without a valid location");
        }
        Path base;
        Path file;
        try {
            base = baseDir.toRealPath();
            Path rel = Path.of(location);
            if (rel.isAbsolute()) {
                throw new OnnxFormatException("ONNX " + what + ": external data location '" + location
                        + "' is an absolute path; it must be relative to the model's folder");
            }
            Path candidate = base.resolve(rel).normalize();
            if (!candidate.startsWith(base)) {
                throw new OnnxFormatException("ONNX " + what + ": external data location '" + location
                        + "' is outside the model's folder");
            }
            if (!Files.exists(candidate, LinkOption.NOFOLLOW_LINKS)) {
                throw new OnnxFormatException("ONNX " + what + ": external data file '" + location + "' does not exist");
            }
            file = candidate.toRealPath();
            if (!file.startsWith(base)) {
                throw new OnnxFormatException("ONNX " + what + ": external data location '" + location
                        + "' leads outside the model's folder through a link");
            }
            if (!Files.isRegularFile(file)) {
                throw new OnnxFormatException("ONNX " + what + ": external data location '" + location
                        + "' is not a regular file");
            }
        } catch (IOException | java.nio.file.InvalidPathException e) {
            throw new OnnxFormatException("ONNX " + what + ": cannot resolve external data location '" + location + "': "
                    + e.getMessage(), e);
        }
        if (length >= 0 && length != bytes) {
            throw new OnnxFormatException("ONNX " + what + ": external data length " + length + " does not match the "
                    + bytes + " bytes its shape needs");
        }
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            if (offset < 0 || offset > size || size - offset < bytes) {
                throw new OnnxFormatException("ONNX " + what + ": external data at offset " + offset + " of " + bytes
                        + " bytes lies beyond the end of '" + location + "' (" + size + " bytes)");
            }
            ByteBuffer buf = ByteBuffer.allocate((int) bytes);
            while (buf.hasRemaining()) {
                if (ch.read(buf, offset + buf.position()) < 0) {
                    throw new OnnxFormatException("ONNX " + what + ": external data file '" + location + "' ended early");
                }
            }
            buf.flip();
            return buf;
        } catch (IOException e) {
            throw new OnnxFormatException("ONNX " + what + ": cannot read external data '" + location + "': "
                    + e.getMessage(), e);
        }
    }

    private static long parseLong(String v, String key, String what) {
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw new OnnxFormatException("ONNX " + what + ": external data " + key + " '" + v + "' is not an integer");
        }
    }

    /** IEEE 754 binary16 to float32 (exact). */
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

    /** The name of an ONNX data type. */
    public static String typeName(int type) {
        DataType d = DataType.forNumber(type);
        return d == null ? "#" + type : d.name();
    }
}
