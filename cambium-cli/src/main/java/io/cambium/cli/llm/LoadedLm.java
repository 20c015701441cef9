package io.cambium.cli.llm;

import io.cambium.cli.UserError;
import io.cambium.llm.finetune.hf.HuggingFaceGpt2;
import io.cambium.llm.model.Gpt;
import io.cambium.llm.tokenizer.ByteLevelBpeTokenizer;
import io.cambium.llm.tokenizer.Tokenizer;
import io.cambium.llm.tokenizer.Tokenizers;
import io.cambium.llm.train.Pretrainer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A GPT and its tokenizer, from a run directory or a model file with a tokenizer next to it. */
public record LoadedLm(Gpt model, Tokenizer tokenizer, Path modelFile) {
    /**
     * Loads {@code model} (a run directory holding {@code ckpt.cambium}, or a model file) and the
     * tokenizer ({@code tokenizer}, or {@code tokenizer.json} next to the model).
     *
     * @throws UserError naming the file when something is missing, corrupt, or the tokenizer's
     *     vocabulary does not fit the model
     */
    public static LoadedLm load(Path model, Path tokenizer) {
        if (HuggingFaceGpt2.isCheckpoint(model)) {
            return loadHuggingFace(model, tokenizer);
        }
        Path file = Files.isDirectory(model) ? model.resolve(Pretrainer.CHECKPOINT) : model;
        if (!Files.isRegularFile(file)) {
            throw new UserError("model not found: " + file + (Files.isDirectory(model) ? " (is this a pretraining run directory?)" : ""));
        }
        Path tokFile = tokenizer != null ? tokenizer : file.toAbsolutePath().getParent().resolve(RunFile.TOKENIZER);
        if (!Files.isRegularFile(tokFile)) {
            throw new UserError("tokenizer not found: " + tokFile + " (give --tokenizer FILE)");
        }
        Gpt gpt;
        try {
            gpt = Gpt.load(file);
        } catch (IOException e) {
            throw new UserError(e.getMessage(), e);
        }
        Tokenizer tok = Tokenizers.load(tokFile);
        if (tok.vocabSize() > gpt.gptConfig().vocabSize()) {
            throw new UserError("tokenizer " + tokFile + " has " + tok.vocabSize() + " ids, the model " + file + " only "
                    + gpt.gptConfig().vocabSize() + ": they do not belong together");
        }
        return new LoadedLm(gpt, tok, file);
    }

    /**
     * The GPT alone (no tokenizer): a Hugging Face GPT-2 checkpoint directory, a pretraining run
     * directory (its {@code ckpt.cambium}) or a GPT model file.
     *
     * @throws UserError naming the file when it is missing or corrupt
     */
    public static Gpt loadModel(Path model) {
        try {
            if (HuggingFaceGpt2.isCheckpoint(model)) {
                return HuggingFaceGpt2.load(model);
            }
            Path file = Files.isDirectory(model) ? model.resolve(Pretrainer.CHECKPOINT) : model;
            if (!Files.isRegularFile(file)) {
                throw new UserError("model not found: " + file + (Files.isDirectory(model)
                        ? " (is this a pretraining run directory or a Hugging Face GPT-2 checkpoint?)" : ""));
            }
            return Gpt.load(file);
        } catch (IOException e) {
            throw new UserError(e.getMessage(), e);
        }
    }

    /**
     * A Hugging Face GPT-2 checkpoint directory (config.json, model.safetensors) with its tokenizer:
     * {@code tokenizer}, else {@code tokenizer.json} or GPT-2's {@code encoder.json}/{@code vocab.bpe}
     * in the directory, else GPT-2's bundled tokenizer when the vocabulary has its 50,257 ids.
     */
    private static LoadedLm loadHuggingFace(Path dir, Path tokenizer) {
        Gpt gpt;
        try {
            gpt = HuggingFaceGpt2.load(dir);
        } catch (IOException e) {
            throw new UserError(e.getMessage(), e);
        }
        Tokenizer tok;
        if (tokenizer != null) {
            tok = Tokenizers.load(tokenizer);
        } else if (Files.isRegularFile(dir.resolve(RunFile.TOKENIZER)) || Files.isRegularFile(dir.resolve("vocab.bpe"))) {
            tok = Tokenizers.load(Files.isRegularFile(dir.resolve(RunFile.TOKENIZER)) ? dir.resolve(RunFile.TOKENIZER) : dir);
        } else if (gpt.gptConfig().vocabSize() == 50257) {
            tok = ByteLevelBpeTokenizer.gpt2();
        } else {
            throw new UserError("no tokenizer for " + dir + " (give --tokenizer FILE)");
        }
        if (tok.vocabSize() > gpt.gptConfig().vocabSize()) {
            throw new UserError("the tokenizer has " + tok.vocabSize() + " ids, the model " + dir + " only "
                    + gpt.gptConfig().vocabSize() + ": they do not belong together");
        }
        return new LoadedLm(gpt, tok, dir.resolve(HuggingFaceGpt2.WEIGHTS));
    }
}
