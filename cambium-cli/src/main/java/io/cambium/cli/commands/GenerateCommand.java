package io.cambium.cli.commands;

import io.cambium.cli.UserError;
import io.cambium.cli.llm.LoadedLm;
import io.cambium.llm.finetune.lora.LoraModel;
import io.cambium.llm.generate.GenerationConfig;
import io.cambium.llm.generate.GenerationResult;
import io.cambium.llm.generate.Generator;
import io.cambium.llm.tokenizer.Tokenizer;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Continues a prompt with a pretrained GPT. */
@Command(name = "generate", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Continue a prompt with a GPT (a pretraining run directory or model file): greedy or sampled, "
                + "with a key/value cache; --stream prints tokens as they come.")
public final class GenerateCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = {"-m", "--model"}, defaultValue = "cambium-output/pretrain",
            description = "Run directory (its ckpt.cambium and tokenizer.json) or model file (default ${DEFAULT-VALUE}).")
    Path model;

    @Option(names = "--tokenizer", paramLabel = "FILE", description = "Tokenizer file (default: tokenizer.json next to the model).")
    Path tokenizer;

    @Option(names = {"-p", "--prompt"}, required = true, description = "The text to continue.")
    String prompt;

    @Option(names = {"-n", "--max-new-tokens"}, defaultValue = "200", description = "Tokens to generate at most (default ${DEFAULT-VALUE}).")
    int maxNewTokens;

    @Option(names = "--greedy", description = "Always take the most likely token (no sampling).")
    boolean greedy;

    @Option(names = {"-t", "--temperature"}, defaultValue = "0.8", description = "Sampling temperature (default ${DEFAULT-VALUE}).")
    double temperature;

    @Option(names = "--top-k", defaultValue = "50", description = "Sample from the k most likely tokens, 0 for all (default ${DEFAULT-VALUE}).")
    int topK;

    @Option(names = "--top-p", defaultValue = "1.0", description = "Nucleus sampling threshold, 1 for off (default ${DEFAULT-VALUE}).")
    double topP;

    @Option(names = "--repetition-penalty", defaultValue = "1.0", description = "Penalty on repeated tokens, 1 for off (default ${DEFAULT-VALUE}).")
    double repetitionPenalty;

    @Option(names = "--seed", defaultValue = "42", description = "Sampling seed (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--stop", paramLabel = "TEXT", description = "Stop when the output contains this text (repeatable; \\n is a newline).")
    List<String> stops = new ArrayList<>();

    @Option(names = "--stop-token", paramLabel = "TOKEN", description = "Stop at this token: a special token such as <|endoftext|>, or an id (repeatable).")
    List<String> stopTokens = new ArrayList<>();

    @Option(names = "--num-samples", defaultValue = "1", description = "Independent samples (seeds seed, seed+1, ...; default ${DEFAULT-VALUE}).")
    int samples;

    @Option(names = "--stream", description = "Print each token as it is generated.")
    boolean stream;

    @Option(names = "--adapter", paramLabel = "DIR",
            description = "Apply a LoRA adapter (adapter_model.safetensors + adapter_config.json, as 'finetune --lora' writes).")
    Path adapter;

    @Option(names = "--no-cache", description = "Recompute the whole window for each token (slower; the same output).")
    boolean noCache;

    @Override
    public Integer call() {
        if (prompt.isEmpty()) {
            throw new UserError("--prompt is empty: give the text to continue");
        }
        if (samples < 1) {
            throw new UserError("--num-samples must be >= 1, got " + samples);
        }
        GenerationConfig base;
        try {
            base = new GenerationConfig().maxNewTokens(maxNewTokens).doSample(!greedy).temperature(temperature).topK(topK)
                    .topP(topP).repetitionPenalty(repetitionPenalty).useCache(!noCache);
            if (!stops.isEmpty()) {
                List<String> s = new ArrayList<>();
                for (String x : stops) {
                    s.add(x.replace("\\n", "\n").replace("\\t", "\t"));
                }
                base.stopStrings(s.toArray(new String[0]));
            }
        } catch (IllegalArgumentException e) {
            throw new UserError(e.getMessage().replace("GenerationConfig: ", ""), e);
        }
        LoadedLm lm = LoadedLm.load(model, tokenizer);
        if (adapter != null) {
            if (!Files.isDirectory(adapter)) {
                throw new UserError("adapter directory not found: " + adapter);
            }
            try {
                LoraModel.load(lm.model(), adapter);
            } catch (IOException e) {
                throw new UserError(e.getMessage(), e);
            }
        }
        Tokenizer tok = lm.tokenizer();
        base.stopTokens(stopTokenIds(tok));
        int[] ids = tok.encode(prompt);
        int context = lm.model().gptConfig().contextLength();
        if (ids.length > context) {
            throw new UserError("the prompt is " + ids.length + " tokens long, longer than the model's context of "
                    + context + " tokens");
        }
        PrintWriter out = spec.commandLine().getOut();
        Generator g = new Generator(lm.model(), t -> tok.decode(t, true));
        for (int i = 0; i < samples; i++) {
            if (i > 0) {
                out.println();
                out.println("----");
            }
            GenerationConfig c = base.copy().seed(seed + i);
            out.print(prompt);
            out.flush();
            GenerationResult r = g.generate(ids, c, stream ? (token, text) -> {
                out.print(text);
                out.flush();
            } : null);
            if (!stream) {
                out.print(r.text());
            }
            out.println();
            out.flush();
        }
        return 0;
    }

    private int[] stopTokenIds(Tokenizer tok) {
        int[] out = new int[stopTokens.size()];
        for (int i = 0; i < out.length; i++) {
            String s = stopTokens.get(i);
            OptionalInt id = tok.tokenToId(s);
            if (id.isPresent()) {
                out[i] = id.getAsInt();
            } else if (s.matches("\\d+") && Integer.parseInt(s) < tok.vocabSize()) {
                out[i] = Integer.parseInt(s);
            } else {
                throw new UserError("--stop-token '" + s + "' is neither a token of the tokenizer nor an id below "
                        + tok.vocabSize());
            }
        }
        return out;
    }
}
