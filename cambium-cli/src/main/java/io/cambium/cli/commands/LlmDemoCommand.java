package io.cambium.cli.commands;

import io.cambium.cli.Main;
import io.cambium.cli.UserError;
import io.cambium.cli.llm.LoadedLm;
import io.cambium.cli.llm.PoemSampler;
import io.cambium.llm.corpus.Corpora;
import io.cambium.llm.corpus.ClassicalPoems;
import io.cambium.llm.corpus.VerseForms;
import io.cambium.llm.train.Pretrainer;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The language-model demo: pretrains a small character-level GPT on Tang and Song poems (the
 * recipe of {@link #RECIPE}, through {@code cambium pretrain}), then samples poems and measures how
 * many of their verse clauses have the 5 or 7 characters of Tang poetry.
 */
@Command(name = "llm", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Pretrain a character-level GPT on Tang and Song poems (fortunes-zh tang300 + song100, or the "
                + "shipped excerpt), then sample poems and measure their verse forms.",
            "With --model, skip training and sample from an existing run."})
public final class LlmDemoCommand implements Callable<Integer> {
    /** The demo's pretraining options (documented in cambium-llm's README). */
    static final List<String> RECIPE = List.of("--corpus", "poems", "--preset", "mini", "--positions", "rotary",
            "--context", "128", "--dropout", "0.2", "--batch-size", "16", "--lr", "2e-3", "--min-lr", "2e-4",
            "--warmup", "60", "--weight-decay", "0.1", "--eval-interval", "100", "--eval-batches", "0",
            "--log-interval", "25");

    @Spec
    CommandSpec spec;

    @Option(names = "--steps", defaultValue = "600", description = "Pretraining steps (default ${DEFAULT-VALUE}).")
    int steps;

    @Option(names = {"-o", "--output-dir"}, defaultValue = "cambium-output/demo-llm",
            description = "Run directory (default ${DEFAULT-VALUE}); an existing run there is resumed.")
    Path outputDir;

    @Option(names = "--model", paramLabel = "DIR", description = "Sample from this run instead of training.")
    Path model;

    @Option(names = "--samples", defaultValue = "8", description = "Poems to sample (default ${DEFAULT-VALUE}).")
    int samples;

    @Option(names = "--print", defaultValue = "8", description = "Sampled poems to print (default ${DEFAULT-VALUE}).")
    int print;

    @Option(names = "--seed", defaultValue = "7", description = "Seed of the first sample (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = {"-t", "--temperature"}, defaultValue = "0.8", description = "Sampling temperature (default ${DEFAULT-VALUE}).")
    double temperature;

    @Option(names = "--top-k", defaultValue = "0", description = "Top-k, 0 for none (default ${DEFAULT-VALUE}).")
    int topK;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        if (samples < 1) {
            throw new UserError("--samples must be >= 1, got " + samples);
        }
        Path run = model;
        if (run == null) {
            run = outputDir;
            List<String> args = new ArrayList<>(List.of("pretrain"));
            if (Files.isRegularFile(outputDir.resolve(Pretrainer.CHECKPOINT))) {
                args.add("--resume");
            } else {
                args.addAll(RECIPE);
                args.addAll(List.of("--steps", Integer.toString(steps)));
            }
            args.addAll(List.of("--output-dir", outputDir.toString()));
            out.println("Cambium demo: a character-level GPT on Tang and Song poems");
            out.println("$ cambium " + String.join(" ", args));
            out.flush();
            PrintWriter err = spec.commandLine().getErr();
            int code = Main.commandLine(out, err).execute(args.toArray(new String[0]));
            if (code != 0) {
                return code;
            }
        }
        LoadedLm lm = LoadedLm.load(run, null);
        out.printf(Locale.ROOT, "%nSampling %d poems (temperature %.2g, top-k %s, seeds %d..%d) from %s%n%n", samples,
                temperature, topK == 0 ? "off" : Integer.toString(topK), seed, seed + samples - 1, lm.modelFile());
        out.flush();
        PoemSampler.Samples s = PoemSampler.sample(lm, samples, seed, temperature, topK, 200);
        for (int i = 0; i < Math.min(print, s.texts().size()); i++) {
            out.println(s.texts().get(i));
            out.println();
        }
        VerseForms.ClauseStats corpus = VerseForms.stats(ClassicalPoems.parse(Corpora.classicalPoetry().text()));
        out.println("Verse forms of the samples (poem bodies; clauses between ，。？！；): " + s.stats());
        out.println("The corpus itself: " + corpus);
        out.flush();
        return 0;
    }
}
