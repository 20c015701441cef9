package io.cambium.cli.commands.tokenizer;

import io.cambium.cli.UserError;
import io.cambium.llm.tokenizer.BpeTrainer;
import io.cambium.llm.tokenizer.CharTokenizer;
import io.cambium.llm.tokenizer.Tokenizer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/** Trains a byte-level BPE or a character tokenizer on text files and saves it. */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = "Train a tokenizer on UTF-8 text files and save it (BPE: Hugging Face's tokenizer.json).")
public final class TokenizerTrainCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "FILE", description = "Training text files (UTF-8).")
    List<Path> files = new ArrayList<>();

    @Option(names = "--type", defaultValue = "bpe", description = "bpe (byte-level BPE, default) or char.")
    String type;

    @Option(names = {"-o", "--output"}, required = true, description = "Where to save the tokenizer (JSON).")
    Path output;

    @Option(names = "--vocab-size", defaultValue = "30000",
            description = "BPE: vocabulary size, special tokens and the 256 bytes included (default ${DEFAULT-VALUE}).")
    int vocabSize;

    @Option(names = "--min-frequency", description = "Least count of a merged pair (BPE, default 2) or of a kept character (char, default 1).")
    Integer minFrequency;

    @Option(names = "--special-tokens", split = ",", paramLabel = "TOKEN",
            description = "Special tokens, comma-separated, given the first ids (e.g. '<|endoftext|>').")
    List<String> specialTokens = new ArrayList<>();

    @Option(names = "--unk-token", description = "char: the token unknown characters become (default: they are an error).")
    String unkToken;

    @Override
    public Integer call() throws IOException {
        for (Path f : files) {
            if (!Files.isRegularFile(f)) {
                throw new UserError("training file not found: " + f);
            }
        }
        long t0 = System.nanoTime();
        Tokenizer tok;
        String[] specials = specialTokens.toArray(new String[0]);
        switch (type.toLowerCase(Locale.ROOT)) {
            case "bpe" -> {
                if (unkToken != null) {
                    throw new UserError("--unk-token applies to --type char (byte-level BPE has a token for every byte)");
                }
                BpeTrainer t = new BpeTrainer().vocabSize(vocabSize).specialTokens(specials);
                if (minFrequency != null) {
                    t.minFrequency(minFrequency);
                }
                tok = t.trainFiles(files);
            }
            case "char" -> {
                var t = CharTokenizer.trainer().specialTokens(specials).unkToken(unkToken);
                if (minFrequency != null) {
                    t.minFrequency(minFrequency);
                }
                tok = t.trainFiles(files);
            }
            default -> throw new UserError("--type: unknown tokenizer type '" + type + "' (expected bpe or char)");
        }
        tok.save(output);
        long bytes = 0;
        for (Path f : files) {
            bytes += Files.size(f);
        }
        PrintWriter out = spec.commandLine().getOut();
        out.printf(Locale.ROOT, "trained a %s tokenizer of %,d tokens (%d special) on %d file%s (%,d bytes) in %.1f s: %s%n",
                type.equalsIgnoreCase("char") ? "character" : "byte-level BPE", tok.vocabSize(), tok.specialTokens().size(),
                files.size(), files.size() == 1 ? "" : "s", bytes, (System.nanoTime() - t0) / 1e9, output);
        out.flush();
        return 0;
    }
}
