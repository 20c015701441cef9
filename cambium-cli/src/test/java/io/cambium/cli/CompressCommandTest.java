package io.cambium.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code cambium compress} on a model trained on the embedded subset, and its user errors. */
class CompressCommandTest {
    @TempDir
    Path dir;

    @Test
    void quantizesAndPrunesATrainedModel() throws Exception {
        Path model = dir.resolve("m/mlp.cambium");
        CliRunner.Result t = CliRunner.run("train", "--model", "mlp", "--data", "fashion-mnist-subset", "--epochs", "2",
                "--seed", "1", "--quiet", "-o", model.toString());
        assertThat(t.code()).as(t.err() + t.out()).isZero();

        Path q = dir.resolve("int8.cambium");
        CliRunner.Result c = CliRunner.run("compress", "-f", model.toString(), "-o", q.toString(), "--data",
                "fashion-mnist-subset", "--calibration", "percentile");
        assertThat(c.code()).as(c.err() + c.out()).isZero();
        assertThat(c.out()).contains("test accuracy", "file bytes", "batch-64 latency");
        double[] acc = row(c.out(), "test accuracy");
        assertThat(acc[1]).isCloseTo(acc[0], org.assertj.core.api.Assertions.within(0.02));
        assertThat((double) Files.size(model) / Files.size(q)).isGreaterThan(3.0);
        // the quantized file evaluates like any model file
        CliRunner.Result e = CliRunner.run("evaluate", "-f", q.toString(), "--data", "fashion-mnist-subset");
        assertThat(e.code()).as(e.err()).isZero();

        Path p = dir.resolve("pruned.cambium");
        CliRunner.Result pr = CliRunner.run("compress", "-f", model.toString(), "-o", p.toString(), "-m", "prune",
                "--sparsity", "0.7", "--data", "fashion-mnist-subset");
        assertThat(pr.code()).as(pr.err() + pr.out()).isZero();
        assertThat(pr.out()).containsPattern("zero weights +0\\.0 % +70\\.0 %");

        CliRunner.Result bad = CliRunner.run("compress", "-f", model.toString(), "-o", p.toString(), "-m", "zip",
                "--data", "fashion-mnist-subset");
        assertThat(bad.code()).isEqualTo(2);
        assertThat(bad.err()).contains("unknown --method 'zip'");
    }

    private static double[] row(String out, String name) {
        Matcher m = Pattern.compile(name + " +([0-9.]+) +([0-9.]+)").matcher(out);
        assertThat(m.find()).as(out).isTrue();
        return new double[] {Double.parseDouble(m.group(1)), Double.parseDouble(m.group(2))};
    }
}
