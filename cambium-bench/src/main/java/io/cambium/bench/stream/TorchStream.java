package io.cambium.bench.stream;

import io.cambium.tensor.Shape;
import io.cambium.tensor.Tensor;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A training run's random stream as the PyTorch reference drew it: a model's initial parameters
 * (PyTorch layouts, {@code parameters()} order; {@link TorchWeights} converts them) and one
 * shuffle permutation per epoch. Written by the bundled {@code reference.py} ({@code write_stream},
 * {@code --stream-out}), so that Cambium and the reference train from the same numbers.
 *
 * <p>The file, all little-endian: the 8 bytes {@code CAMSTRM1}; int32 seed; int32 tensor count;
 * per tensor int32 rank, int32 dims[rank], float32 values (row-major); int32 permutation count;
 * int32 permutation length; the int32 indices of each permutation; nothing after them.
 */
public record TorchStream(int seed, List<Tensor> tensors, List<int[]> permutations) {
    /** The first bytes of every stream file. */
    public static final String MAGIC = "CAMSTRM1";

    public TorchStream {
        tensors = List.copyOf(tensors);
        permutations = List.copyOf(permutations);
    }

    /**
     * Reads {@code file}, which must hold exactly tensors of {@code shapes} (in order) and {@code
     * count} permutations of {@code 0..length-1}. Everything is checked before it is used, and no
     * more bytes are read than a good file has, so a damaged or hostile file costs no more memory
     * than a good one.
     *
     * @throws IllegalArgumentException naming the file and what differs from the expectation
     * @throws UncheckedIOException naming the file when it cannot be read
     */
    public static TorchStream read(Path file, List<int[]> shapes, int count, int length) {
        long expected = expectedBytes(shapes, count, length);
        if (expected > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("TorchStream: " + what(shapes, count, length) + " would need "
                    + expected + " bytes, more than one array holds");
        }
        byte[] bytes;
        boolean more;
        try (InputStream stream = Files.newInputStream(file)) {
            bytes = stream.readNBytes((int) expected);
            more = stream.read() != -1;
        } catch (IOException e) {
            throw new UncheckedIOException("stream file " + file + ": cannot read it: " + e, e);
        }
        Reader in = new Reader(file, ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN));
        byte[] magic = in.bytes(MAGIC.length(), "the magic");
        if (!Arrays.equals(magic, MAGIC.getBytes(StandardCharsets.US_ASCII))) {
            throw bad(file, "not a stream file (it does not start with " + MAGIC + ")");
        }
        int seed = in.int32("the seed");
        int tensorCount = in.int32("the tensor count");
        if (tensorCount != shapes.size()) {
            throw bad(file, tensorCount + " tensors, expected " + shapes.size());
        }
        List<Tensor> tensors = new ArrayList<>(tensorCount);
        for (int i = 0; i < tensorCount; i++) {
            int[] want = shapes.get(i);
            int rank = in.int32("tensor " + i + "'s rank");
            if (rank != want.length) {
                throw bad(file, "tensor " + i + " has rank " + rank + ", expected shape " + Shape.str(want));
            }
            int[] shape = new int[rank];
            for (int d = 0; d < rank; d++) {
                shape[d] = in.int32("tensor " + i + "'s shape");
            }
            if (!Shape.same(shape, want)) {
                throw bad(file, "tensor " + i + " has shape " + Shape.str(shape) + ", expected " + Shape.str(want));
            }
            float[] values = new float[Shape.numel(want)];
            in.need(4L * values.length, "tensor " + i + "'s values");
            for (int j = 0; j < values.length; j++) {
                float v = in.buf.getFloat();
                if (!Float.isFinite(v)) {
                    throw bad(file, "tensor " + i + " value " + j + " is " + v);
                }
                values[j] = v;
            }
            tensors.add(new Tensor(values, want));
        }
        int permCount = in.int32("the permutation count");
        int permLength = in.int32("the permutation length");
        if (permCount != count || permLength != length) {
            throw bad(file, permCount + " permutations of " + permLength + ", expected " + count + " of " + length);
        }
        List<int[]> perms = new ArrayList<>(count);
        for (int e = 0; e < count; e++) {
            in.need(4L * length, "permutation " + e);
            int[] p = new int[length];
            boolean[] seen = new boolean[length];
            for (int j = 0; j < length; j++) {
                int v = in.buf.getInt();
                if (v < 0 || v >= length || seen[v]) {
                    throw bad(file, "permutation " + e + " is not a permutation of 0.." + (length - 1)
                            + " (index " + j + " is " + v + (v >= 0 && v < length ? ", repeated)" : ")"));
                }
                seen[v] = true;
                p[j] = v;
            }
            perms.add(p);
        }
        if (more) {
            throw bad(file, "more bytes after the last permutation (" + what(shapes, count, length) + " has "
                    + expected + ")");
        }
        return new TorchStream(seed, tensors, perms);
    }

    /** The exact size of a file of these tensors and permutations. */
    static long expectedBytes(List<int[]> shapes, int count, int length) {
        if (count < 0 || length < 0) {
            throw new IllegalArgumentException("TorchStream: " + count + " permutations of " + length);
        }
        long n = MAGIC.length() + 4 + 4;
        for (int[] s : shapes) {
            n += 4 + 4L * s.length + 4L * Shape.numel(s);
        }
        return n + 4 + 4 + 4L * count * length;
    }

    private static String what(List<int[]> shapes, int count, int length) {
        return "a stream of " + shapes.size() + " tensors and " + count + " permutations of " + length;
    }

    private static IllegalArgumentException bad(Path file, String message) {
        return new IllegalArgumentException("stream file " + file + ": " + message);
    }

    /** Bounds-checked reads that name the field a truncated file ends in. */
    private record Reader(Path file, ByteBuffer buf) {
        void need(long bytes, String what) {
            if (buf.remaining() < bytes) {
                throw bad(file, "truncated: it ends at byte " + buf.limit() + " while reading " + what
                        + " (" + bytes + " bytes from byte " + buf.position() + ")");
            }
        }

        int int32(String what) {
            need(4, what);
            return buf.getInt();
        }

        byte[] bytes(int n, String what) {
            need(n, what);
            byte[] b = new byte[n];
            buf.get(b);
            return b;
        }
    }
}
