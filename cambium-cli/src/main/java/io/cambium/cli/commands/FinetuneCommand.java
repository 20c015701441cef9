package io.cambium.cli.commands;

import io.cambium.cli.UserError;
import io.cambium.cli.llm.LmData;
import io.cambium.cli.llm.LoadedLm;
import io.cambium.cli.llm.RunFile;
import io.cambium.llm.finetune.BaseMemory;
import io.cambium.llm.finetune.ConfigFiles;
import io.cambium.llm.finetune.FineTuneConfig;
import io.cambium.llm.finetune.FineTuneData;
import io.cambium.llm.finetune.FineTuneListener;
import io.cambium.llm.finetune.FineTuneResult;
import io.cambium.llm.finetune.FineTuner;
import io.cambium.llm.finetune.instruct.ChatTemplate;
import io.cambium.llm.finetune.instruct.InstructionDataset;
import io.cambium.llm.finetune.instruct.InstructionFile;
import io.cambium.llm.finetune.lora.LoraConfig;
import io.cambium.llm.finetune.lora.LoraModel;
import io.cambium.llm.finetune.quant.BaseQuantization;
import io.cambium.llm.finetune.quant.QuantFormat;
import io.cambium.llm.model.Gpt;
import io.cambium.nn.io.AtomicFile;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Fine-tunes a pretrained GPT: all weights, or LoRA adapters on a float or quantized base. */
@Command(name = "finetune", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Fine-tune a pretrained GPT on instructions (--data FILE.jsonl) or text (--corpus, --text).",
            "Full fine-tuning writes model.cambium; with --lora only the adapter is written (PEFT's "
                + "adapter_model.safetensors + adapter_config.json), which 'generate --adapter DIR' applies. "
                + "finetune.json holds the measured figures."})
