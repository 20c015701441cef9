package io.cambium.cli.commands.tokenizer;

import io.cambium.cli.UserError;
import io.cambium.llm.data.TokenDType;
import io.cambium.llm.data.TokenFile;
import io.cambium.llm.tokenizer.Tokenizer;
import io.cambium.llm.tokenizer.Utf8;
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

/** Encodes text to token ids: printed, or written as a token file for pretraining. */
@Command(name = "encode", mixinStandardHelpOptions = true,
        description = "Encode text (--text or files) to token ids: printed one line per input, or written as a token file (-o).")
public final class TokenizerEncodeCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = {"-t", "--tokenizer"}, required = true,
            description = "A tokenizer file (tokenizer.json or a char tokenizer), a directory with GPT-2's encoder.json"
                    + " and vocab.bpe, or 'gpt2' for the bundled GPT-2 tokenizer.")
    String tokenizer;

    @Option(names = "--text", description = "Text to encode (instead of files).")
    String text;

    @Parameters(arity = "0..*", paramLabel = "FILE", description = "UTF-8 files to encode, each one document.")
    List<Path> files = new ArrayList<>();

    @Option(names = {"-o", "--output"},
            description = "Write the ids of all inputs to this token file (uint16/int32, memory-mappable) instead of printing them.")
    Path output;

    @Option(names = "--separator", paramLabel = "TOKEN",
            description = "With -o: a special token written after each document (e.g. '<|endoftext|>').")
    String separator;

    @Option(names = "--ordinary", description = "Read special-token strings in the text as plain text.")
    boolean ordinary;

    @Override
    public Integer call() throws IOException {
        if ((text == null) == files.isEmpty()) {
            throw new UserError(text == null ? "nothing to encode: give --text or input files"
                    : "give either --text or input files, not both");
        }
        Tokenizer tok = TokenizerFiles.load(tokenizer);
        for (Path f : files) {
            if (!Files.isRegularFile(f)) {
                throw new UserError("input file not found: " + f);
            }
        }
        int sep = -1;
        if (separator != null) {
            if (output == null) {
                throw new UserError("--separator applies to a token file output (-o)");
            }
            sep = tok.tokenToId(separator).orElseThrow(() -> new UserError("--separator: '" + separator
                    + "' is not a token of this tokenizer (special tokens: " + tok.specialTokens().keySet() + ")"));
        }
        int documents = text != null ? 1 : files.size();
        PrintWriter out = spec.commandLine().getOut();
        if (output == null) {
            for (int d = 0; d < documents; d++) {
                int[] ids = encode(tok, d);
                StringBuilder sb = new StringBuilder();
                for (int i = 0; i < ids.length; i++) {
                    sb.append(i == 0 ? "" : " ").append(ids[i]);
                }
                out.println(sb);
            }
            out.flush();
            return 0;
        }
        long[] count = {0};
        int separatorId = sep;
        // One input file in memory at a time.
        TokenFile.write(output, tok.vocabSize(), sink -> {
            for (int d = 0; d < documents; d++) {
                int[] ids = encode(tok, d);
                sink.accept(ids);
                count[0] += ids.length;
                if (separatorId >= 0) {
                    sink.accept(new int[] {separatorId});
                    count[0]++;
                }
            }
        });
        out.printf(Locale.ROOT, "wrote %,d tokens (%s, vocabulary %,d) of %d document%s to %s%n", count[0],
                TokenDType.forVocab(tok.vocabSize()).name().toLowerCase(Locale.ROOT), tok.vocabSize(), documents,
                documents == 1 ? "" : "s", output);
        out.flush();
        return 0;
    }

    private int[] encode(Tokenizer tok, int document) {
        String d = text != null ? text : Utf8.readFile(files.get(document));
        return ordinary ? tok.encodeOrdinary(d) : tok.encode(d);
    }
}
