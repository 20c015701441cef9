package io.cambium.cli.commands.tokenizer;

import io.cambium.bench.tokenizer.TokenizerThroughput;
import io.cambium.cli.Main;
import io.cambium.cli.UserError;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** GPT-2 encoding throughput against npm gpt-3-encoder under node, same text, same run. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Measure GPT-2 encoding MB/s against npm gpt-3-encoder under node (same text, interleaved passes).")
public final class TokenizerBenchCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--text", description = "Text file to encode (default: the English fortunes, the classical poems"
            + " and fortunes-zh's 'chinese' file).")
    Path text;

    @Option(names = "--reps", defaultValue = "5", description = "Timed passes per side (default ${DEFAULT-VALUE}).")
    int reps;

    @Option(names = "--node-modules", defaultValue = "tools/fixtures/tokenizer/node_modules",
            description = "node_modules holding gpt-3-encoder (default ${DEFAULT-VALUE}; 'npm ci' in tools/fixtures/tokenizer).")
    Path nodeModules;

    @Override
    public Integer call() throws Exception {
        if (reps < 1) {
            throw new UserError("--reps must be >= 1, got " + reps);
        }
        if (text != null && !Files.isRegularFile(text)) {
            throw new UserError("text file not found: " + text);
        }
        TokenizerThroughput.run(text == null ? TokenizerThroughput.defaultText() : text, reps, nodeModules,
                Main.printStream(spec.commandLine().getOut()));
        return 0;
    }
}
