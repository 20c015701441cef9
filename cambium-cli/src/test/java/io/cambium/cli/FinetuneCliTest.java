package io.cambium.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.cambium.llm.model.Gpt;
import io.cambium.llm.model.GptConfig;
import io.cambium.llm.tokenizer.CharTokenizer;
import io.cambium.llm.tokenizer.Tokenizer;
import io.cambium.nn.Variable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code cambium finetune} (full, LoRA, QLoRA; text and instructions) and {@code generate --adapter}. */
class FinetuneCliTest {
    @TempDir
    static Path dir;
    static Path base;
    static Path data;
    static Path text;

    @BeforeAll
    static void baseModel() throws Exception {
        base = dir.resolve("base");
        Files.createDirectories(base);
        String alphabet = "abcdefghijklmnopqrstuvwxyz ABCDEFGHIJKLMNOPQRSTUVWXYZ#:\n.,!?0123456789";
        Tokenizer tok = CharTokenizer.trainer().specialTokens("<|endoftext|>", "<|im_start|>", "<|im_end|>", "<pad>")
                .train(List.of(alphabet));
        Gpt.withSeed(GptConfig.preset("tiny").vocabSize(tok.vocabSize()).contextLength(48), 1).save(base.resolve("model.cambium"));
        tok.save(base.resolve("tokenizer.json"));
        data = dir.resolve("data.jsonl");
        StringBuilder b = new StringBuilder();
        String[] words = {"apple", "river", "stone", "cloud", "night"};
        for (int i = 0; i < 20; i++) {
            b.append("{\"instruction\": \"Repeat ").append(words[i % 5]).append("\", \"output\": \"").append(words[i % 5])
                    .append("!\"}\n");
        }
        Files.writeString(data, b.toString());
        text = dir.resolve("t.txt");
        Files.writeString(text, "the river runs to the sea and the stone sits in the river. ".repeat(40));
    }

    private static String model() {
        return base.resolve("model.cambium").toString();
    }

    private static final String[] SHORT = {"--steps", "4", "--warmup", "1", "-b", "2", "--eval-interval", "2",
        "--eval-batches", "1", "--lr", "1e-2"};

    private static CliRunner.Result finetune(Path out, String... extra) {
        String[] args = java.util.stream.Stream.concat(java.util.stream.Stream.of("finetune", "-m", model(), "-o",
                out.toString()), java.util.stream.Stream.concat(java.util.stream.Stream.of(SHORT),
                java.util.stream.Stream.of(extra))).toArray(String[]::new);
        return CliRunner.run(args);
    }

    @Test
    void loraOnInstructionsThenGenerateWithTheAdapter() throws Exception {
        Path out = dir.resolve("lora");
        CliRunner.Result r = finetune(out, "--data", data.toString(), "--lora", "r=4,alpha=8,targets=c_attn,attn.c_proj",
                "--packing");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("instructions (chatml template, packed)", "trainable params: 3,072", "val loss");
        assertThat(out.resolve("adapter_model.safetensors")).exists();
        assertThat(Files.readString(out.resolve("adapter_config.json"))).contains("\"peft_type\" : \"LORA\"");
        assertThat(Files.readString(out.resolve("finetune.json"))).contains("\"validation_losses\"");
        CliRunner.Result g = CliRunner.run("generate", "-m", model(), "--adapter", out.toString(), "-p", "Repeat", "-n", "5",
                "--greedy");
        assertThat(g.code()).as(g.err()).isZero();
        assertThat(g.out()).startsWith("Repeat");

        Path q = dir.resolve("qlora");
        CliRunner.Result qr = finetune(q, "--text", text.toString(), "--lora", "r=4,targets=all-linear", "--qlora", "int8");
        assertThat(qr.code()).as(qr.err()).isZero();
        assertThat(qr.out()).contains("on a int8 base", "x smaller");
    }

