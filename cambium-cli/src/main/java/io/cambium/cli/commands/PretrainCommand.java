package io.cambium.cli.commands;

import io.cambium.Cambium;
import io.cambium.cli.Main;
import io.cambium.cli.UserError;
import io.cambium.cli.llm.LmData;
import io.cambium.cli.llm.ModelOptions;
import io.cambium.cli.llm.RunFile;
import io.cambium.llm.model.Gpt;
import io.cambium.llm.model.GptConfig;
import io.cambium.llm.train.Baselines;
import io.cambium.llm.train.PretrainConfig;
import io.cambium.llm.train.PretrainResult;
import io.cambium.llm.train.Pretrainer;
import io.cambium.llm.train.ProgressPrinter;
import io.cambium.nn.io.InvalidFileException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Pretrains a GPT on text by next-token prediction, with checkpoints from which it resumes. */
@Command(name = "pretrain", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Pretrain a GPT language model on text (next-token prediction).",
            "Writes ckpt.cambium (model + optimizer + state), tokenizer.json, run.json, metrics.csv and "
                + "learning_curves.png to the output directory; --resume continues a killed or finished run there."})
public final class PretrainCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--corpus", split = ",", paramLabel = "NAME",
            description = "Corpora: poems (tang300 + song100), tang300, song100, chinese, fortunes, kjv.")
    List<String> corpora = new ArrayList<>();

    @Option(names = "--text", split = ",", paramLabel = "FILE", description = "UTF-8 text files (one document each).")
    List<Path> texts = new ArrayList<>();

    @Option(names = "--tokenizer", paramLabel = "FILE",
            description = "A tokenizer.json to use (default: a character tokenizer trained on the text).")
    Path tokenizer;

    @Option(names = "--val-fraction", defaultValue = "0.1",
            description = "Fraction of the tokens held out for validation (default ${DEFAULT-VALUE}).")
    double valFraction;

    @Mixin
    ModelOptions model;

    @Option(names = "--init", paramLabel = "FILE", description = "Start from the weights of this model file (same shape).")
    Path init;

    @Option(names = "--steps", defaultValue = "2000", description = "Optimizer steps (default ${DEFAULT-VALUE}).")
    int steps;

    @Option(names = {"-b", "--batch-size"}, defaultValue = "16", description = "Sequences per micro-batch (default ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(names = "--grad-accum", defaultValue = "1", description = "Micro-batches per step (default ${DEFAULT-VALUE}).")
    int gradAccum;

    @Option(names = "--lr", defaultValue = "6e-4", description = "Peak learning rate (default ${DEFAULT-VALUE}).")
    double lr;

    @Option(names = "--min-lr", description = "Final learning rate of the cosine (default: lr / 10).")
    Double minLr;

    @Option(names = "--warmup", defaultValue = "100", description = "Warm-up steps (default ${DEFAULT-VALUE}).")
    int warmup;

    @Option(names = "--weight-decay", defaultValue = "0.1", description = "AdamW weight decay of matrices (default ${DEFAULT-VALUE}).")
    double weightDecay;

    @Option(names = "--beta2", defaultValue = "0.95", description = "AdamW beta2 (default ${DEFAULT-VALUE}).")
    double beta2;

    @Option(names = "--grad-clip", defaultValue = "1.0", description = "Global gradient-norm limit, 0 for none (default ${DEFAULT-VALUE}).")
    double gradClip;

    @Option(names = "--eval-interval", defaultValue = "100", description = "Steps between validations and checkpoints (default ${DEFAULT-VALUE}).")
    int evalInterval;

    @Option(names = "--eval-batches", defaultValue = "20", description = "Validation batches, 0 for all (default ${DEFAULT-VALUE}).")
    int evalBatches;

    @Option(names = "--log-interval", defaultValue = "10", description = "Steps between progress lines (default ${DEFAULT-VALUE}).")
    int logInterval;

    @Option(names = "--seed", defaultValue = "1337", description = "Seed of initialization, data order and dropout (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = {"-o", "--output-dir"}, defaultValue = "cambium-output/pretrain",
            description = "Run directory (default ${DEFAULT-VALUE}).")
    Path outputDir;

    @Option(names = "--resume", description = "Continue the run in --output-dir from its checkpoint.")
    boolean resume;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        Path ckpt = outputDir.resolve(Pretrainer.CHECKPOINT);
        Pretrainer trainer;
        LmData data;
        if (resume) {
            if (!Files.isRegularFile(ckpt)) {
                throw new UserError("nothing to resume: " + ckpt + " does not exist");
            }
            LmData.Spec s = RunFile.read(outputDir);
            data = LmData.load(new LmData.Spec(s.corpora(), s.texts(), outputDir.resolve(RunFile.TOKENIZER),
                    s.validationFraction(), s.seed()));
            out.println("Data: " + data.description());
            try {
                trainer = Pretrainer.resume(ckpt, data.train(), data.validation(), outputDir);
            } catch (InvalidFileException e) {
                throw new UserError(e.getMessage(), e);
            }
            out.println("Resuming " + ckpt + " at step " + trainer.step() + " of " + trainer.config().maxSteps());
        } else {
            model.checkPreset();
            PretrainConfig cfg = trainingConfig();
            if (Files.exists(ckpt)) {
                throw new UserError(outputDir + " already holds a run (" + Pretrainer.CHECKPOINT
                        + "): add --resume to continue it, or choose another --output-dir");
            }
            LmData.Spec s = new LmData.Spec(corpora, texts, tokenizer, valFraction, seed);
            data = LmData.load(s);
            GptConfig mc = model.config(data.tokenizer().vocabSize());
            Cambium.seed(seed);
            Gpt gpt = new Gpt(mc);
            if (init != null) {
                loadInit(gpt, mc);
            }
            trainer = new Pretrainer(gpt, data.train(), data.validation(), cfg, outputDir);
            Files.createDirectories(outputDir);
            data.tokenizer().save(outputDir.resolve(RunFile.TOKENIZER));
            RunFile.write(outputDir, new LmData.Spec(s.corpora(), s.texts(), null, s.validationFraction(), s.seed()));
            out.println("Data: " + data.description());
            out.print(gpt.summaryString());
            out.printf(Locale.ROOT, "Training %d steps of %,d tokens (batch %d x context %d x %d accumulated), AdamW lr %.1e"
                    + " (warm-up %d, cosine to %.1e), weight decay %.2g, clip %.2g, seed %d%n", cfg.maxSteps(),
                    trainer.tokensPerStep(), cfg.batchSize(), mc.contextLength(), cfg.gradientAccumulation(),
                    cfg.learningRate(), cfg.warmupSteps(), cfg.minLearningRate(), cfg.weightDecay(), cfg.gradClip(), seed);
        }
        for (String n : data.notes()) {
            out.println("Note: " + n);
        }
        out.flush();
        PretrainResult r = trainer.run(new ProgressPrinter(Main.printStream(out)));
        double unigram = Baselines.unigramCrossEntropy(data.train(), data.validation());
        out.printf(Locale.ROOT, "Validation loss %.4f nats/token (perplexity %.2f); unigram baseline %.4f (perplexity %.2f)%n",
                r.lastValLoss(), Math.exp(r.lastValLoss()), unigram, Math.exp(unigram));
        out.println("Saved " + ckpt + ", " + outputDir.resolve(RunFile.TOKENIZER) + ", "
                + outputDir.resolve(Pretrainer.CURVES) + " and " + outputDir.resolve(Pretrainer.METRICS));
        out.println("Sample with: cambium generate --model " + outputDir + " --prompt '...'");
        out.flush();
        return 0;
    }

    private PretrainConfig trainingConfig() {
        try {
            return new PretrainConfig().maxSteps(steps).batchSize(batchSize).gradientAccumulation(gradAccum).learningRate(lr)
                    .minLearningRate(minLr == null ? lr / 10 : minLr).warmupSteps(warmup).weightDecay(weightDecay)
                    .betas(0.9, beta2).gradClip(gradClip).evalInterval(evalInterval).evalBatches(evalBatches)
                    .logInterval(logInterval).seed(seed);
        } catch (IllegalArgumentException e) {
            throw new UserError(e.getMessage().replace("PretrainConfig: ", ""), e);
        }
    }

    private void loadInit(Gpt gpt, GptConfig mc) {
        Gpt source;
        try {
            source = Gpt.load(init);
        } catch (IOException e) {
            throw new UserError(e.getMessage(), e);
        }
        GptConfig sc = source.gptConfig().dropout(mc.dropout()).attentionDropout(mc.attentionDropout());
        if (!sc.equals(mc)) {
            throw new UserError("--init " + init + " holds a model of another shape: " + describe(sc) + ", this run asks for "
                    + describe(mc));
        }
        gpt.setWeights(source.getWeights());
    }

    static String describe(GptConfig c) {
        return String.format(Locale.ROOT, "vocab %d, context %d, d_model %d, %d layers, %d heads (%d kv), MLP %d",
                c.vocabSize(), c.contextLength(), c.dModel(), c.layers(), c.heads(), c.kvHeads(), c.mlpHidden());
    }
}
