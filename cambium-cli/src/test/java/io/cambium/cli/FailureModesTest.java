package io.cambium.cli;

import io.cambium.data.loaders.FashionMnist;
import io.cambium.nn.io.ModelArchive;
import io.cambium.nn.io.ModelFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The commands as a new user (and a careless or hostile one) meets them: predict on image files,
 * and every mistake a one-line message with exit code 2, no stack trace.
 */
class FailureModesTest {
    @TempDir
    Path dir;

    static void assertOneLineError(CliRunner.Result r, String... fragments) {
        assertThat(r.code()).as(r.err() + r.out()).isEqualTo(2);
        String err = r.err().strip();
        assertThat(err).startsWith("cambium: ").doesNotContain("\n").doesNotContain("\tat ").doesNotContain("Exception:")
                .doesNotContain("\u001b");
        for (String f : fragments) {
            assertThat(err).contains(f);
        }
    }

    /** A {@code preset} trained for one epoch on the embedded subset, saved in {@code name}/model.cambium. */
    private Path trained(String preset, String name) {
        Path model = dir.resolve(name).resolve("model.cambium");
        CliRunner.Result t = CliRunner.run("train", "--model", preset, "--data", "fashion-mnist-subset", "--epochs", "1",
                "--batch-size", "32", "--seed", "3", "--quiet", "--validation-split", "0", "-o", model.toString());
        assertThat(t.code()).as(t.err() + t.out()).isZero();
        return model;
    }

    /** The top class of each line {@code <what>: <class> <probability>}. */
    private static List<String> topClasses(String out) {
        List<String> top = new ArrayList<>();
        for (String line : out.strip().split("\\R")) {
            String cls = line.substring(line.lastIndexOf(": ") + 2);
            top.add(cls.substring(0, cls.lastIndexOf(' ')));
        }
        return top;
    }

    @Test
    void predictClassifiesPngFilesLikeTheTestSet() throws Exception {
        // README: `cambium predict -f MODEL IMAGE`; it crashed for every model (a loaded
        // Sequential had no inputs()).
        Path model = trained("cnn", "cnn");
        FashionMnist.Data d = FashionMnist.loadEmbedded();
        int n = 20;
        List<String> args = new ArrayList<>(List.of("predict", "-f", model.toString(), "--top", "1"));
        for (int i = 0; i < n; i++) {
            BufferedImage img = new BufferedImage(28, 28, BufferedImage.TYPE_BYTE_GRAY);
            float[] px = d.xTest().data();
            for (int y = 0; y < 28; y++) {
                for (int x = 0; x < 28; x++) {
                    int v = Math.round(px[i * 784 + y * 28 + x] * 255f);
                    img.getRaster().setSample(x, y, 0, v);
                }
            }
            Path png = dir.resolve("test_" + i + ".png");
            ImageIO.write(img, "png", png.toFile());
            args.add(png.toString());
        }
        CliRunner.Result files = CliRunner.run(args.toArray(new String[0]));
        assertThat(files.code()).as(files.err()).isZero();
        List<String> fromFiles = topClasses(files.out());
        assertThat(fromFiles).hasSize(n);
        CliRunner.Result fromData = CliRunner.run("predict", "-f", model.toString(), "--data", "fashion-mnist-subset",
                "--limit", Integer.toString(n), "--top", "1");
        assertThat(fromData.code()).as(fromData.err()).isZero();
        // The PNGs hold the test images' exact pixels: the same classes as predicting the test set.
        assertThat(fromFiles).isEqualTo(topClasses(fromData.out()));
        int right = 0;
        for (int i = 0; i < n; i++) {
            if (fromFiles.get(i).equals(FashionMnist.CLASS_NAMES.get((int) d.yTest().get(i)))) {
                right++;
            }
        }
        assertThat(right).as("correct labels of %d test images", n).isGreaterThanOrEqualTo(12);
    }

