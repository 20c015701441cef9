package io.cambium.llm.finetune;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.cambium.nn.io.AtomicFile;
import io.cambium.nn.io.InvalidFileException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;

/**
 * Small JSON configuration files of Hugging Face's formats ({@code adapter_config.json},
 * {@code config.json}): read as one object with a size limit and duplicate keys rejected, written
 * indented and atomically.
 */
public final class ConfigFiles {
    /** Configuration files are small; anything larger is not one. */
    public static final long MAX_BYTES = 1 << 20;
    private static final ObjectMapper READER = new ObjectMapper()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    private static final ObjectMapper WRITER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private ConfigFiles() {
    }

    /**
     * The JSON object in {@code file}.
     *
     * @throws InvalidFileException naming the file when it is missing, too large or not a JSON object
     */
    public static Map<String, Object> read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new NoSuchFileException(file.toString(), null, "not found");
        }
        long size = Files.size(file);
        if (size > MAX_BYTES) {
            throw new InvalidFileException(file, "is " + size + " bytes; a configuration file is at most " + MAX_BYTES);
        }
        try {
            Object o = READER.readValue(Files.readAllBytes(file), Object.class);
            if (!(o instanceof Map<?, ?>)) {
                throw new InvalidFileException(file, "is not a JSON object");
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> m = (Map<String, Object>) o;
            return m;
        } catch (JsonProcessingException e) {
            throw new InvalidFileException(file, "is not valid JSON: " + e.getOriginalMessage(), e);
        }
    }

    /** Writes {@code value} as indented JSON, atomically. */
    public static void write(Path file, Object value) throws IOException {
        byte[] bytes = WRITER.writeValueAsBytes(value);
        AtomicFile.write(file, ch -> {
            ByteBuffer b = ByteBuffer.wrap(bytes);
            while (b.hasRemaining()) {
                ch.write(b);
            }
        });
    }
}
