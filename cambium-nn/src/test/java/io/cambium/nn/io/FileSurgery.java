package io.cambium.nn.io;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.function.UnaryOperator;
import java.util.zip.CRC32C;

/**
 * Takes saved model files apart and puts edited ones together, for tests that craft hostile
 * files: the header JSON can be edited (then the file is signed again with a valid whole-file
 * checksum, so that the reader's checks after the checksum are what the test exercises).
 */
final class FileSurgery {
    static final ObjectMapper JSON = new ObjectMapper();

    /** A file split into its header JSON and its data section. */
    record Parts(byte[] header, byte[] data) {
        ObjectNode headerJson() {
            try {
                return (ObjectNode) JSON.readTree(header);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }

        /** The metadata value {@code key} (a JSON document itself for architecture/optimizer/training). */
        String meta(String key) {
            JsonNode m = headerJson().get("__metadata__");
            return m == null || m.get(key) == null ? null : m.get(key).asText();
        }
    }

    private FileSurgery() {
    }

    static Parts split(byte[] file) {
        long len = ByteBuffer.wrap(file, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        return new Parts(Arrays.copyOfRange(file, 8, 8 + (int) len), Arrays.copyOfRange(file, 8 + (int) len, file.length));
    }

    static Parts split(Path file) throws IOException {
        return split(Files.readAllBytes(file));
    }

    /** The bytes of a file with this header and data, unsigned (the header is written as given, padded). */
    static byte[] join(byte[] header, byte[] data) {
        int padded = (header.length + 7) / 8 * 8;
        ByteBuffer b = ByteBuffer.allocate(8 + padded + data.length).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(padded).put(header);
        while (b.position() < 8 + padded) {
            b.put((byte) ' ');
        }
        b.put(data);
        return b.array();
    }

    /** The file with a valid whole-file checksum for its (edited) header and data. */
    static byte[] sign(ObjectNode header, byte[] data) {
        ObjectNode meta = (ObjectNode) header.get("__metadata__");
        if (meta == null) {
            meta = header.putObject("__metadata__");
        }
        meta.put(SafeTensors.CRC_KEY, "00000000");
        byte[] json;
        try {
            json = JSON.writeValueAsBytes(header);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        byte[] file = join(json, data);
        CRC32C crc = new CRC32C();
        crc.update(file);
        String hex = String.format("%08x", crc.getValue());
        byte[] needle = ("\"" + SafeTensors.CRC_KEY + "\":\"00000000\"").getBytes(StandardCharsets.US_ASCII);
        int at = SafeTensors.indexOf(file, needle) + needle.length - 9;
        System.arraycopy(hex.getBytes(StandardCharsets.US_ASCII), 0, file, at, 8);
        return file;
    }

    /** {@code file} with the metadata value {@code key} replaced by {@code edit} of it, signed again. */
    static byte[] editMeta(byte[] file, String key, UnaryOperator<String> edit) {
        Parts p = split(file);
        ObjectNode h = p.headerJson();
        ObjectNode meta = (ObjectNode) h.get("__metadata__");
        String v = edit.apply(meta.get(key) == null ? null : meta.get(key).asText());
        if (v == null) {
            meta.remove(key);
        } else {
            meta.put(key, v);
        }
        return sign(h, p.data());
    }

    /** {@code file} with its architecture JSON edited as a tree, signed again. */
    static byte[] editArchitecture(byte[] file, UnaryOperator<JsonNode> edit) {
        return editMeta(file, "architecture", a -> {
            try {
                return JSON.writeValueAsString(edit.apply(JSON.readTree(a)));
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
    }

}
