package io.cambium.interop.keras;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cambium.nn.Layer;
import io.cambium.nn.Model;
import io.cambium.nn.io.InvalidFileException;
import io.cambium.tensor.Tensor;
import io.cambium.tensor.autograd.NoGrad;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * {@code .keras} files (tools/fixtures/gen_keras_weights.py: Keras 3's zip layout and weight paths)
 * load with their weights and give the outputs PyTorch computes from the same weights.
 */
class KerasModelFileTest {
    @TempDir
    Path dir;

    @BeforeEach
    void names() {
        Layer.resetNames();
    }

    static Path fixture(String name) throws URISyntaxException {
        return Path.of(KerasModelFileTest.class.getResource("/fixtures/keras/" + name).toURI());
    }

    private static Tensor tensor(JsonNode n) {
        int[] s = new int[n.get("shape").size()];
        for (int i = 0; i < s.length; i++) {
            s[i] = n.get("shape").get(i).asInt();
        }
        float[] d = new float[n.get("data").size()];
        for (int i = 0; i < d.length; i++) {
            d[i] = (float) n.get("data").get(i).asDouble();
        }
        return new Tensor(d, s);
    }

    @ParameterizedTest
    @ValueSource(strings = {"mnist_convnet", "text_classifier"})
    void loadsWeightsAndMatchesPyTorch(String name) throws Exception {
        Model m = KerasModelFile.load(fixture(name + ".keras"));
        JsonNode c;
        try (InputStream in = getClass().getResourceAsStream("/fixtures/keras_weights.json")) {
            c = new ObjectMapper().readTree(in).get("cases").get(name).get("tensors");
        }
        Tensor x = tensor(c.get("x"));
        Tensor expected = tensor(c.get("y"));
        Tensor y;
        try (NoGrad g = NoGrad.scope()) {
            y = m.predict(x, 8);
        }
        float[] a = y.data();
        float[] b = expected.data();
        double worst = 0;
        for (int i = 0; i < a.length; i++) {
            worst = Math.max(worst, Math.abs(a[i] - b[i]));
        }
        System.out.printf("keras weights %-16s %,d parameters, max abs difference vs PyTorch %.3g%n", name,
                m.countParams(), worst);
        assertThat(worst).isLessThan(1e-5);
    }

    private Path rewrite(String fixture, String entry, byte[] replacement) throws Exception {
        Path out = dir.resolve(fixture);
        try (ZipFile in = new ZipFile(fixture(fixture).toFile());
             OutputStream os = Files.newOutputStream(out); ZipOutputStream zos = new ZipOutputStream(os)) {
            for (ZipEntry e : java.util.Collections.list(in.entries())) {
                if (e.getName().equals(entry) && replacement == null) {
                    continue;
                }
                zos.putNextEntry(new ZipEntry(e.getName()));
                zos.write(e.getName().equals(entry) ? replacement : in.getInputStream(e).readAllBytes());
                zos.closeEntry();
            }
        }
        return out;
    }

    @Test
    void damagedFilesAreRejectedWithTheFileName() throws Exception {
        assertThatThrownBy(() -> KerasModelFile.load(rewrite("mnist_convnet.keras", "model.weights.h5", null)))
                .isInstanceOf(InvalidFileException.class).hasMessageContaining("has no model.weights.h5");
        byte[] h5 = Files.readAllBytes(fixture("mnist_convnet.keras"));
        assertThatThrownBy(() -> KerasModelFile.load(rewrite("mnist_convnet.keras", "model.weights.h5",
                "not an hdf5 file".getBytes()))).isInstanceOf(InvalidFileException.class)
                .hasMessageContaining("model.weights.h5 cannot be read");
        Path truncated = dir.resolve("cut.keras");
        Files.write(truncated, java.util.Arrays.copyOf(h5, h5.length / 2));
        assertThatThrownBy(() -> KerasModelFile.load(truncated)).isInstanceOf(InvalidFileException.class)
                .hasMessageContaining("cut.keras");
        // The weights of another architecture: a layer's group is missing.
        Path other = rewrite("mnist_convnet.keras", "model.weights.h5", weightsOf("text_classifier.keras"));
        assertThatThrownBy(() -> KerasModelFile.load(other)).isInstanceOf(InvalidFileException.class)
                .hasMessageContaining("layers/conv2d/vars");
    }

    private static byte[] weightsOf(String fixture) throws Exception {
        try (ZipFile z = new ZipFile(fixture(fixture).toFile())) {
            return z.getInputStream(z.getEntry("model.weights.h5")).readAllBytes();
        }
    }

    @Test
    void zipBombIsStoppedWhileInflating() throws Exception {
        Path bomb = dir.resolve("bomb.keras");
        try (ZipOutputStream zos = new ZipOutputStream(Files.newOutputStream(bomb))) {
            zos.putNextEntry(new ZipEntry("config.json"));
            byte[] zeros = new byte[1 << 20];
            for (int i = 0; i < 80; i++) {
                zos.write(zeros);
            }
            zos.closeEntry();
        }
        assertThat(Files.size(bomb)).isLessThan(1 << 20);
        assertThatThrownBy(() -> KerasModelFile.load(bomb)).isInstanceOf(InvalidFileException.class)
                .hasMessageContaining("config.json inflates to more than");
    }

    @Test
    void jsonConfigsLoadWithoutWeights() throws Exception {
        Model m = KerasModelFile.load(fixture("k3_sequential_mnist_convnet.json"));
        assertThat(m.countParams()).isEqualTo(34_826);
        assertThatThrownBy(() -> KerasModelFile.load(dir)).isInstanceOf(IOException.class);
    }
}
