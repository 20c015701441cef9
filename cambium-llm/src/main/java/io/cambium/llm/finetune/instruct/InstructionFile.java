package io.cambium.llm.finetune.instruct;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cambium.nn.io.InvalidFileException;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads instruction data in JSON Lines, one example per line, in either of the two common forms:
 * Alpaca's {@code {"instruction": ..., "input": ... (optional), "output": ...}} (the prompt is the
 * instruction, then a blank line and the input when it is not empty) or chat
 * {@code {"messages": [{"role": "user", "content": ...}, {"role": "assistant", ...}, ...]}}.
 * Blank lines are skipped. Every example becomes a conversation ({@code List<Message>}) with at
 * least one assistant turn.
 */
public final class InstructionFile {
    /** The longest line read (a longer one is a file error, not an OutOfMemoryError). */
    public static final int MAX_LINE_CHARS = 1 << 20;
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private InstructionFile() {
    }

    /**
     * The conversations of a JSONL file.
     *
     * @throws InvalidFileException naming the file and line number of the first malformed line
     *     (not JSON, not an object, missing or mistyped fields, an unknown role, no assistant turn),
     *     or when the file holds no example
     */
    public static List<List<Message>> read(Path file) throws IOException {
        List<List<Message>> out = new ArrayList<>();
        var decoder = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        try (BufferedReader r = new BufferedReader(new java.io.InputStreamReader(Files.newInputStream(file), decoder))) {
            int lineNo = 0;
            StringBuilder sb = new StringBuilder();
            while (true) {
                sb.setLength(0);
                int c;
                boolean any = false;
                while ((c = r.read()) >= 0 && c != '\n') {
                    any = true;
                    if (sb.length() >= MAX_LINE_CHARS) {
                        throw new InvalidFileException(file, "line " + (lineNo + 1) + " is longer than "
                                + MAX_LINE_CHARS + " characters");
                    }
                    sb.append((char) c);
                }
                if (c < 0 && !any) {
                    break;
                }
                lineNo++;
                String line = sb.toString().strip();
                if (!line.isEmpty()) {
                    try {
                        out.add(parse(line));
                    } catch (IllegalArgumentException e) {
                        throw new InvalidFileException(file, "line " + lineNo + ": " + e.getMessage(), e);
                    }
                }
                if (c < 0) {
                    break;
                }
            }
        } catch (CharacterCodingException e) {
            throw new InvalidFileException(file, "is not valid UTF-8", e);
        }
        if (out.isEmpty()) {
            throw new InvalidFileException(file, "holds no example");
        }
        return out;
    }

    /**
     * One example from one JSON line.
     *
     * @throws IllegalArgumentException saying what is wrong with it
     */
    public static List<Message> parse(String line) {
        JsonNode n;
        try {
            n = JSON.readTree(line);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not valid JSON: " + e.getOriginalMessage());
        }
        if (n == null || !n.isObject()) {
            throw new IllegalArgumentException("expected a JSON object, got " + (n == null ? "nothing" : n.getNodeType()));
        }
        if (n.has("messages")) {
            JsonNode ms = n.get("messages");
            if (!ms.isArray() || ms.isEmpty()) {
                throw new IllegalArgumentException("'messages' must be a non-empty array");
            }
            List<Message> conv = new ArrayList<>();
            for (int i = 0; i < ms.size(); i++) {
                JsonNode m = ms.get(i);
                if (!m.isObject() || !m.path("role").isTextual() || !m.path("content").isTextual()) {
                    throw new IllegalArgumentException("messages[" + i + "] must be {\"role\": text, \"content\": text}");
                }
                try {
                    conv.add(new Message(m.get("role").asText(), m.get("content").asText()));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("messages[" + i + "]: " + e.getMessage());
                }
            }
            if (conv.stream().noneMatch(m -> m.role().equals("assistant"))) {
                throw new IllegalArgumentException("the conversation has no assistant message to learn");
            }
            return conv;
        }
        if (!n.path("instruction").isTextual() || !n.path("output").isTextual()) {
            throw new IllegalArgumentException("expected {\"instruction\", \"output\"} (and optional \"input\") text "
                    + "fields or a \"messages\" array, got fields " + fieldNames(n));
        }
        JsonNode input = n.get("input");
        if (input != null && !input.isTextual() && !input.isNull()) {
            throw new IllegalArgumentException("'input' must be text");
        }
        String prompt = n.get("instruction").asText();
        if (input != null && input.isTextual() && !input.asText().isEmpty()) {
            prompt = prompt + "\n\n" + input.asText();
        }
        return List.of(new Message("user", prompt), new Message("assistant", n.get("output").asText()));
    }

    private static List<String> fieldNames(JsonNode n) {
        List<String> f = new ArrayList<>();
        n.fieldNames().forEachRemaining(f::add);
        return f;
    }
}
