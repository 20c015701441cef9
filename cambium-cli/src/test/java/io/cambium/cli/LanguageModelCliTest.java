package io.cambium.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** cambium pretrain, generate and demo llm end to end on a tiny model, and their user errors. */
class LanguageModelCliTest {
    @TempDir
    Path dir;

    private Path text() throws Exception {
        Path t = dir.resolve("poem.txt");
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < 40; i++) {
            b.append("《静夜思》\n作者：李白\n床前明月光，疑是地上霜。\n举头望明月，低头思故乡。\n\n");
        }
        Files.writeString(t, b.toString());
        return t;
    }

    private static final String[] TINY = {"--preset", "tiny", "--context", "32", "--steps", "12", "--warmup", "2",
        "--batch-size", "4", "--eval-interval", "6", "--eval-batches", "2", "--log-interval", "6", "--lr", "3e-3"};

    private CliRunner.Result pretrain(Path out, String... extra) throws Exception {
        String[] args = Stream.concat(Stream.of("pretrain", "--text", text().toString(), "-o", out.toString()),
                Stream.concat(Stream.of(TINY), Stream.of(extra))).toArray(String[]::new);
        return CliRunner.run(args);
    }

    @Test
    void pretrainsGeneratesAndResumes() throws Exception {
        Path run = dir.resolve("run");
        CliRunner.Result r = pretrain(run);
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("Total params").containsPattern("step 12/12 \\| loss")
                .contains("step 12 | val loss").contains("unigram baseline");
        for (String f : new String[] {"ckpt.cambium", "tokenizer.json", "run.json", "metrics.csv", "learning_curves.png"}) {
            assertThat(run.resolve(f)).isRegularFile();
        }
        CliRunner.Result g = CliRunner.run("generate", "--model", run.toString(), "--prompt", "床前", "-n", "10",
                "--stream", "--num-samples", "2");
        assertThat(g.code()).as(g.err()).isZero();
        assertThat(g.out()).startsWith("床前").contains("----");
        CliRunner.Result greedy = CliRunner.run("generate", "--model", run.toString(), "--prompt", "床前", "-n", "10",
                "--greedy", "--no-cache");
        CliRunner.Result cached = CliRunner.run("generate", "--model", run.toString(), "--prompt", "床前", "-n", "10",
                "--greedy");
        assertThat(greedy.out()).isEqualTo(cached.out());
        // A finished run resumes to nothing new; a second plain run there is refused.
        CliRunner.Result again = CliRunner.run("pretrain", "--resume", "-o", run.toString());
        assertThat(again.code()).as(again.err()).isZero();
        assertThat(again.out()).contains("Resuming").contains("at step 12 of 12");
        CliRunner.Result clash = pretrain(run);
        assertThat(clash.code()).isEqualTo(2);
        assertThat(clash.err()).contains("already holds a run").contains("--resume");
    }

    @Test
    void demoSamplesPoemsFromARun() throws Exception {
        Path run = dir.resolve("run");
        assertThat(pretrain(run).code()).isZero();
        CliRunner.Result d = CliRunner.run("demo", "llm", "--model", run.toString(), "--samples", "2");
        assertThat(d.code()).as(d.err()).isZero();
        assertThat(d.out()).contains("Sampling 2 poems").contains("Verse forms of the samples")
                .contains("The corpus itself");
    }

    private static void assertUserError(CliRunner.Result r, String... fragments) {
        assertThat(r.code()).as(r.err()).isEqualTo(2);
        assertThat(r.err().strip()).doesNotContain("\n").startsWith("cambium: ");
        for (String f : fragments) {
            assertThat(r.err()).contains(f);
        }
    }

    @Test
    void badInputIsOneLineAndWritesNothing() throws Exception {
        Path out = dir.resolve("nothing");
        assertUserError(CliRunner.run("pretrain", "--text", text().toString(), "--preset", "gpt5", "-o", out.toString()),
                "unknown model preset 'gpt5'");
        Path empty = dir.resolve("empty.txt");
        Files.writeString(empty, "  \n");
        assertUserError(CliRunner.run("pretrain", "--text", empty.toString(), "-o", out.toString()), "empty.txt is empty");
        assertUserError(CliRunner.run("pretrain", "--corpus", "klingon", "-o", out.toString()), "unknown corpus 'klingon'");
        assertUserError(CliRunner.run("pretrain", "-o", out.toString()), "no training text");
        assertUserError(pretrain(out, "--heads", "3"), "d_model 64 is not divisible by n_head 3");
        assertUserError(pretrain(out, "--positions", "sideways"), "--positions must be learned or rotary, got 'sideways'");
        assertUserError(CliRunner.run("pretrain", "--resume", "-o", out.toString()), "nothing to resume");
        // A checkpoint of another shape as the starting point.
        Path run = dir.resolve("run");
        assertThat(pretrain(run).code()).isZero();
        assertUserError(pretrain(out, "--init", run.resolve("ckpt.cambium").toString(), "--layers", "3"),
                "holds a model of another shape", "2 layers", "3 layers");
        assertThat(out).doesNotExist();
        // Generation: prompt past the context, missing or corrupt model, unknown stop token.
        assertUserError(CliRunner.run("generate", "--model", run.toString(), "--prompt", "床".repeat(40)),
                "the prompt is 40 tokens long, longer than the model's context of 32 tokens");
        assertUserError(CliRunner.run("generate", "--model", dir.resolve("none").toString(), "--prompt", "x"),
                "model not found");
        Path bad = dir.resolve("bad");
        Files.createDirectories(bad);
        Files.write(bad.resolve("ckpt.cambium"), new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9});
        Files.copy(run.resolve("tokenizer.json"), bad.resolve("tokenizer.json"));
        assertUserError(CliRunner.run("generate", "--model", bad.toString(), "--prompt", "床"), "ckpt.cambium");
        assertUserError(CliRunner.run("generate", "--model", run.toString(), "--prompt", "床", "--stop-token", "<eos>"),
                "--stop-token '<eos>'");
        assertUserError(CliRunner.run("generate", "--model", run.toString(), "--prompt", ""), "--prompt is empty");

        // A corrupt tokenizer.json, given to pretrain or found in a run directory.
        Path corrupt = dir.resolve("corrupt.json");
        Files.writeString(corrupt, "{\"model\": {\"type\": \"BPE\", \"vocab\": [1, 2");
        assertUserError(pretrain(out, "--tokenizer", corrupt.toString()), "corrupt.json");
        assertThat(out).doesNotExist();
        Path badTok = dir.resolve("bad-tokenizer");
        Files.createDirectories(badTok);
        Files.copy(run.resolve("ckpt.cambium"), badTok.resolve("ckpt.cambium"));
        Files.copy(corrupt, badTok.resolve("tokenizer.json"));
        assertUserError(CliRunner.run("generate", "--model", badTok.toString(), "--prompt", "床"), "tokenizer.json");
        // A tokenizer with more ids than the model's vocabulary.
        Path wide = dir.resolve("wide.txt");
        Files.writeString(wide, "abcdefghijklmnopqrstuvwxyz ABCDEFGHIJKLMNOPQRSTUVWXYZ 0123456789 .,;:!?\n".repeat(20));
        Path wideRun = dir.resolve("wide-run");
        assertThat(CliRunner.run(Stream.concat(Stream.of("pretrain", "--text", wide.toString(), "-o", wideRun.toString()),
                Stream.of(TINY)).toArray(String[]::new)).code()).isZero();
        assertUserError(CliRunner.run("generate", "--model", run.resolve("ckpt.cambium").toString(), "--tokenizer",
                wideRun.resolve("tokenizer.json").toString(), "--prompt", "a"), "do not belong together");
        // Resuming with a checkpoint of another shape (its vocabulary is smaller than the run's
        // tokens): refused, and the run directory is left exactly as it was.
        Files.copy(run.resolve("ckpt.cambium"), wideRun.resolve("ckpt.cambium"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        byte[] ckptBefore = Files.readAllBytes(wideRun.resolve("ckpt.cambium"));
        byte[] metricsBefore = Files.readAllBytes(wideRun.resolve("metrics.csv"));
        long filesBefore;
        try (Stream<Path> s = Files.list(wideRun)) {
            filesBefore = s.count();
        }
        assertUserError(CliRunner.run("pretrain", "--resume", "-o", wideRun.toString()), "cannot resume");
        assertThat(Files.readAllBytes(wideRun.resolve("ckpt.cambium"))).isEqualTo(ckptBefore);
        assertThat(Files.readAllBytes(wideRun.resolve("metrics.csv"))).isEqualTo(metricsBefore);
        try (Stream<Path> s = Files.list(wideRun)) {
            assertThat(s.count()).isEqualTo(filesBefore);
        }
    }
}
