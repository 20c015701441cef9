package io.cambium.cli.llm;

import io.cambium.cli.UserError;
import io.cambium.llm.corpus.Corpora;
import io.cambium.llm.corpus.Corpus;
import io.cambium.llm.data.TokenDataset;
import io.cambium.llm.tokenizer.CharTokenizer;
import io.cambium.llm.tokenizer.Tokenizer;
import io.cambium.llm.tokenizer.Tokenizers;
import io.cambium.tensor.random.Rng;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The text a language model is pretrained on, tokenized and split: documents from named corpora
 * and text files, shuffled with the seed (so that validation is not one corpus's tail), joined
 * by blank lines, encoded with a given tokenizer or a character tokenizer trained on the text,
 * and split into training and validation tokens (the last fraction for validation).
 */
public final class LmData {
    /** The corpus names {@code --corpus} accepts. */
    public static final List<String> CORPORA = List.of("poems", "tang300", "song100", "chinese", "fortunes", "kjv");

    /** What to read: corpus names, text files, an optional tokenizer file, the validation fraction, the seed. */
    public record Spec(List<String> corpora, List<Path> texts, Path tokenizer, double validationFraction, long seed) {
        /** As JSON-compatible values, for the run file. */
        public Map<String, Object> toMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("corpora", corpora);
            List<String> t = new ArrayList<>();
            for (Path p : texts) {
                t.add(p.toAbsolutePath().toString());
            }
            m.put("texts", t);
            m.put("tokenizer", tokenizer == null ? null : tokenizer.toAbsolutePath().toString());
            m.put("validation_fraction", validationFraction);
            m.put("seed", seed);
            return m;
        }

        /** From {@link #toMap()}. */
        @SuppressWarnings("unchecked")
        public static Spec fromMap(Map<String, Object> m) {
            List<Path> texts = new ArrayList<>();
            for (Object o : (List<Object>) m.get("texts")) {
                texts.add(Path.of(o.toString()));
            }
            Object tok = m.get("tokenizer");
            return new Spec((List<String>) m.get("corpora"), texts, tok == null ? null : Path.of(tok.toString()),
                    ((Number) m.get("validation_fraction")).doubleValue(), ((Number) m.get("seed")).longValue());
        }
    }

    private final Tokenizer tokenizer;
    private final TokenDataset train;
    private final TokenDataset validation;
    private final String description;
    private final List<String> notes;

    private LmData(Tokenizer tokenizer, TokenDataset train, TokenDataset validation, String description,
                   List<String> notes) {
        this.tokenizer = tokenizer;
        this.train = train;
        this.validation = validation;
        this.description = description;
        this.notes = notes;
    }

    /** The tokenizer (given or trained). */
    public Tokenizer tokenizer() {
        return tokenizer;
    }

    /** The training tokens. */
    public TokenDataset train() {
        return train;
    }

    /** The validation tokens. */
    public TokenDataset validation() {
        return validation;
    }

    /** One line: sources, documents, characters, tokens. */
    public String description() {
        return description;
    }

    /** Remarks for the user (such as an excerpt used instead of a missing package). */
    public List<String> notes() {
        return notes;
    }

    /**
     * Reads, tokenizes and splits the data.
     *
     * @throws UserError naming the corpus or file when nothing can be read, the text is empty,
     *     or the validation fraction leaves a part too small
     */
    public static LmData load(Spec spec) {
        if (spec.corpora().isEmpty() && spec.texts().isEmpty()) {
            throw new UserError("no training text: give --corpus NAME (" + String.join(", ", CORPORA)
                    + ") or --text FILE");
        }
        if (!(spec.validationFraction() > 0 && spec.validationFraction() < 0.5)) {
            throw new UserError("--val-fraction must be in (0, 0.5), got " + spec.validationFraction());
        }
        List<String> docs = new ArrayList<>();
        List<String> sources = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        for (String name : spec.corpora()) {
            Corpus c = corpus(name);
            if (c.documents().isEmpty() || c.chars() == 0) {
                throw new UserError("corpus '" + name + "' is empty (" + c.source() + ")");
            }
            docs.addAll(c.documents());
            sources.add(name + " (" + c.documents().size() + " documents from " + c.source() + ")");
            if (c.excerpt()) {
                notes.add("corpus '" + name + "': the Debian package is not installed, so the small excerpt shipped "
                        + "with Cambium is used");
            }
        }
        for (Path p : spec.texts()) {
            String t = readText(p);
            if (t.isBlank()) {
                throw new UserError("text file " + p + " is empty");
            }
            docs.add(t.strip());
            sources.add(p.toString());
        }
        // A fixed shuffle of the documents, so that the validation tail samples every source.
        Rng rng = new Rng(spec.seed());
        rng.shuffle(docs);
        String text = String.join("\n\n", docs) + "\n";
        Tokenizer tok;
        if (spec.tokenizer() != null) {
            if (!Files.isRegularFile(spec.tokenizer())) {
                throw new UserError("tokenizer file not found: " + spec.tokenizer());
            }
            tok = Tokenizers.load(spec.tokenizer());
        } else {
            tok = CharTokenizer.trainer().train(List.of(text));
        }
        int[] ids = tok.encodeOrdinary(text);
        long val = Math.round(ids.length * spec.validationFraction());
        if (val < 2 || ids.length - val < 2) {
            throw new UserError("the text has only " + ids.length + " tokens: too few to hold out "
                    + spec.validationFraction() + " for validation");
        }
        TokenDataset.Split split = TokenDataset.of(ids, tok.vocabSize()).split(spec.validationFraction());
        String desc = String.format(Locale.ROOT, "%s; %,d documents, %,d characters, %,d tokens (vocabulary %,d): "
                + "%,d for training, %,d for validation", String.join(" + ", sources), docs.size(), text.length(),
                ids.length, tok.vocabSize(), split.train().length(), split.validation().length());
        return new LmData(tok, split.train(), split.validation(), desc, notes);
    }

    private static Corpus corpus(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "poems" -> Corpora.classicalPoetry();
            case "tang300" -> Corpora.tang300();
            case "song100" -> Corpora.song100();
            case "chinese" -> Corpora.chineseFortunes();
            case "fortunes" -> Corpora.englishFortunes();
            case "kjv" -> Corpora.kingJamesBible();
            default -> throw new UserError("unknown corpus '" + name + "' (known: " + String.join(", ", CORPORA) + ")");
        };
    }

    private static String readText(Path p) {
        if (!Files.isRegularFile(p)) {
            throw new UserError("text file not found: " + p);
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(Files.readAllBytes(p))).toString();
        } catch (CharacterCodingException e) {
            throw new UserError("text file " + p + " is not valid UTF-8");
        } catch (IOException e) {
            throw new UserError("cannot read text file " + p + ": " + e.getMessage(), e);
        }
    }
}
