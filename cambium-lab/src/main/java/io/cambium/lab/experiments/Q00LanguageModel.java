package io.cambium.lab.experiments;

import io.cambium.lab.Experiment;
import io.cambium.lab.Mode;
import io.cambium.lab.Progress;
import io.cambium.lab.Result;
import io.cambium.lab.Table;
import io.cambium.llm.corpus.ClassicalPoems;
import io.cambium.llm.corpus.Corpora;
import io.cambium.llm.corpus.Corpus;
import io.cambium.llm.corpus.Poem;
import io.cambium.llm.corpus.VerseForms;
import io.cambium.llm.data.TokenDataset;
import io.cambium.llm.finetune.FineTuneConfig;
import io.cambium.llm.finetune.FineTuneData;
import io.cambium.llm.finetune.FineTuneListener;
import io.cambium.llm.finetune.FineTuneResult;
import io.cambium.llm.finetune.FineTuner;
import io.cambium.llm.finetune.lora.LoraConfig;
import io.cambium.llm.finetune.lora.LoraModel;
import io.cambium.llm.generate.GenerationConfig;
import io.cambium.llm.generate.Generator;
import io.cambium.llm.model.Gpt;
import io.cambium.llm.model.GptConfig;
import io.cambium.llm.tokenizer.CharTokenizer;
import io.cambium.llm.train.Baselines;
import io.cambium.llm.train.EvalStats;
import io.cambium.llm.train.PretrainConfig;
import io.cambium.llm.train.PretrainListener;
import io.cambium.llm.train.Pretrainer;
import io.cambium.llm.train.StepStats;
import io.cambium.plot.LineChart;
import io.cambium.tensor.random.Rng;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The bank's title, "developing and fine-tuning large models from scratch", at the scale of a
 * laptop: cambium-llm's character tokenizer, a small GPT pretrained from scratch on Tang poems
 * (the excerpt shipped with cambium-llm, so it runs anywhere), its validation loss against the
 * unigram baseline, the verse forms of the poems it samples, and its adaptation to Song poems by
 * full fine-tuning and by LoRA, against a model trained on the Song poems alone.
 */
public final class Q00LanguageModel implements Experiment {
    @Override
    public List<Integer> questions() {
        return List.of(0);
    }

    @Override
    public String title() {
        return "A language model from scratch: pretraining a small GPT on Tang poems, sampling, and full against LoRA "
                + "fine-tuning on Song poems";
    }

    @Override
    public String summary() {
        return "The bank's title asks how large models are developed and fine-tuned from scratch: a tokenizer, a "
                + "GPT-style Transformer pretrained by next-token prediction on real text, generation, and adaptation "
                + "to a new domain by full fine-tuning or by parameter-efficient LoRA. The experiment does each step "
                + "with cambium-llm at a scale two CPU cores can train: a character tokenizer and a small GPT "
                + "pretrained on Tang poems, its validation loss against a context-free (unigram) model, the share of "
                + "5- and 7-character verse clauses in the poems it writes, and fine-tuning on Song poems, fully and "
                + "with LoRA, against a model trained on the Song poems alone.";
    }

    /** The sizes of a mode. */
    private record Sizes(int pretrainSteps, int evalEvery, int fineTuneSteps, int samples, int dModel, int layers,
                         int context) {
    }

