package io.cambium.llm.tokenizer;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;

/**
 * GPT-2's original tokenizer files: {@code encoder.json} (token to id) and {@code vocab.bpe}
 * (a {@code #version} line, then one merge per line, earliest first). {@code <|endoftext|>}
 * becomes a special added token, as in Hugging Face's GPT-2 {@code tokenizer.json}. A copy of both
 * files (MIT licence of OpenAI's GPT-2 repository, see {@code LICENSE-gpt2.txt} next to them) is
 * bundled: {@link ByteLevelBpeTokenizer#gpt2()}.
 */
public final class Gpt2Files {
    /** GPT-2's end-of-text token. */
    public static final String END_OF_TEXT = "<|endoftext|>";
    private static final String RESOURCES = "/io/cambium/llm/tokenizer/gpt2/";
    private static volatile ByteLevelBpeTokenizer bundled;

    private Gpt2Files() {
    }

    /**
     * The tokenizer of an {@code encoder.json} and a {@code vocab.bpe}.
     *
     * @throws IllegalArgumentException naming the file when one is missing or malformed
     */
    public static ByteLevelBpeTokenizer load(Path encoderJson, Path vocabBpe) {
        JsonNode enc = JsonFiles.read(encoderJson, "GPT-2 encoder.json");
        String merges;
        try {
            if (Files.size(vocabBpe) > JsonFiles.MAX_FILE_BYTES) {
                throw new IllegalArgumentException("GPT-2 vocab.bpe " + vocabBpe + " is larger than "
                        + JsonFiles.MAX_FILE_BYTES + " bytes");
            }
            merges = Utf8.decode(Files.readAllBytes(vocabBpe), "GPT-2 vocab.bpe " + vocabBpe);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("GPT-2 vocab.bpe not found: " + vocabBpe, e);
        } catch (IOException e) {
            throw new UncheckedIOException("GPT-2 vocab.bpe " + vocabBpe + ": " + e.getMessage(), e);
        }
        return build(enc, "GPT-2 encoder.json " + encoderJson, merges, "GPT-2 vocab.bpe " + vocabBpe);
    }

    static ByteLevelBpeTokenizer bundled() {
        ByteLevelBpeTokenizer t = bundled;
        if (t == null) {
            synchronized (Gpt2Files.class) {
                t = bundled;
                if (t == null) {
                    try {
                        JsonNode enc = JsonFiles.parse(new ByteArrayInputStream(gunzip("encoder.json.gz")),
                                "bundled encoder.json", "GPT-2 encoder.json");
                        String merges = Utf8.decode(gunzip("vocab.bpe.gz"), "bundled vocab.bpe");
                        t = build(enc, "bundled encoder.json", merges, "bundled vocab.bpe");
                    } catch (IOException e) {
                        throw new UncheckedIOException("reading the bundled GPT-2 vocabulary: " + e.getMessage(), e);
                    }
                    bundled = t;
                }
            }
        }
        return t;
    }

    private static byte[] gunzip(String name) throws IOException {
        try (InputStream raw = Gpt2Files.class.getResourceAsStream(RESOURCES + name)) {
            if (raw == null) {
                throw new IllegalStateException("resource " + RESOURCES + name + " is missing from the cambium-llm jar");
            }
            try (InputStream in = new GZIPInputStream(raw)) {
                return in.readAllBytes();
            }
        }
    }

    private static ByteLevelBpeTokenizer build(JsonNode enc, String encWhere, String vocabBpe, String bpeWhere) {
        if (!enc.isObject()) {
            throw new IllegalArgumentException(encWhere + ": expected a JSON object of token to id, got " + enc.getNodeType());
        }
        Map<String, Integer> vocab = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = enc.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            vocab.put(e.getKey(), JsonFiles.id(e.getValue(), Tokenizers.MAX_VOCAB, encWhere + ": token '" + e.getKey() + "'"));
        }
        List<String[]> merges = parseMerges(vocabBpe, bpeWhere);
        List<AddedToken> added = new ArrayList<>();
        Integer eot = vocab.get(END_OF_TEXT);
        if (eot != null) {
            added.add(new AddedToken(END_OF_TEXT, eot, true, false, false, false, true));
        }
        try {
            return new ByteLevelBpeTokenizer(vocab, merges, added, new ByteLevelBpeTokenizer.Options());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(encWhere + " / " + bpeWhere + ": " + e.getMessage(), e);
        }
    }

    /** The merges of a {@code vocab.bpe}: lines of two space-separated tokens after an optional {@code #version} line. */
    static List<String[]> parseMerges(String text, String where) {
        List<String[]> merges = new ArrayList<>();
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].endsWith("\r") ? lines[i].substring(0, lines[i].length() - 1) : lines[i];
            if (line.isEmpty() || (i == 0 && line.startsWith("#version"))) {
                continue;
            }
            String[] parts = line.split(" ", -1);
            if (parts.length != 2 || parts[0].isEmpty() || parts[1].isEmpty()) {
                throw new IllegalArgumentException(where + ": line " + (i + 1) + " is not two tokens separated by one space: '"
                        + (line.length() > 80 ? line.substring(0, 80) + "..." : line) + "'");
            }
            merges.add(parts);
        }
        return merges;
    }
}
