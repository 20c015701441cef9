package io.cambium.cli;

import static io.cambium.cli.UserErrorsTest.assertOneLineError;
import static org.assertj.core.api.Assertions.assertThat;

import io.cambium.Cambium;
import io.cambium.cli.support.ModelStore;
import io.cambium.cli.support.Presets;
import io.cambium.nn.Layer;
import io.cambium.nn.Model;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Keras configs and .keras files through {@code cambium summary}, and {@code cambium onnx export|import}.
 * The Keras files are cambium-interop's fixtures (written by tools/fixtures/gen_keras_configs.py
 * and gen_keras_weights.py; sources in their SOURCES.md), read from that module's folder.
 */
class InteropCliTest {
    private static final Path KERAS = Path.of("..", "cambium-interop", "src", "test", "resources", "fixtures", "keras");

    @TempDir
    Path dir;

    @Test
    void summaryReadsKeras2And3ConfigsAndKerasFiles() {
        // tf.keras 2 model.to_json() (batch_input_shape): "InputLayer needs 'shape'" before cambium-interop
        CliRunner.Result k2 = CliRunner.run("summary", "--model", KERAS.resolve("k2_functional_mnist_mlp.json").toString());
        assertThat(k2.code()).as(k2.err()).isZero();
        assertThat(k2.out()).contains("55,050");
        // Keras 3 config.json (batch_shape, module/registered_name objects)
        CliRunner.Result k3 = CliRunner.run("summary", "--model", KERAS.resolve("k3_sequential_mnist_convnet.json").toString());
        assertThat(k3.code()).as(k3.err()).isZero();
        assertThat(k3.out()).contains("34,826").contains("Conv2D");
        CliRunner.Result file = CliRunner.run("summary", "--model", KERAS.resolve("mnist_convnet.keras").toString());
        assertThat(file.code()).as(file.err()).isZero();
        assertThat(file.out()).contains("34,826");
    }

    @Test
    void kerasConfigErrorsAreOneLine() throws Exception {
        String k3 = Files.readString(KERAS.resolve("k3_sequential_mnist_convnet.json"));
        Path channelsFirst = dir.resolve("channels_first.json");
        Files.writeString(channelsFirst, k3.replaceFirst("\"channels_last\"", "\"channels_first\""));
        assertOneLineError(CliRunner.run("summary", "--model", channelsFirst.toString()), "channels_first.json",
                "data_format");
        Path damaged = dir.resolve("damaged.keras");
        Files.write(damaged, java.util.Arrays.copyOf(Files.readAllBytes(KERAS.resolve("mnist_convnet.keras")), 5000));
        assertOneLineError(CliRunner.run("summary", "--model", damaged.toString()), "damaged.keras");
        assertOneLineError(CliRunner.run("summary", "--model", dir.resolve("missing.keras").toString()), "not found");
    }

    @Test
    void exportsTheDemoCnnAndImportsIt() throws Exception {
        Cambium.seed(1);
        Layer.resetNames();
        Model cnn = Presets.build("cnn", new int[] {28, 28, 1}, 10);
        Path model = dir.resolve("cnn.cambium");
        ModelStore.save(cnn, null, 0, Map.of(), model);
        Path onnx = dir.resolve("cnn.onnx");
        CliRunner.Result ex = CliRunner.run("onnx", "export", "-f", model.toString(), "-o", onnx.toString());
        assertThat(ex.code()).as(ex.err()).isZero();
        assertThat(ex.out()).contains("ONNX opset 17").contains("read back by Cambium's ONNX importer");
        assertThat(Files.size(onnx)).isGreaterThan(4L * cnn.countParams());
        CliRunner.Result im = CliRunner.run("onnx", "import", onnx.toString(), "--batch-size", "3");
        assertThat(im.code()).as(im.err()).isZero();
        assertThat(im.out()).contains("input 0: (?, 28, 28, 1)").contains("Conv x2").contains("(3, 10) on the trial input")
                .contains(String.format("%,d parameters", cnn.countParams()));
        // A .keras file exports directly.
        Path fromKeras = dir.resolve("keras.onnx");
        CliRunner.Result k = CliRunner.run("onnx", "export", "-f", KERAS.resolve("mnist_convnet.keras").toString(), "-o",
                fromKeras.toString());
        assertThat(k.code()).as(k.err()).isZero();
    }

    @Test
    void exportsAGptFromItsModelFileAndRunDirectory() throws Exception {
        io.cambium.llm.model.Gpt gpt = io.cambium.llm.model.Gpt.withSeed(io.cambium.llm.model.GptConfig.preset("llama-tiny")
                .vocabSize(40).contextLength(16).dModel(32).layers(1), 5);
        Path file = dir.resolve("gpt.cambium");
        gpt.save(file);
        Path onnx = dir.resolve("gpt.onnx");
        CliRunner.Result ex = CliRunner.run("onnx", "export", "-f", file.toString(), "-o", onnx.toString());
        assertThat(ex.code()).as(ex.err()).isZero();
        assertThat(ex.out()).contains("ONNX opset 17").contains("read back by Cambium's ONNX importer");
        CliRunner.Result im = CliRunner.run("onnx", "import", onnx.toString(), "--batch-size", "3");
        assertThat(im.code()).as(im.err()).isZero();
        assertThat(im.out()).contains("input 0: (?, ?)").contains("(3, 3, 40) on the trial input");
        // A pretraining run directory: its checkpoint.
        Path run = Files.createDirectories(dir.resolve("run"));
        gpt.save(run.resolve(io.cambium.llm.train.Pretrainer.CHECKPOINT));
        CliRunner.Result fromRun = CliRunner.run("onnx", "export", "-f", run.toString(), "-o", dir.resolve("run.onnx").toString());
        assertThat(fromRun.code()).as(fromRun.err()).isZero();
        assertThat(Files.readAllBytes(dir.resolve("run.onnx"))).isEqualTo(Files.readAllBytes(onnx));
        assertOneLineError(CliRunner.run("onnx", "export", "-f", dir.toString(), "-o", dir.resolve("x.onnx").toString()),
                "ckpt.cambium");
        // A Hugging Face GPT-2 checkpoint directory (config.json, model.safetensors).
        Path hf = dir.resolve("hf");
        io.cambium.llm.finetune.hf.HuggingFaceGpt2.save(io.cambium.llm.model.Gpt.withSeed(
                io.cambium.llm.model.GptConfig.preset("tiny").vocabSize(40).contextLength(16).dModel(32).layers(1), 6), hf);
        CliRunner.Result fromHf = CliRunner.run("onnx", "export", "-f", hf.toString(), "-o", dir.resolve("hf.onnx").toString());
        assertThat(fromHf.code()).as(fromHf.err()).isZero();
        assertThat(fromHf.out()).contains("read back by Cambium's ONNX importer");
    }

    @Test
    void onnxUserErrorsAreOneLine() throws Exception {
        assertOneLineError(CliRunner.run("onnx", "import", dir.resolve("none.onnx").toString()), "not found");
        Path junk = dir.resolve("junk.onnx");
        Files.writeString(junk, "this is not a protobuf");
        assertOneLineError(CliRunner.run("onnx", "import", junk.toString()), "junk.onnx");
        assertOneLineError(CliRunner.run("onnx", "export", "-f", dir.resolve("none.cambium").toString(), "-o",
                dir.resolve("x.onnx").toString()), "not found");
        assertOneLineError(CliRunner.run("onnx", "import", junk.toString(), "--batch-size", "0"), "--batch-size");
    }
}