    @Override
    public Result run(Mode mode, long seed, Progress progress) {
        Sizes s = mode == Mode.QUICK ? new Sizes(250, 50, 40, 10, 64, 2, 32) : new Sizes(900, 75, 200, 40, 96, 3, 64);
        // The excerpts shipped with cambium-llm (an empty search path never finds the Debian package's
        // files), so that every machine trains on the same text.
        Corpus tang = Corpora.poems("tang300", List.of());
        Corpus song = Corpora.poems("song100", List.of());
        List<String> tangDocs = shuffled(tang.documents(), seed);
        List<String> songDocs = shuffled(song.documents(), seed);
        String tangText = String.join("\n\n", tangDocs) + "\n";
        String songText = String.join("\n\n", songDocs) + "\n";
        CharTokenizer tok = CharTokenizer.trainer().train(List.of(tangText, songText));
        TokenDataset.Split pre = TokenDataset.of(tok.encodeOrdinary(tangText), tok.vocabSize()).split(0.15);
        TokenDataset.Split ft = TokenDataset.of(tok.encodeOrdinary(songText), tok.vocabSize()).split(0.3);
        progress.total(s.pretrainSteps() + 3.0 * s.fineTuneSteps() + s.samples());

        GptConfig cfg = GptConfig.preset("tiny").vocabSize(tok.vocabSize()).dModel(s.dModel()).layers(s.layers())
                .mlpHidden(4 * s.dModel()).contextLength(s.context()).positions(GptConfig.Positions.ROTARY).dropout(0.2);
        Gpt gpt = Gpt.withSeed(cfg, seed);
        PretrainConfig pc = new PretrainConfig().maxSteps(s.pretrainSteps()).batchSize(16).learningRate(2e-3)
                .minLearningRate(2e-4).warmupSteps(s.pretrainSteps() / 10).weightDecay(0.1)
                .evalInterval(s.evalEvery()).evalBatches(0).logInterval(s.pretrainSteps()).seed(seed);
        Pretrainer trainer = new Pretrainer(gpt, pre.train(), pre.validation(), pc, null);
        double untrainedLoss = trainer.evaluate();
        List<EvalStats> history = new ArrayList<>();
        try {
            trainer.run(new PretrainListener() {
                @Override
                public void onStep(StepStats stats) {
                    progress.advance(1, "pretraining, step " + stats.step());
                }

                @Override
                public void onEval(EvalStats stats) {
                    history.add(stats);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        GenerationStats trained = sample(gpt, tok, s.samples(), seed, progress, "samples of the pretrained model");
        VerseForms.ClauseStats corpusForms = VerseForms.stats(ClassicalPoems.parse(tangText));
        double unigram = Baselines.unigramCrossEntropy(pre.train(), pre.validation());

        // Fine-tuning starts from copies of the pretrained weights.
        Path weights = saveTemp(gpt);
        FineTuneData songData = FineTuneData.text(ft.train(), ft.validation());
        FineTuneResult full;
        FineTuneResult lora;
        FineTuneResult scratch;
        try {
            full = fineTune(load(weights), songData, s.fineTuneSteps(), 5e-4, seed, progress, "full fine-tuning");
            Gpt base = load(weights);
            LoraModel.wrap(base, new LoraConfig().r(8).alpha(16).targetModules(LoraConfig.ALL_LINEAR));
            lora = fineTune(base, songData, s.fineTuneSteps(), 3e-3, seed, progress, "LoRA");
            scratch = fineTune(Gpt.withSeed(cfg, seed), songData, s.fineTuneSteps(), 2e-3, seed, progress,
                    "Song poems only, from scratch");
        } finally {
            try {
                Files.deleteIfExists(weights);
            } catch (IOException ignored) {
                // a temporary file left behind is no reason to fail the experiment
            }
        }
        return page(mode, s, cfg, gpt, tok, tang, song, pre, ft, untrainedLoss, unigram, history, trained, corpusForms,
                full, lora, scratch);
    }

    /** Poems sampled from 《 and their verse clauses. */
    private record GenerationStats(List<String> texts, VerseForms.ClauseStats stats) {
    }

    private static GenerationStats sample(Gpt gpt, CharTokenizer tok, int n, long seed, Progress progress, String what) {
        Generator g = new Generator(gpt, ids -> tok.decode(ids, true));
        int[] prompt = tok.encodeOrdinary("《");
        List<String> texts = new ArrayList<>();
        List<Poem> poems = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            GenerationConfig c = new GenerationConfig().doSample(true).temperature(0.8).topK(50).maxNewTokens(100)
                    .stopStrings("\n\n").seed(seed + i);
            String text = "《" + g.generate(prompt, c).text();
            texts.add(text.strip());
            poems.addAll(ClassicalPoems.parse(text));
            progress.advance(1, what);
        }
        return new GenerationStats(texts, VerseForms.stats(poems));
    }

    private static FineTuneResult fineTune(Gpt model, FineTuneData data, int steps, double lr, long seed,
                                           Progress progress, String what) {
        FineTuneConfig c = new FineTuneConfig().steps(steps).batchSize(8).context(32).learningRate(lr)
                .warmupSteps(steps / 10).evalInterval(Math.max(1, steps / 5)).evalBatches(0).seed(seed);
        return new FineTuner(model, data, c).run(new FineTuneListener() {
            @Override
            public void onStep(int step, int total, double loss, double learningRate, double gradNorm, double millis) {
                progress.advance(1, what + ", step " + step);
            }
        });
    }

    private static Result page(Mode mode, Sizes s, GptConfig cfg, Gpt gpt, CharTokenizer tok, Corpus tang, Corpus song,
                               TokenDataset.Split pre, TokenDataset.Split ft, double untrainedLoss, double unigram,
                               List<EvalStats> history, GenerationStats trained,
                               VerseForms.ClauseStats corpusForms, FineTuneResult full, FineTuneResult lora,
                               FineTuneResult scratch) {
        Table data = new Table("The text (cambium-llm's shipped excerpts, one character per token; vocabulary "
                + tok.vocabSize() + ")").text("corpus").text("use").num("poems", 0).num("training tokens", 0)
                .num("validation tokens", 0);
        data.row("Tang poems (tang300)", "pretraining", tang.documents().size(), pre.train().length(),
                pre.validation().length());
        data.row("Song poems (song100)", "fine-tuning", song.documents().size(), ft.train().length(),
                ft.validation().length());

        Table losses = new Table("Pretraining: validation loss on held-out Tang poems (nats per character)")
                .text("model").num("validation loss", 3).num("perplexity", 1);
        losses.row("uniform over the vocabulary", Math.log(tok.vocabSize()), (double) tok.vocabSize());
        losses.row("the GPT before training", untrainedLoss, Math.exp(untrainedLoss));
        losses.row("unigram (character frequencies, no context)", unigram, Math.exp(unigram));
        EvalStats end = history.get(history.size() - 1);
        EvalStats bestEval = history.get(0);
        for (EvalStats e : history) {
            bestEval = e.valLoss() < bestEval.valLoss() ? e : bestEval;
        }
        double best = bestEval.valLoss();
        losses.row("the GPT after " + s.pretrainSteps() + " steps", end.valLoss(), Math.exp(end.valLoss()));
        losses.row("the GPT at its best evaluation (step " + bestEval.step() + ")", best, Math.exp(best));

        Table curve = new Table("Pretraining, every " + s.evalEvery() + " steps").num("step", 0)
                .num("training loss", 3).num("validation loss", 3);
        double[] steps = new double[history.size()];
        double[] trainLoss = new double[history.size()];
        double[] valLoss = new double[history.size()];
        for (int i = 0; i < history.size(); i++) {
            EvalStats e = history.get(i);
            curve.row(e.step(), e.trainLoss(), e.valLoss());
            steps[i] = e.step();
            trainLoss[i] = e.trainLoss();
            valLoss[i] = e.valLoss();
        }

        Table forms = new Table("Verse forms: clauses of the poems' bodies with exactly 5 or 7 characters")
                .text("poems").num("poems parsed", 0).num("clauses", 0).num("5 or 7 characters", 0).num("share", 3);
        forms.row("the Tang excerpt itself", corpusForms.poems(), corpusForms.clauses(), corpusForms.fiveOrSeven(),
                corpusForms.fraction());
        forms.row(s.samples() + " samples of the pretrained GPT", trained.stats().poems(), trained.stats().clauses(),
                trained.stats().fiveOrSeven(), trained.stats().fraction());

        Table samples = new Table("The pretrained GPT's first samples (temperature 0.8, top-k 50, from 《; lines "
                + "joined by /)").text("sample");
        for (int i = 0; i < Math.min(4, trained.texts().size()); i++) {
            samples.row(trained.texts().get(i).replace("\n", " / "));
        }

        Table tune = new Table("Fine-tuning on Song poems, " + s.fineTuneSteps() + " steps of 8 x 32 characters; "
                + "validation loss on held-out Song poems (nats per character)")
                .text("method").num("trainable parameters", 0).num("trainable %", 2).sci("learning rate")
                .num("validation loss before", 3).num("validation loss after", 3).num("gain", 3)
                .num("ms CPU per step", 0);
        addTune(tune, "full fine-tuning of the pretrained GPT", full, 5e-4);
        addTune(tune, "LoRA r 8, alpha 16, all linear layers", lora, 3e-3);
        addTune(tune, "the same GPT from scratch on Song poems only", scratch, 2e-3);

        LineChart pretrainChart = new LineChart("Pretraining on Tang poems").xLabel("step")
                .yLabel("loss (nats per character)").series("training loss", steps, trainLoss)
                .series("validation loss", steps, valLoss)
                .dashed("unigram baseline", new double[] {steps[0], steps[steps.length - 1]}, new double[] {unigram, unigram});
        LineChart tuneChart = new LineChart("Validation loss on Song poems while fine-tuning").xLabel("step")
                .yLabel("validation loss (nats per character)");
        tuneChart.series("full fine-tuning", xs(full), ys(full)).series("LoRA", xs(lora), ys(lora))
                .series("from scratch", xs(scratch), ys(scratch));

        Result.Builder out = Result.builder()
                .setup(setup(mode, s, cfg, gpt, tok))
                .table(data).table(losses).table(curve).table(forms).table(samples).table(tune)
                .plot("pretraining", "Training and validation loss while pretraining, against the unigram baseline.",
                        pretrainChart.png())
                .plot("fine-tuning", "Validation loss on held-out Song poems while fine-tuning (step 0: before).",
                        tuneChart.png());

        out.check("A GPT pretrained from scratch by next-token prediction learns the text: its validation loss goes "
                        + "below that of a model without context", best < unigram,
                "At its best evaluation (step " + bestEval.step() + ") the validation loss is " + losses.text(4, 1)
                        + " nats per character (perplexity " + losses.text(4, 2) + ") against " + losses.text(2, 1)
                        + " for the unigram baseline and " + losses.text(1, 1) + " before training.");
        if (end.valLoss() > best) {
            int last = curve.rowCount() - 1;
            out.observed("With " + data.text(0, 3) + " training characters the model overfits: after step "
                    + bestEval.step() + " the validation loss rises to " + curve.text(last, 2) + " at step "
                    + curve.text(last, 0) + " while the training loss falls to " + curve.text(last, 1)
                    + " (keeping the best checkpoint, or more text, is the remedy).");
        }
        out.check("It learns the form of the text: most verse clauses of the poems it writes have 5 or 7 "
                        + "characters, as in the corpus", trained.stats().fraction() > 0.5,
                "Of the " + forms.text(1, 2) + " clauses in its " + forms.text(1, 1) + " parsed samples a share of "
                        + forms.text(1, 4) + " have 5 or 7 characters, against " + forms.text(0, 4)
                        + " in the Tang excerpt.");
        int before = tune.columnIndex("validation loss before");
        int after = tune.columnIndex("validation loss after");
        int gain = tune.columnIndex("gain");
        int pct = tune.columnIndex("trainable %");
        out.check("Fine-tuning adapts a pretrained model to a new domain", full.finalValidationLoss()
                        < full.validationLosses().get(0),
                "Full fine-tuning takes the validation loss on Song poems from " + tune.text(0, before) + " to "
                        + tune.text(0, after) + ".");
        out.check("Pretraining helps: the fine-tuned pretrained model beats the same model trained on the new data "
                        + "alone with the same steps", full.finalValidationLoss() < scratch.finalValidationLoss(),
                "Fine-tuned: " + tune.text(0, after) + "; trained on the Song poems alone: " + tune.text(2, after) + ".");
        out.check("LoRA gets most of full fine-tuning's gain (at least three quarters) while training a small "
                        + "fraction of the parameters", lora.trainableParameters() < 0.1 * full.trainableParameters()
                        && tune.value(1, gain) >= 0.75 * tune.value(0, gain),
                "LoRA trains " + tune.text(1, pct) + " % of the parameters and gains " + tune.text(1, gain)
                        + " nats, full fine-tuning " + tune.text(0, gain) + " with all of them.");
        out.observed("After " + s.fineTuneSteps() + " steps LoRA ends at " + tune.text(1, after) + " and full "
                + "fine-tuning at " + tune.text(0, after) + " (each at its own learning rate).");
        out.note("cambium-llm's longer runs: `cambium demo llm` pretrains the `mini` shape on the whole tang300 and "
                + "song100 files of fortunes-zh, and tools/llm/finetune_acceptance.sh compares full, LoRA and quantized "
                + "LoRA fine-tuning (figures in cambium-llm's README); this page reports only what it ran itself.");
        return out.build();
    }

    private static void addTune(Table t, String method, FineTuneResult r, double lr) {
        double before = r.validationLosses().get(0);
        t.row(method, r.trainableParameters(), 100.0 * r.trainableParameters() / r.totalParameters(), lr, before,
                r.finalValidationLoss(), before - r.finalValidationLoss(), r.meanStepCpuMillis());
    }

    private static double[] xs(FineTuneResult r) {
        return r.evalSteps().stream().mapToDouble(Integer::doubleValue).toArray();
    }

    private static double[] ys(FineTuneResult r) {
        return r.validationLosses().stream().mapToDouble(Double::doubleValue).toArray();
    }

    private static String setup(Mode mode, Sizes s, GptConfig cfg, Gpt gpt, CharTokenizer tok) {
        return "Text: the excerpts of fortunes-zh's tang300 and song100 shipped with cambium-llm "
                + "(Corpora.poems with an empty search path, so every machine trains on the same text), one poem per "
                + "document in the corpus form (《title》, author line, body), shuffled with the seed and joined by "
                + "blank lines; a character tokenizer (CharTokenizer) trained on both, " + tok.vocabSize() + " ids. "
                + "Model: a GPT-2-style decoder (cambium-llm's Gpt) with rotary positions, " + cfg.layers() + " layers, "
                + "width " + s.dModel() + ", 4 heads, MLP " + (4 * s.dModel()) + ", context " + cfg.contextLength()
                + ", dropout 0.2, tied embeddings: " + gpt.parameterCount() + " parameters. Pretraining (Pretrainer, "
                + "nanoGPT's recipe): " + s.pretrainSteps() + " steps of 16 random windows of " + cfg.contextLength()
                + " characters, AdamW 2e-3 with warm-up and cosine decay to 2e-4, weight decay 0.1 on matrices, "
                + "gradient clipping at 1, on 85 % of the Tang tokens; validation on the other 15 %. Sampling "
                + "(Generator): " + s.samples() + " poems from 《, temperature 0.8, top-k 50, at most 100 characters, "
                + "stopped at a blank line, seeds from the run's seed; VerseForms counts their bodies' clauses. "
                + "Fine-tuning (FineTuner) on 70 % of the Song tokens, validated on the other 30 %: " + s.fineTuneSteps()
                + " steps of 8 windows of 32 characters, AdamW with warm-up and cosine decay, the rates in the table; "
                + "LoRA (LoraModel, PEFT's definition) wraps every linear layer of a copy of the pretrained GPT and "
                + "freezes the rest, the tied token table included; the scratch run trains the untrained GPT on the "
                + "Song tokens alone." + (mode == Mode.QUICK ? " Quick mode: the smallest shape and few steps." : "");
    }

    private static List<String> shuffled(List<String> docs, long seed) {
        List<String> out = new ArrayList<>(docs);
        new Rng(seed).shuffle(out);
        return out;
    }

    private static Path saveTemp(Gpt gpt) {
        try {
            Path f = Files.createTempFile("cambium-lab-title-", ".cambium");
            gpt.save(f);
            return f;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot save the pretrained GPT to a temporary file: " + e.getMessage(), e);
        }
    }

    private static Gpt load(Path f) {
        try {
            return Gpt.load(f);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot load the pretrained GPT back from " + f + ": " + e.getMessage(), e);
        }
    }
}
