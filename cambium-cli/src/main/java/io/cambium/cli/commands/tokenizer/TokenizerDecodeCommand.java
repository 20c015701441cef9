package io.cambium.cli.commands.tokenizer;

import io.cambium.cli.UserError;
import io.cambium.llm.data.TokenFile;
import io.cambium.llm.tokenizer.Tokenizer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** Decodes token ids (given on the command line or in a token file) to text. */
@Command(name = "decode", mixinStandardHelpOptions = true,
        description = "Decode token ids (--ids or a token file) to text.")
public final class TokenizerDecodeCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = {"-t", "--tokenizer"}, required = true,
            description = "A tokenizer file, a directory with GPT-2's files, or 'gpt2'.")
    String tokenizer;

    @Option(names = "--ids", description = "Ids separated by spaces or commas, e.g. '15496 995'.")
    String ids;

    @Parameters(arity = "0..1", paramLabel = "TOKEN_FILE", description = "A token file written by 'encode -o'.")
    Path tokenFile;

    @Option(names = "--skip-special-tokens", description = "Leave special tokens out of the text.")
    boolean skipSpecial;

    @Override
    public Integer call() {
        if ((ids == null) == (tokenFile == null)) {
            throw new UserError(ids == null ? "nothing to decode: give --ids or a token file"
                    : "give either --ids or a token file, not both");
        }
        Tokenizer tok = TokenizerFiles.load(tokenizer);
        int[] values;
        if (ids != null) {
            String[] parts = ids.trim().isEmpty() ? new String[0] : ids.trim().split("[\\s,]+");
            values = new int[parts.length];
            for (int i = 0; i < parts.length; i++) {
                try {
                    values[i] = Integer.parseInt(parts[i]);
                } catch (NumberFormatException e) {
                    throw new UserError("--ids: '" + parts[i] + "' is not an integer id");
                }
            }
        } else {
            if (!Files.isRegularFile(tokenFile)) {
                throw new UserError("token file not found: " + tokenFile);
            }
            TokenFile f = TokenFile.open(tokenFile);
            if (f.vocabSize() > tok.vocabSize()) {
                throw new UserError("token file " + tokenFile + " has a vocabulary of " + f.vocabSize()
                        + " ids, the tokenizer only " + tok.vocabSize());
            }
            values = f.toArray();
        }
        PrintWriter out = spec.commandLine().getOut();
        out.print(tok.decode(values, skipSpecial));
        out.println();
        out.flush();
        return 0;
    }
}
