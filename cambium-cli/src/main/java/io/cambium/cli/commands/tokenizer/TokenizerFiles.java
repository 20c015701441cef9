package io.cambium.cli.commands.tokenizer;

import io.cambium.cli.UserError;
import io.cambium.llm.tokenizer.ByteLevelBpeTokenizer;
import io.cambium.llm.tokenizer.Tokenizer;
import io.cambium.llm.tokenizer.Tokenizers;

import java.nio.file.Files;
import java.nio.file.Path;

/** What the tokenizer subcommands share: the {@code --tokenizer} argument. */
final class TokenizerFiles {
    /** The name of the bundled GPT-2 tokenizer. */
    static final String GPT2 = "gpt2";

    private TokenizerFiles() {
    }

    /** {@code gpt2}, a tokenizer file, or a directory with {@code tokenizer.json} or GPT-2's two files. */
    static Tokenizer load(String spec) {
        if (spec.equals(GPT2)) {
            return ByteLevelBpeTokenizer.gpt2();
        }
        Path p = Path.of(spec);
        if (!Files.exists(p)) {
            throw new UserError("tokenizer file not found: " + spec + " (or use 'gpt2' for GPT-2's tokenizer)");
        }
        return Tokenizers.load(p);
    }
}
