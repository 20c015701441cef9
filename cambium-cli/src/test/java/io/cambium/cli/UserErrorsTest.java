package io.cambium.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** Every user mistake: one line on stderr, exit code 2, no stack trace. */
class UserErrorsTest {
    @TempDir
    Path dir;

    static void assertOneLineError(CliRunner.Result r, String... fragments) {
        assertThat(r.code()).as(r.err()).isEqualTo(2);
        assertThat(r.err().strip()).doesNotContain("\n").doesNotContain("\tat ").startsWith("cambium: ");
        for (String f : fragments) {
            assertThat(r.err()).contains(f);
        }
    }

    @Test
    void unknownOptionAndSubcommand() {
        assertOneLineError(CliRunner.run("summary", "--model", "mlp", "--frobnicate"), "Unknown option: '--frobnicate'",
                "cambium summary --help");
        assertOneLineError(CliRunner.run("fly"), "Unmatched argument", "'fly'");
    }

    @Test
    void badOptionValueAndMissingOption() {
        assertOneLineError(CliRunner.run("summary", "--model", "mlp", "--classes", "ten"), "'ten' is not an int");
        assertOneLineError(CliRunner.run("summary", "--model", "mlp", "--classes", "0"), "--classes must be >= 1");
        assertOneLineError(CliRunner.run("summary"), "Missing required option", "--model");
    }

    @Test
    void unknownPresetMissingSpecAndBadJson() throws Exception {
        assertOneLineError(CliRunner.run("summary", "--model", "resnet9000"), "unknown model 'resnet9000'", "presets: mlp, cnn");
        assertOneLineError(CliRunner.run("summary", "--model", dir.resolve("nope.json").toString()),
                "model spec not found");
        Path bad = dir.resolve("bad.json");
        Files.writeString(bad, "{\"class_name\": \"Sequential\",\n \"config\": {\"layers\": [ }");
        assertOneLineError(CliRunner.run("summary", "--model", bad.toString()), "is not valid JSON: line 2");
        Path wrong = dir.resolve("wrong.json");
        Files.writeString(wrong, "{\"class_name\": \"Sequential\", \"config\": {\"layers\": [{\"class_name\": \"Bogus\", \"config\": {}}]}}");
        assertOneLineError(CliRunner.run("summary", "--model", wrong.toString()), "wrong.json", "Bogus");
    }

    @Test
    void helpAndSummaryWork() {
        CliRunner.Result help = CliRunner.run("--help");
        assertThat(help.code()).isZero();
        assertThat(help.out()).contains("summary");
        CliRunner.Result s = CliRunner.run("summary", "--model", "mlp");
        assertThat(s.code()).as(s.err()).isZero();
        assertThat(s.out()).contains("Dense").contains("101,770");
        CliRunner.Result cnn = CliRunner.run("summary", "--model", "cnn");
        assertThat(cnn.code()).as(cnn.err()).isZero();
        assertThat(cnn.out()).contains("Conv2D").contains("MaxPooling2D").contains("421,642");
        assertOneLineError(CliRunner.run("summary", "--model", "cnn", "--input-shape", "784"), "needs image samples");
    }

    @Test
    void unknownBenchWorkload() {
        assertOneLineError(CliRunner.run("bench", "--workloads", "W99"), "unknown workload 'W99'", "W1");
        assertOneLineError(CliRunner.run("bench", "resnet", "--json"), "unknown workload 'resnet'", "gemm");
        assertOneLineError(CliRunner.run("bench", "gemm", "--vs", "tensorflow"), "unknown peer 'tensorflow'", "torch");
    }

    @Test
    void benchPythonThatIsNotThere() {
        Path missing = dir.resolve("no-such-python");
        assertOneLineError(CliRunner.run("bench", "gemm", "--vs", "torch-tuned", "--python", missing.toString()),
                "--python " + missing, "no executable file there");
    }

    @Test
    void jsonSpecRoundTrip() throws Exception {
        CliRunner.Result json = CliRunner.run("summary", "--model", "mlp", "--json", "--classes", "3");
        assertThat(json.code()).as(json.err()).isZero();
        Path spec = dir.resolve("m.json");
        Files.writeString(spec, json.out());
        CliRunner.Result s = CliRunner.run("summary", "--model", spec.toString());
        assertThat(s.code()).as(s.err()).isZero();
        assertThat(s.out()).contains("100,867");
    }
}