    @Test
    void anUnwritableDestinationFailsBeforeTraining() throws Exception {
        Path file = Files.writeString(dir.resolve("occupied"), "a file, not a directory");
        CliRunner.Result r = CliRunner.run("train", "--model", "mlp", "--data", "fashion-mnist-subset", "--epochs", "1",
                "-o", file.resolve("model.cambium").toString());
        assertOneLineError(r, "-o: cannot write", "occupied", "not a directory");
        assertThat(r.out()).doesNotContain("Epoch").doesNotContain("Data:");
        Path d = Files.createDirectory(dir.resolve("a-dir.cambium"));
        assertOneLineError(CliRunner.run("train", "--data", "fashion-mnist-subset", "-o", d.toString()), "is a directory");
        CliRunner.Result demo = CliRunner.run("demo", "--subset", "--output-dir", file.toString());
        assertOneLineError(demo, "--output-dir: cannot write", "not a directory");
        assertThat(demo.out()).doesNotContain("Epoch");
    }

    private Path csv(String name, String body) throws Exception {
        return Files.writeString(dir.resolve(name), body);
    }

    private static String irisLike(int rows) {
        StringBuilder b = new StringBuilder("x1,x2,label\n");
        java.util.Random r = new java.util.Random(4);
        for (int i = 0; i < rows; i++) {
            int k = i % 2;
            b.append(String.format(java.util.Locale.ROOT, "%.3f,%.3f,%s%n", k * 2 + r.nextGaussian(), r.nextGaussian(),
                    k == 0 ? "a" : "b"));
        }
        return b.toString();
    }

    @Test
    void aDivergedRunIsAnErrorAndKeepsTheModelFileItWouldHaveReplaced() throws Exception {
        Path data = csv("two.csv", irisLike(200));
        Path model = dir.resolve("out/model.cambium");
        CliRunner.Result good = CliRunner.run("train", "--model", "mlp", "--data", data.toString(), "--epochs", "2",
                "--quiet", "-o", model.toString());
        assertThat(good.code()).as(good.err()).isZero();
        byte[] before = Files.readAllBytes(model);
        CliRunner.Result nan = CliRunner.run("train", "--model", "mlp", "--data", data.toString(), "--epochs", "2",
                "--quiet", "--lr", "1e30", "--optimizer", "sgd", "-o", model.toString());
        assertOneLineError(nan, "training diverged", "NaN", "nothing was saved to", "--lr");
        assertThat(Files.readAllBytes(model)).isEqualTo(before);
        Path huge = csv("huge.csv", "x1,x2,label\n1,2,a\n1e39,3,b\n2,2,a\n3,1,b\n");
        assertOneLineError(CliRunner.run("train", "--model", "mlp", "--data", huge.toString(), "-o",
                dir.resolve("h.cambium").toString()), "'1e39'", "line 3", "column 'x1'", "float32 range");
    }

