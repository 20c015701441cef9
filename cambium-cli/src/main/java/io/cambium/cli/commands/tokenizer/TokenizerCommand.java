package io.cambium.cli.commands.tokenizer;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code cambium tokenizer}: train, apply and measure tokenizers. */
@Command(name = "tokenizer", mixinStandardHelpOptions = true,
        description = "Train a tokenizer, encode text to ids, decode ids to text, measure encoding speed.",
        subcommands = {TokenizerTrainCommand.class, TokenizerEncodeCommand.class, TokenizerDecodeCommand.class,
            TokenizerBenchCommand.class})
public final class TokenizerCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