public final class FinetuneCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = {"-m", "--model"}, required = true, paramLabel = "DIR|FILE",
            description = "The base: a pretraining run directory (ckpt.cambium, tokenizer.json) or a model file.")
    Path model;

    @Option(names = "--tokenizer", paramLabel = "FILE", description = "Tokenizer file (default: tokenizer.json next to the model).")
    Path tokenizer;

    @Option(names = "--data", paramLabel = "FILE.jsonl",
            description = "Instruction data: JSON lines {instruction, input, output} or {messages: [{role, content}, ...]}.")
    Path data;

    @Option(names = "--corpus", split = ",", paramLabel = "NAME", description = "Plain-text corpora: " + "poems, tang300, song100, chinese, fortunes, kjv.")
    List<String> corpora = new ArrayList<>();

    @Option(names = "--text", split = ",", paramLabel = "FILE", description = "Plain-text files (one document each).")
    List<Path> texts = new ArrayList<>();

    @Option(names = "--lora", paramLabel = "SPEC",
            description = "Train LoRA adapters instead of all weights: r=8,alpha=16,dropout=0.05,targets=c_attn,attn.c_proj "
                    + "(targets: layer names or path suffixes, all-linear, wte for the token table; or regex=...; "
                    + "ensure_weight_tying=true lets an adapter on a tied token table adapt the output too).")
    String lora;

    @Option(names = "--qlora", paramLabel = "int8|nf4", description = "Quantize the frozen base's linear layers (needs --lora).")
    String qlora;

    @Option(names = "--template", paramLabel = "chatml|alpaca",
            description = "Chat template of --data (default: chatml when the tokenizer has <|im_start|>/<|im_end|>, else alpaca).")
    String template;

    @Option(names = "--packing", description = "Pack instruction examples into full windows instead of padding them.")
    boolean packing;

    @Option(names = "--steps", defaultValue = "200", description = "Optimizer steps (default ${DEFAULT-VALUE}).")
    int steps;

    @Option(names = {"-b", "--batch-size"}, defaultValue = "8", description = "Sequences per step (default ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(names = "--context", defaultValue = "0", description = "Sequence length (default: the model's context).")
    int context;

    @Option(names = "--lr", defaultValue = "2e-4", description = "Peak learning rate (default ${DEFAULT-VALUE}).")
    double lr;

    @Option(names = "--min-lr", description = "Final learning rate of the cosine (default: lr / 10).")
    Double minLr;

    @Option(names = "--warmup", defaultValue = "20", description = "Warm-up steps (default ${DEFAULT-VALUE}).")
    int warmup;

    @Option(names = "--weight-decay", defaultValue = "0", description = "AdamW weight decay of matrices (default ${DEFAULT-VALUE}).")
    double weightDecay;

    @Option(names = "--grad-clip", defaultValue = "1.0", description = "Global gradient-norm limit, 0 for none (default ${DEFAULT-VALUE}).")
    double gradClip;

    @Option(names = "--freeze-embeddings", description = "Full fine-tuning: keep the token and position tables frozen.")
    boolean freezeEmbeddings;

    @Option(names = "--freeze-blocks", defaultValue = "0", description = "Full fine-tuning: keep the first N blocks frozen.")
    int freezeBlocks;

    @Option(names = "--layerwise-decay", defaultValue = "1.0",
            description = "Layer-wise learning-rate decay: block i of L trains at lr * d^(L-i) (default ${DEFAULT-VALUE}: one rate).")
    double layerwiseDecay;

    @Option(names = "--loraplus-ratio", defaultValue = "0", paramLabel = "K",
            description = "With --lora: LoRA+, the B factors train at lr * K (PEFT's loraplus_lr_ratio; 16 in the paper; "
                    + "default 0: off).")
    double loraPlusRatio;

    @Option(names = "--loraplus-lr-embedding", defaultValue = "1e-6", paramLabel = "LR",
            description = "With --loraplus-ratio: the rate of adapters on token tables (default ${DEFAULT-VALUE}, as PEFT).")
    double loraPlusEmbeddingLr;

    @Option(names = "--eval-interval", defaultValue = "50", description = "Steps between validations (default ${DEFAULT-VALUE}).")
    int evalInterval;

    @Option(names = "--eval-batches", defaultValue = "0", description = "Validation batches, 0 for all (default ${DEFAULT-VALUE}).")
    int evalBatches;

    @Option(names = "--val-fraction", defaultValue = "0.1", description = "Fraction held out for validation (default ${DEFAULT-VALUE}).")
    double valFraction;

    @Option(names = "--seed", defaultValue = "42",
            description = "Seed of data order, adapter initialization and dropout (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--merge", description = "With --lora: also write the merged model (model.cambium).")
    boolean merge;

    @Option(names = {"-o", "--output-dir"}, required = true, paramLabel = "DIR", description = "Where to write the result.")
    Path out;

    private Double mergeDiff;

    private int tunerContext(Gpt gpt) {
        return context == 0 ? gpt.gptConfig().contextLength() : context;
    }

    @Override
    public Integer call() throws IOException {
        PrintWriter w = spec.commandLine().getOut();
        if (qlora != null && lora == null) {
            throw new UserError("--qlora needs --lora (a quantized base cannot be fine-tuned fully)");
        }
        if (lora != null && (freezeEmbeddings || freezeBlocks > 0 || layerwiseDecay != 1.0)) {
            throw new UserError("--freeze-embeddings, --freeze-blocks and --layerwise-decay apply to full fine-tuning, "
                    + "not --lora (its base is frozen)");
        }
        if (loraPlusRatio != 0 && lora == null) {
            throw new UserError("--loraplus-ratio needs --lora (LoRA+ sets the rates of adapter factors)");
        }
        if (merge && (lora == null || qlora != null)) {
            throw new UserError("--merge needs --lora on a float base");
        }
        int sources = (data != null ? 1 : 0) + (corpora.isEmpty() && texts.isEmpty() ? 0 : 1);
        if (sources != 1) {
            throw new UserError("give the data as either --data FILE.jsonl or --corpus/--text (got " + (sources == 0
                    ? "neither" : "both") + ")");
        }
        FineTuneConfig cfg;
        LoraConfig loraCfg = null;
        QuantFormat format = null;
        try {
            cfg = new FineTuneConfig().steps(steps).batchSize(batchSize).context(context).learningRate(lr)
                    .warmupSteps(warmup).weightDecay(weightDecay).gradClip(gradClip).evalInterval(evalInterval)
                    .evalBatches(evalBatches).seed(seed).freezeEmbeddings(freezeEmbeddings)
                    .freezeFirstBlocks(freezeBlocks).layerwiseDecay(layerwiseDecay).loraPlusRatio(loraPlusRatio)
                    .loraPlusEmbeddingLearningRate(loraPlusEmbeddingLr);
            if (minLr != null) {
                cfg.minLearningRate(minLr);
            }
            if (lora != null) {
                loraCfg = LoraConfig.parse(lora);
            }
            if (qlora != null) {
                format = QuantFormat.parse(qlora);
            }
        } catch (IllegalArgumentException e) {
            throw new UserError(e.getMessage(), e);
        }
        if (Files.exists(out.resolve("finetune.json"))) {
            throw new UserError("output directory " + out + " already holds a fine-tuning result (finetune.json); "
                    + "choose another -o");
        }
        AtomicFile.checkWritable(out.resolve("finetune.json"));
        LoadedLm lm = LoadedLm.load(model, tokenizer);
        Gpt gpt = lm.model();
        Path tokFile = tokenizer != null ? tokenizer : lm.modelFile().toAbsolutePath().getParent().resolve(RunFile.TOKENIZER);
        FineTuneData ftData = data(lm, tokFile, w);
        w.println("Data: " + ftData.description());
        LoraModel peft = null;
        BaseMemory floatBase = null;
        try {
            if (format != null) {
                gpt.trainable(false);
                floatBase = BaseMemory.of(gpt);
                BaseQuantization.quantize(gpt, format);
            }
            // One seed for the adapters' initialization and then the dropout of training, as pretrain's
            // --seed: without it the global generator starts from the clock and runs differ.
            io.cambium.Cambium.seed(seed);
            if (loraCfg != null) {
                peft = LoraModel.wrap(gpt, loraCfg);
                if (merge) {
                    peft.checkMergeable();   // refuse now, not after the training
                }
            }
        } catch (IllegalArgumentException e) {
            throw new UserError(e.getMessage(), e);
        } catch (IllegalStateException e) {
            throw new UserError("--merge: " + e.getMessage(), e);
        }
        FineTuner tuner;
        try {
            tuner = new FineTuner(gpt, ftData, cfg);
        } catch (IllegalArgumentException e) {
            throw new UserError(e.getMessage(), e);
        }
        BaseMemory mem = BaseMemory.of(gpt);
        String mode = loraCfg == null ? "full fine-tuning" + policy() : loraCfg + (format == null ? ""
                : " on a " + format.name().toLowerCase(Locale.ROOT) + " base") + policy();
        w.printf(Locale.ROOT, "Mode: %s%ntrainable params: %,d || all params: %,d || trainable%%: %.4f%n", mode,
                tuner.trainableParameters(), tuner.totalParameters(),
                100.0 * tuner.trainableParameters() / tuner.totalParameters());
        w.printf(Locale.ROOT, "Frozen base: linear layers %s, everything frozen %s%s%n", mib(mem.linearBytes()),
                mib(mem.frozenBytes()), floatBase == null ? "" : String.format(Locale.ROOT,
                        " (float32 linear layers: %s, %.2fx smaller)", mib(floatBase.linearBytes()),
                        floatBase.linearBytes() / (double) mem.linearBytes()));
        w.flush();
        FineTuneResult r;
        try {
            r = tuner.run(new FineTuneListener() {
                @Override
                public void onStep(int step, int total, double loss, double rate, double norm, double millis) {
                    if (step % 10 == 0 || step == total) {
                        w.printf(Locale.ROOT, "step %d/%d | loss %.4f | lr %.2e | norm %.2f | %.0f ms%n", step, total,
                                loss, rate, norm, millis);
                        w.flush();
                    }
                }

                @Override
                public void onEvaluation(int step, double v) {
                    w.printf(Locale.ROOT, "step %d | val loss %.4f%n", step, v);
                    w.flush();
                }
            });
        } catch (IllegalArgumentException e) {
            throw new UserError(e.getMessage(), e);
        }
        Files.createDirectories(out);
        if (peft != null) {
            peft.saveAdapter(out, LoraModel.DEFAULT, lm.modelFile().getFileName().toString());
            if (merge) {
                // The merged model must compute what the wrapped one did: measured on a validation batch.
                io.cambium.tensor.Tensor x = ftData.validation(cfg.batchSize(), tunerContext(gpt), 1).get(0).xTensor();
                io.cambium.tensor.Tensor wrapped;
                io.cambium.tensor.Tensor merged;
                try (io.cambium.tensor.autograd.NoGrad g = io.cambium.tensor.autograd.NoGrad.scope()) {
                    wrapped = gpt.forward(x, false);
                    peft.mergeAndUnload();
                    merged = gpt.forward(x, false);
                }
                double diff = 0;
                for (int i = 0; i < merged.numel(); i++) {
                    diff = Math.max(diff, Math.abs(merged.data()[i] - wrapped.data()[i]));
                }
                mergeDiff = diff;
                w.printf(Locale.ROOT, "Merged: largest logit difference from the wrapped model %.3g%n", diff);
                gpt.save(out.resolve("model.cambium"));
            }
        } else {
            gpt.save(out.resolve("model.cambium"));
        }
        lm.tokenizer().save(out.resolve(RunFile.TOKENIZER));
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("mode", mode);
        report.put("base", lm.modelFile().toString());
        report.put("data", ftData.description());
        report.put("config", cfg.toMap());
        report.put("trainable_parameters", r.trainableParameters());
        report.put("total_parameters", r.totalParameters());
        report.put("frozen_linear_bytes", mem.linearBytes());
        report.put("frozen_bytes", mem.frozenBytes());
        if (floatBase != null) {
            report.put("float32_linear_bytes", floatBase.linearBytes());
        }
        report.put("mean_step_ms", r.meanStepMillis());
        report.put("mean_step_cpu_ms", r.meanStepCpuMillis());
        report.put("eval_steps", r.evalSteps());
        report.put("validation_losses", r.validationLosses());
        report.put("final_validation_loss", r.finalValidationLoss());
        if (mergeDiff != null) {
            report.put("merge_max_logit_difference", mergeDiff);
        }
        ConfigFiles.write(out.resolve("finetune.json"), report);
        w.printf(Locale.ROOT, "Done: validation loss %.4f -> %.4f; %.0f ms per step (%.0f CPU-ms); wrote %s%n",
                r.validationLosses().get(0), r.finalValidationLoss(), r.meanStepMillis(), r.meanStepCpuMillis(),
                peft != null ? out.resolve(LoraModel.WEIGHTS_FILE) + " and " + LoraModel.CONFIG_FILE
                        : out.resolve("model.cambium").toString());
        return 0;
    }

    private String policy() {
        List<String> p = new ArrayList<>();
        if (freezeEmbeddings) {
            p.add("embeddings frozen");
        }
        if (freezeBlocks > 0) {
            p.add("first " + freezeBlocks + " blocks frozen");
        }
        if (layerwiseDecay != 1.0) {
            p.add("layer-wise rate decay " + layerwiseDecay);
        }
        if (loraPlusRatio != 0) {
            p.add("LoRA+ ratio " + loraPlusRatio + ", token-table adapters at " + loraPlusEmbeddingLr);
        }
        return p.isEmpty() ? "" : " (" + String.join(", ", p) + ")";
    }

    private FineTuneData data(LoadedLm lm, Path tokFile, PrintWriter w) {
        if (data != null) {
            if (!Files.isRegularFile(data)) {
                throw new UserError("data file not found: " + data);
            }
            try {
                ChatTemplate t = template == null ? ChatTemplate.defaultFor(lm.tokenizer()) : ChatTemplate.parse(template);
                return InstructionDataset.of(InstructionFile.read(data), lm.tokenizer(), t, valFraction, seed, packing);
            } catch (IOException e) {
                throw new UserError(e.getMessage(), e);
            } catch (IllegalArgumentException e) {
                throw new UserError(data + ": " + e.getMessage(), e);
            }
        }
        if (template != null || packing) {
            throw new UserError("--template and --packing apply to --data (instructions), not to plain text");
        }
        LmData d = LmData.load(new LmData.Spec(corpora, texts, tokFile, valFraction, seed));
        for (String n : d.notes()) {
            w.println("Note: " + n);
        }
        return FineTuneData.text(d.train(), d.validation());
    }

    private static String mib(long bytes) {
        return String.format(Locale.ROOT, "%.2f MiB", bytes / (1024.0 * 1024.0));
    }

}