    @Test
    void loraOnTheTiedTokenTableMergesOnlyWhenItAdaptsTheOutputToo() throws Exception {
        Path out = dir.resolve("lora-wte");
        CliRunner.Result r = finetune(out, "--text", text.toString(), "--lora",
                "r=2,alpha=4,targets=wte,c_attn,ensure_weight_tying=true", "--merge", "--loraplus-ratio", "16",
                "--loraplus-lr-embedding", "1e-3");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("targets=wte,c_attn ensure_weight_tying", "Merged: largest logit difference",
                "LoRA+ ratio 16.0, token-table adapters at 0.001");
        assertThat(Files.readString(out.resolve("adapter_config.json"))).contains("\"ensure_weight_tying\" : true");
        assertThat(Files.readString(out.resolve("finetune.json"))).contains("\"loraplus_lr_ratio\"");
        java.util.Map<String, io.cambium.tensor.Tensor> t = io.cambium.nn.io.SafeTensors.readTensors(
                out.resolve("adapter_model.safetensors"));
        int vocab = Gpt.load(base.resolve("model.cambium")).gptConfig().vocabSize();
        assertThat(t.get("base_model.model.transformer.wte.lora_embedding_A").shape()).containsExactly(2, vocab);
        assertThat(t.get("base_model.model.transformer.wte.lora_embedding_B").shape()).containsExactly(64, 2);
        double diff = ((Number) new com.fasterxml.jackson.databind.ObjectMapper().readValue(
                out.resolve("finetune.json").toFile(), java.util.Map.class).get("merge_max_logit_difference")).doubleValue();
        assertThat(diff).isLessThan(1e-3);
        assertThat(Gpt.load(out.resolve("model.cambium")).tokenEmbedding().value().data())
                .isNotEqualTo(Gpt.load(base.resolve("model.cambium")).tokenEmbedding().value().data());

        Path lookup = dir.resolve("lora-wte-lookup");
        assertUserError(finetune(lookup, "--text", text.toString(), "--lora", "r=2,targets=wte", "--merge"), lookup,
                "--merge: cannot merge adapter 'default' into wte", "ensure_weight_tying=true");
    }

    @Test
    void theSeedMakesARunWithDropoutRepeatable() throws Exception {
        Path withDropout = dir.resolve("dropout-base");
        Files.createDirectories(withDropout);
        Tokenizer tok = io.cambium.llm.tokenizer.Tokenizers.load(base.resolve("tokenizer.json"));
        Gpt.withSeed(GptConfig.preset("tiny").vocabSize(tok.vocabSize()).contextLength(48).dropout(0.2), 3)
                .save(withDropout.resolve("model.cambium"));
        tok.save(withDropout.resolve("tokenizer.json"));
        String[] losses = new String[3];
        for (int i = 0; i < 3; i++) {
            Path out = dir.resolve("seeded-" + i);
            CliRunner.Result r = CliRunner.run("finetune", "-m", withDropout.resolve("model.cambium").toString(), "-o",
                    out.toString(), "--text", text.toString(), "--steps", "4", "--warmup", "1", "-b", "2",
                    "--eval-interval", "4", "--eval-batches", "1", "--lr", "1e-2", "--seed", i < 2 ? "5" : "6",
                    "--lora", "r=2,targets=c_attn");
            assertThat(r.code()).as(r.err()).isZero();
            String json = Files.readString(out.resolve("finetune.json"));
            losses[i] = json.substring(json.indexOf("\"validation_losses\""), json.indexOf("]", json.indexOf(
                    "\"validation_losses\"")));
        }
        assertThat(losses[1]).as("same seed").isEqualTo(losses[0]);
        assertThat(losses[2]).as("another seed").isNotEqualTo(losses[0]);
    }

