package io.cambium.llm.tokenizer;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.JsonNodeType;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Reads and writes the tokenizer JSON files with bounds, so that a hostile file (huge, deeply
 * nested, with giant strings or numbers) fails with a message instead of exhausting memory, and
 * typed accessors whose errors name the file and the field.
 */
final class JsonFiles {
    /**
     * Largest tokenizer file read: the biggest published ones (250k-token vocabularies with their
     * merges) are 20-35 MB, and a JSON tree takes several times its file's size in the heap.
     */
    static final long MAX_FILE_BYTES = 64L << 20;

    // Vocabularies are objects with tens of thousands of distinct keys: interning them as field
    // names only costs time.
    private static final ObjectMapper READER = new ObjectMapper(JsonFactory.builder()
            .disable(JsonFactory.Feature.INTERN_FIELD_NAMES)
            .disable(JsonFactory.Feature.CANONICALIZE_FIELD_NAMES)
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxNestingDepth(64)
                    .maxNumberLength(32)
                    .maxStringLength(1 << 20)
                    .build())
            .build());
    private static final ObjectMapper WRITER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private JsonFiles() {
    }

    /**
     * The JSON tree of a file.
     *
     * @throws IllegalArgumentException when the file is missing, too large or not valid JSON
     */
    static JsonNode read(Path file, String what) {
        try {
            long size = Files.size(file);
            if (size > MAX_FILE_BYTES) {
                throw new IllegalArgumentException(what + " " + file + " is " + size + " bytes, more than the "
                        + MAX_FILE_BYTES + " a tokenizer file may have");
            }
            try (InputStream in = Files.newInputStream(file)) {
                return parse(in, file, what);
            }
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException(what + " not found: " + file, e);
        } catch (IOException e) {
            throw new UncheckedIOException(what + " " + file + ": " + e.getMessage(), e);
        }
    }

    /** The JSON tree of a stream (a bundled resource or a file already opened). */
    static JsonNode parse(InputStream in, Object source, String what) throws IOException {
        try {
            JsonNode root = READER.readTree(in);
            if (root == null || root.isMissingNode()) {
                throw new IllegalArgumentException(what + " " + source + " is empty");
            }
            return root;
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? ""
                    : ": line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
            throw new IllegalArgumentException(what + " " + source + " is not valid JSON" + where + ": "
                    + e.getOriginalMessage(), e);
        }
    }

    /** Writes a JSON tree atomically (a temporary file renamed over the target). */
    static void write(Path file, Object tree) throws IOException {
        byte[] bytes = WRITER.writeValueAsBytes(tree);
        ByteBuffer buf = ByteBuffer.allocate(bytes.length + 1).put(bytes).put((byte) '\n').flip();
        io.cambium.nn.io.AtomicFile.write(file, ch -> {
            while (buf.hasRemaining()) {
                ch.write(buf);
            }
        });
    }

    /** Serializes to an indented UTF-8 string (for tests and messages). */
    static String toString(Object tree) {
        try {
            return new String(WRITER.writeValueAsBytes(tree), StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A field that must be present and of one JSON type. */
    static JsonNode field(JsonNode parent, String name, JsonNodeType type, String where) {
        JsonNode n = parent.get(name);
        if (n == null || n.isNull()) {
            throw new IllegalArgumentException(where + ": missing field '" + name + "'");
        }
        if (n.getNodeType() != type) {
            throw new IllegalArgumentException(where + ": field '" + name + "' must be " + describe(type) + ", got "
                    + describe(n.getNodeType()));
        }
        return n;
    }

    /** An optional field of one JSON type (null when absent or JSON null). */
    static JsonNode optional(JsonNode parent, String name, JsonNodeType type, String where) {
        JsonNode n = parent.get(name);
        if (n == null || n.isNull()) {
            return null;
        }
        if (n.getNodeType() != type) {
            throw new IllegalArgumentException(where + ": field '" + name + "' must be " + describe(type) + ", got "
                    + describe(n.getNodeType()));
        }
        return n;
    }

    static String text(JsonNode parent, String name, String where) {
        return field(parent, name, JsonNodeType.STRING, where).textValue();
    }

    static boolean bool(JsonNode parent, String name, boolean dflt, String where) {
        JsonNode n = optional(parent, name, JsonNodeType.BOOLEAN, where);
        return n == null ? dflt : n.booleanValue();
    }

    /** A non-negative id below {@code limit}. */
    static int id(JsonNode n, int limit, String where) {
        if (n == null || !n.isIntegralNumber() || !n.canConvertToInt() || n.intValue() < 0 || n.intValue() >= limit) {
            throw new IllegalArgumentException(where + ": expected an id in [0, " + limit + "), got "
                    + (n == null ? "nothing" : n.toString()));
        }
        return n.intValue();
    }

    private static String describe(JsonNodeType t) {
        return switch (t) {
            case OBJECT -> "an object";
            case ARRAY -> "an array";
            case STRING -> "a string";
            case NUMBER -> "a number";
            case BOOLEAN -> "a boolean";
            case NULL -> "null";
            default -> t.name().toLowerCase(java.util.Locale.ROOT);
        };
    }
}
