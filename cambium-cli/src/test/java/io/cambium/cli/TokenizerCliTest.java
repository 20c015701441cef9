package io.cambium.cli;

import io.cambium.llm.data.TokenFile;
import io.cambium.llm.tokenizer.Tokenizers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static io.cambium.cli.UserErrorsTest.assertOneLineError;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code cambium tokenizer train|encode|decode}: round trips through files, and one-line errors. */
class TokenizerCliTest {
    @TempDir
    Path dir;

    private Path corpus() throws Exception {
        Path f = dir.resolve("corpus.txt");
        Files.writeString(f, "床前明月光，疑是地上霜。\n举头望明月，低头思故乡。\nthe cat sat on the mat. the cat sat.\n".repeat(20));
        return f;
    }

    @Test
    void bpeTrainEncodeToATokenFileAndDecodeBack() throws Exception {
        Path tok = dir.resolve("bpe.json");
        CliRunner.Result t = CliRunner.run("tokenizer", "train", "--vocab-size", "300", "--special-tokens", "<|endoftext|>",
                "-o", tok.toString(), corpus().toString());
        assertThat(t.code()).as(t.err()).isZero();
        assertThat(t.out()).contains("byte-level BPE tokenizer of 300 tokens (1 special)");
        assertThat(Tokenizers.load(tok).vocabSize()).isEqualTo(300);

        Path ids = dir.resolve("corpus.tok");
        CliRunner.Result e = CliRunner.run("tokenizer", "encode", "-t", tok.toString(), "--separator", "<|endoftext|>",
                "-o", ids.toString(), corpus().toString());
        assertThat(e.code()).as(e.err()).isZero();
        assertThat(e.out()).contains("(uint16, vocabulary 300) of 1 document");
        TokenFile f = TokenFile.open(ids);
        assertThat(f.get(f.length() - 1)).isEqualTo(0);

        CliRunner.Result d = CliRunner.run("tokenizer", "decode", "-t", tok.toString(), "--skip-special-tokens", ids.toString());
        assertThat(d.code()).as(d.err()).isZero();
        assertThat(d.out()).isEqualTo(Files.readString(corpus()) + System.lineSeparator());
    }

    @Test
    void gpt2IdsOnTheCommandLine() {
        CliRunner.Result e = CliRunner.run("tokenizer", "encode", "-t", "gpt2", "--text", "Hello world<|endoftext|>");
        assertThat(e.code()).as(e.err()).isZero();
        assertThat(e.out().strip()).isEqualTo("15496 995 50256");
        CliRunner.Result o = CliRunner.run("tokenizer", "encode", "-t", "gpt2", "--ordinary", "--text", "<|endoftext|>");
        assertThat(o.out().strip()).doesNotContain("50256");
        CliRunner.Result d = CliRunner.run("tokenizer", "decode", "-t", "gpt2", "--ids", "15496, 995");
        assertThat(d.code()).as(d.err()).isZero();
        assertThat(d.out().strip()).isEqualTo("Hello world");
    }

    @Test
    void largeTokenFilesDecodeInChunksWithoutBreakingCharacters() throws Exception {
        StringBuilder sb = new StringBuilder();
        java.util.Random r = new java.util.Random(4);
        while (sb.length() < 120_000) {
            sb.appendCodePoint(r.nextInt(10) == 0 ? 0x1F600 + r.nextInt(50) : 0x4E00 + r.nextInt(0x5000));
            if (r.nextInt(30) == 0) {
                sb.append("<|endoftext|>\n");
            }
        }
        Path text = dir.resolve("zh.txt");
        Files.writeString(text, sb);
        Path ids = dir.resolve("zh.tok");
        CliRunner.Result e = CliRunner.run("tokenizer", "encode", "-t", "gpt2", "-o", ids.toString(), text.toString());
        assertThat(e.code()).as(e.err()).isZero();
        CliRunner.Result d = CliRunner.run("tokenizer", "decode", "-t", "gpt2", ids.toString());
        assertThat(d.code()).as(d.err()).isZero();
        assertThat(d.out()).isEqualTo(sb + System.lineSeparator());
        CliRunner.Result s = CliRunner.run("tokenizer", "decode", "-t", "gpt2", "--skip-special-tokens", ids.toString());
        assertThat(s.out()).isEqualTo(sb.toString().replace("<|endoftext|>", "") + System.lineSeparator());
    }

