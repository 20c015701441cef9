package io.cambium.interop.keras;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cambium.nn.InvalidConfigException;
import io.cambium.nn.Layer;
import io.cambium.nn.Model;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Keras 2 and Keras 3 configs of the Keras documentation's examples (written out by
 * tools/fixtures/gen_keras_configs.py, sources in fixtures/keras/index.json) load and have the
 * parameter counts the documentation prints.
 */
class KerasConfigTest {
    @BeforeEach
    void names() {
        Layer.resetNames();
    }

    static String resource(String name) throws IOException {
        try (InputStream in = KerasConfigTest.class.getResourceAsStream("/fixtures/keras/" + name)) {
            if (in == null) {
                throw new IllegalStateException("missing fixture " + name + ": run tools/fixtures/gen_keras_configs.py");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    static List<Object[]> examples() throws IOException {
        JsonNode index = new ObjectMapper().readTree(resource("index.json"));
        List<Object[]> out = new ArrayList<>();
        for (JsonNode e : index) {
            out.add(new Object[] {e.get("file").asText(), e.get("model").asText(), e.get("params").asLong()});
        }
        return out;
    }

    @ParameterizedTest(name = "{0}: {1}, {2} parameters")
    @MethodSource("examples")
    void loadsWithTheDocumentedParameterCount(String file, String model, long params) throws IOException {
        Model m = KerasConfig.fromJson(resource(file));
        assertThat(m.countParams()).as(file + " (" + model + ")").isEqualTo(params);
        System.out.printf("keras config %-42s %-36s %,d parameters%n", file, model, m.countParams());
    }

    private static String replace(String file, String from, String to) throws IOException {
        String json = resource(file);
        assertThat(json).contains(from);
        return json.replaceFirst(java.util.regex.Pattern.quote(from), java.util.regex.Matcher.quoteReplacement(to));
    }

    @Test
    void optionsThatChangeTheModelAreRejectedWithTheirPath() throws IOException {
        assertThatThrownBy(() -> KerasConfig.fromJson(replace("k3_sequential_mnist_convnet.json", "\"channels_last\"",
                "\"channels_first\""))).isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("Conv2D 'conv2d'").hasMessageContaining("config.layers[1].config.data_format");
        assertThatThrownBy(() -> KerasConfig.fromJson(replace("k2_functional_mnist_mlp.json", "\"kernel_constraint\": null",
                "\"kernel_constraint\": {\"class_name\": \"MaxNorm\", \"config\": {\"max_value\": 2}}")))
                .isInstanceOf(InvalidConfigException.class).hasMessageContaining("kernel_constraint");
        assertThatThrownBy(() -> KerasConfig.fromJson(replace("k2_functional_mnist_mlp.json", "\"units\": 64,",
                "\"units\": 64, \"unitz\": 3,"))).isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("config.layers[1].config.unitz");
        assertThatThrownBy(() -> KerasConfig.fromJson(replace("k2_functional_mnist_mlp.json", "\"dtype\": \"float32\"",
                "\"dtype\": \"mixed_float16\""))).isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("dtype");
        assertThatThrownBy(() -> KerasConfig.fromJson(replace("k3_sequential_gru_simplernn.json", "\"class_name\": \"SimpleRNN\"",
                "\"class_name\": \"ConvLSTM2D\""))).isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("ConvLSTM2D").hasMessageContaining("no Cambium equivalent");
        assertThatThrownBy(() -> KerasConfig.fromJson(replace("k2_sequential_embedding_lstm.json", "\"class_name\": \"Orthogonal\"",
                "\"class_name\": \"GlorotNormal\""))).isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("recurrent_initializer").hasMessageContaining("not Keras's default");
    }

    @Test
    void ignoredKeysAreThoseThatDoNotChangeTheModel() throws IOException {
        // Seeds and execution hints: accepted whatever their value.
        Model m = KerasConfig.fromJson(replace("k2_sequential_embedding_lstm.json", "\"unroll\": false", "\"unroll\": true"));
        assertThat(m.countParams()).isEqualTo(164_106);
        Model seeded = KerasConfig.fromJson(replace("k3_sequential_mnist_convnet.json", "\"seed\": null", "\"seed\": 1337"));
        assertThat(seeded.countParams()).isEqualTo(34_826);
    }

    @Test
    void cambiumConfigsAreNotKeras() throws IOException {
        assertThat(KerasConfig.looksLikeKeras(new ObjectMapper().readValue(resource("k2_functional_encoder.json"),
                java.util.Map.class))).isTrue();
        assertThat(KerasConfig.looksLikeKeras(java.util.Map.of("class_name", "Sequential", "config",
                java.util.Map.of("layers", List.of())))).isFalse();
    }
}