    @Test
    void fullFineTuningKeepsFrozenBlocks() throws Exception {
        Path out = dir.resolve("full");
        CliRunner.Result r = finetune(out, "--text", text.toString(), "--freeze-blocks", "1", "--freeze-embeddings",
                "--layerwise-decay", "0.8");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("full fine-tuning (embeddings frozen, first 1 blocks frozen, layer-wise rate decay 0.8)");
        Gpt before = Gpt.load(base.resolve("model.cambium"));
        Gpt after = Gpt.load(out.resolve("model.cambium"));
        for (int i = 0; i < before.variables().size(); i++) {
            Variable a = before.variables().get(i);
            Variable b = after.variables().get(i);
            boolean frozen = a.name().startsWith("h.0.") || a.name().startsWith("wte") || a.name().startsWith("wpe");
            if (frozen) {
                assertThat(b.value().data()).as(a.name()).containsExactly(a.value().data());
            } else if (a.name().endsWith("/kernel")) {
                assertThat(b.value().data()).as(a.name()).isNotEqualTo(a.value().data());
            }
        }
    }

    private static void assertUserError(CliRunner.Result r, Path out, String... fragments) {
        assertThat(r.code()).as(r.err()).isEqualTo(2);
        assertThat(r.err().strip()).doesNotContain("\n").startsWith("cambium: ");
        for (String f : fragments) {
            assertThat(r.err()).contains(f);
        }
        if (out != null) {
            assertThat(out.resolve("finetune.json")).doesNotExist();
        }
    }

    @Test
    void badInputIsOneLineWithExitCode2() throws Exception {
        Path out = dir.resolve("bad");
        Path broken = dir.resolve("broken.jsonl");
        Files.writeString(broken, "{\"instruction\": \"a\", \"output\": \"b\"}\n{\"instruction\": \"a\", \"output\"\n");
        assertUserError(finetune(out, "--data", broken.toString()), out, "broken.jsonl", "line 2: not valid JSON");
        assertUserError(finetune(out, "--data", data.toString(), "--lora", "r=4,targets=q_proj"), out,
                "[q_proj] match no layer");
        assertUserError(finetune(out, "--data", data.toString(), "--qlora", "nf4"), out, "--qlora needs --lora");
        assertUserError(finetune(out, "--data", data.toString(), "--loraplus-ratio", "16"), out,
                "--loraplus-ratio needs --lora");
        assertUserError(finetune(out, "--data", data.toString(), "--lora", "r=4,targets=c_attn", "--loraplus-ratio", "-2"),
                out, "LoRA+ ratio must be positive");
        assertUserError(finetune(out, "--data", data.toString(), "--lora", "r=4,targets=c_attn", "--qlora", "fp3"), out,
                "unknown quantization 'fp3'");
        assertUserError(finetune(out, "--data", data.toString(), "--lora", "r=x"), out, "'x' is not a number");
        // An adapter made for another base: the generate command refuses it, naming the tensor.
        Path otherBase = dir.resolve("other");
        Files.createDirectories(otherBase);
        Tokenizer tok = io.cambium.llm.tokenizer.Tokenizers.load(base.resolve("tokenizer.json"));
        Gpt.withSeed(GptConfig.preset("tiny").vocabSize(tok.vocabSize()).contextLength(48).dModel(32).heads(2), 2)
                .save(otherBase.resolve("model.cambium"));
        tok.save(otherBase.resolve("tokenizer.json"));
        Path adapter = dir.resolve("other-adapter");
        CliRunner.Result ok = CliRunner.run("finetune", "-m", otherBase.resolve("model.cambium").toString(), "-o",
                adapter.toString(), "--data", data.toString(), "--lora", "r=4,targets=c_attn", "--steps", "1",
                "--eval-batches", "1");
        assertThat(ok.code()).as(ok.err()).isZero();
        assertUserError(CliRunner.run("generate", "-m", model(), "--adapter", adapter.toString(), "-p", "a"), null,
                "adapter_model.safetensors", "lora_A.weight' has shape (4, 32), this base needs (4, 64)");
    }
}