    @Test
    void userMistakesThatUsedToCrash() throws Exception {
        // A PNG declaring 40000 x 40000 pixels (an OutOfMemoryError with a stack trace).
        Path model = trained("mlp", "m");
        Path bomb = dir.resolve("bomb.png");
        Files.write(bomb, pngHeader(40000, 40000));
        assertOneLineError(CliRunner.run("predict", "-f", model.toString(), bomb.toString()), "bomb.png",
                "40000 x 40000 pixels");
        // An image folder with an empty class ("internal error", exit 1).
        Path folder = dir.resolve("photos");
        Files.createDirectories(folder.resolve("cat"));
        Files.createDirectories(folder.resolve("dog"));
        for (int i = 0; i < 3; i++) {
            ImageIO.write(new BufferedImage(8, 8, BufferedImage.TYPE_INT_RGB), "png", folder.resolve("cat/" + i + ".png")
                    .toFile());
        }
        assertOneLineError(CliRunner.run("train", "--data", folder.toString(), "--model", "mlp", "-o",
                dir.resolve("p.cambium").toString()), "class folder 'dog' has no images");
        // Shape arithmetic beyond int: 65537 x 65537 wrapped to a wrong parameter count.
        assertOneLineError(CliRunner.run("summary", "--model", "mlp", "--input-shape", "65537,65537"), "Flatten",
                "65537 x 65537", "2^31-1");
        // A directory, a binary file and a missing file where files are expected: the reason, not the path twice.
        assertOneLineError(CliRunner.run("evaluate", "-f", dir.toString()), "not a regular file");
        Path binarySpec = dir.resolve("spec.json");
        Files.write(binarySpec, Files.readAllBytes(bomb));
        assertOneLineError(CliRunner.run("summary", "--model", binarySpec.toString()), "spec.json",
                "not UTF-8 text");
        Path binaryCsv = dir.resolve("data.csv");
        Files.write(binaryCsv, Files.readAllBytes(bomb));
        assertOneLineError(CliRunner.run("train", "--data", binaryCsv.toString(), "-o", dir.resolve("x.cambium").toString()),
                "data.csv", "not UTF-8 text");
        assertThat(CliRunner.run("evaluate", "-f", binaryCsv.toString()).err()).doesNotContain("Input length");
        Path secret = Files.writeString(dir.resolve("secret.csv"), "a,b\n1,x\n");
        if (!"root".equals(System.getProperty("user.name"))) {
            secret.toFile().setReadable(false, false);
            assertOneLineError(CliRunner.run("train", "--data", secret.toString()), "permission denied");
            assertOneLineError(CliRunner.run("evaluate", "-f", secret.toString()), "permission denied");
        }
        // Text from a file reaches the terminal escaped.
        Path evil = Files.writeString(dir.resolve("evil.json"), "{\"class_name\": \"Sequential\", \"config\": {\"layers\":"
                + " [{\"class_name\": \"\\u001b[2J\\u001b]0;owned\\u0007\", \"config\": {}}]}}");
        assertOneLineError(CliRunner.run("summary", "--model", evil.toString()), "unknown layer class", "\\u001b[2J");
    }

    @Test
    void aCraftedModelFileAskingForGigabytesIsOneLine() throws Exception {
        Path model = trained("mlp", "small");
        ModelArchive a = ModelFile.load(model);
        String arch = a.architecture().replaceFirst("\"units\" : 128", "\"units\" : 100000000");
        assertThat(arch).isNotEqualTo(a.architecture());
        Path hostile = dir.resolve("hostile.cambium");
        ModelFile.save(hostile, new ModelArchive(arch, a.weights(), a.optimizerConfig(), a.optimizerState(), a.training()));
        assertOneLineError(CliRunner.run("evaluate", "-f", hostile.toString(), "--data", "fashion-mnist-subset"),
                "hostile.cambium", "Dense", "100000000");
        Path typo = dir.resolve("typo.cambium");
        ModelFile.save(typo, new ModelArchive(a.architecture().replaceFirst("\"activation\"", "\"activaton\""), a.weights(),
                a.optimizerConfig(), a.optimizerState(), a.training()));
        assertOneLineError(CliRunner.run("predict", "-f", typo.toString(), "--data", "fashion-mnist-subset"),
                "unknown key", "activaton");
    }

    /** The first bytes of a PNG declaring {@code w x h} pixels (enough for its header to be read). */
    static byte[] pngHeader(int w, int h) throws Exception {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        java.io.DataOutputStream d = new java.io.DataOutputStream(out);
        d.write(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
        java.io.ByteArrayOutputStream ihdr = new java.io.ByteArrayOutputStream();
        java.io.DataOutputStream i = new java.io.DataOutputStream(ihdr);
        i.writeBytes("IHDR");
        i.writeInt(w);
        i.writeInt(h);
        i.write(new byte[] {8, 2, 0, 0, 0});
        byte[] body = ihdr.toByteArray();
        d.writeInt(13);
        d.write(body);
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        crc.update(body);
        d.writeInt((int) crc.getValue());
        d.write(new byte[] {0, 0, 0, 0, 'I', 'E', 'N', 'D', (byte) 0xae, 0x42, 0x60, (byte) 0x82});
        return out.toByteArray();
    }
}