    @Test
    void charTokenizerWithUnknownToken() throws Exception {
        Path tok = dir.resolve("char.json");
        CliRunner.Result t = CliRunner.run("tokenizer", "train", "--type", "char", "--unk-token", "<unk>", "-o", tok.toString(),
                corpus().toString());
        assertThat(t.code()).as(t.err()).isZero();
        assertThat(t.out()).contains("character tokenizer");
        CliRunner.Result e = CliRunner.run("tokenizer", "encode", "-t", tok.toString(), "--text", "明月x");
        assertThat(e.code()).as(e.err()).isZero();
        CliRunner.Result d = CliRunner.run("tokenizer", "decode", "-t", tok.toString(), "--ids", e.out().strip());
        assertThat(d.out().strip()).isEqualTo("明月<unk>");
    }

    @Test
    void userErrorsAreOneLineWithExitCodeTwoAndWriteNothing() throws Exception {
        Path out = dir.resolve("out.json");
        Path empty = dir.resolve("empty.txt");
        Files.writeString(empty, "");
        assertOneLineError(CliRunner.run("tokenizer", "train", "-o", out.toString(), empty.toString()), "training corpus is empty");
        assertOneLineError(CliRunner.run("tokenizer", "train", "--type", "char", "-o", out.toString(), empty.toString()),
                "corpus is empty");
        assertOneLineError(CliRunner.run("tokenizer", "train", "-o", out.toString(), dir.resolve("missing.txt").toString()),
                "training file not found", "missing.txt");
        assertOneLineError(CliRunner.run("tokenizer", "train", "--type", "wordpiece", "-o", out.toString(), corpus().toString()),
                "unknown tokenizer type 'wordpiece'");
        assertThat(out).doesNotExist();

        Path corrupt = dir.resolve("tokenizer.json");
        Files.writeString(corrupt, "{\"model\": {\"type\": \"BPE\", \"vocab\": {\"a\": 0}, \"merges\": [\"a b\"]}}");
        assertOneLineError(CliRunner.run("tokenizer", "encode", "-t", corrupt.toString(), "--text", "a"),
                "tokenizer.json", "token 'b' is not in the vocabulary");
        Files.writeString(corrupt, "{\"model\": {\"type\": \"BPE\", \"vocab\": {\"a\":");
        assertOneLineError(CliRunner.run("tokenizer", "decode", "-t", corrupt.toString(), "--ids", "0"),
                "tokenizer.json is not valid JSON");
        assertOneLineError(CliRunner.run("tokenizer", "encode", "-t", dir.resolve("nope.json").toString(), "--text", "a"),
                "tokenizer file not found");
        assertOneLineError(CliRunner.run("tokenizer", "encode", "-t", "gpt2", dir.resolve("nope.txt").toString()),
                "input file not found");
        assertOneLineError(CliRunner.run("tokenizer", "encode", "-t", "gpt2"), "nothing to encode");
        assertOneLineError(CliRunner.run("tokenizer", "encode", "-t", "gpt2", "--text", "a", "--separator", "<pad>",
                "-o", dir.resolve("x.tok").toString()), "'<pad>' is not a token");
        assertThat(dir.resolve("x.tok")).doesNotExist();
        assertOneLineError(CliRunner.run("tokenizer", "decode", "-t", "gpt2", "--ids", "1 two"), "'two' is not an integer id");
        assertOneLineError(CliRunner.run("tokenizer", "decode", "-t", "gpt2", "--ids", "50257"), "id 50257 is not in the vocabulary");
        Path badTok = dir.resolve("bad.tok");
        Files.write(badTok, new byte[] {'C', 'M', 'B', 'T', 'O', 'K', 'E', 'N', 1});
        assertOneLineError(CliRunner.run("tokenizer", "decode", "-t", "gpt2", badTok.toString()), "bad.tok", "shorter than the 32-byte header");
        assertOneLineError(CliRunner.run("tokenizer", "train", "--frobnicate", "-o", out.toString(), corpus().toString()),
                "Unknown option", "cambium tokenizer train --help");
    }

    @Test
    void helpListsTheSubcommands() {
        CliRunner.Result h = CliRunner.run("tokenizer", "--help");
        assertThat(h.code()).isZero();
        assertThat(h.out()).contains("train").contains("encode").contains("decode").contains("bench");
    }
}
