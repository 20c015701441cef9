package io.cambium.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cambium.Cambium;
import io.cambium.nn.initializers.Initializers;
import io.cambium.nn.layers.attention.AdditiveAttention;
import io.cambium.nn.layers.attention.Attention;
import io.cambium.nn.layers.attention.MultiHeadAttention;
import io.cambium.nn.layers.attention.PositionEmbedding;
import io.cambium.nn.layers.attention.RotaryEmbedding;
import io.cambium.nn.layers.attention.SinePositionEncoding;
import io.cambium.nn.layers.attention.TokenAndPositionEmbedding;
import io.cambium.nn.layers.attention.TransformerDecoderBlock;
import io.cambium.nn.layers.attention.TransformerEncoderBlock;
import io.cambium.nn.layers.conv.Conv1D;
import io.cambium.nn.layers.conv.Conv2D;
import io.cambium.nn.layers.conv.Conv2DTranspose;
import io.cambium.nn.layers.conv.DepthwiseConv2D;
import io.cambium.nn.layers.conv.SeparableConv2D;
import io.cambium.nn.layers.conv.TCNBlock;
import io.cambium.nn.layers.core.Activation;
import io.cambium.nn.layers.core.Dense;
import io.cambium.nn.layers.core.Dropout;
import io.cambium.nn.layers.core.ELU;
import io.cambium.nn.layers.core.Flatten;
import io.cambium.nn.layers.core.LeakyReLU;
import io.cambium.nn.layers.core.Masking;
import io.cambium.nn.layers.core.PReLU;
import io.cambium.nn.layers.core.Permute;
import io.cambium.nn.layers.core.RepeatVector;
import io.cambium.nn.layers.core.Reshape;
import io.cambium.nn.layers.embedding.Embedding;
import io.cambium.nn.layers.merge.Add;
import io.cambium.nn.layers.merge.Average;
import io.cambium.nn.layers.merge.Concatenate;
import io.cambium.nn.layers.merge.Multiply;
import io.cambium.nn.layers.merge.Subtract;
import io.cambium.nn.layers.normalization.BatchNormalization;
import io.cambium.nn.layers.normalization.LayerNormalization;
import io.cambium.nn.layers.pooling.AveragePooling1D;
import io.cambium.nn.layers.pooling.AveragePooling2D;
import io.cambium.nn.layers.pooling.GlobalAveragePooling1D;
import io.cambium.nn.layers.pooling.GlobalAveragePooling2D;
import io.cambium.nn.layers.pooling.GlobalMaxPooling1D;
import io.cambium.nn.layers.pooling.GlobalMaxPooling2D;
import io.cambium.nn.layers.pooling.MaxPooling1D;
import io.cambium.nn.layers.pooling.MaxPooling2D;
import io.cambium.nn.layers.preprocessing.Normalization;
import io.cambium.nn.layers.preprocessing.Rescaling;
import io.cambium.nn.layers.recurrent.Bidirectional;
import io.cambium.nn.layers.recurrent.GRU;
import io.cambium.nn.layers.recurrent.LSTM;
import io.cambium.nn.layers.recurrent.SimpleRNN;
import io.cambium.nn.layers.recurrent.TimeDistributed;
import io.cambium.nn.layers.regularization.GaussianNoise;
import io.cambium.nn.layers.regularization.SpatialDropout;
import io.cambium.nn.layers.reshaping.Cropping2D;
import io.cambium.nn.layers.reshaping.UpSampling2D;
import io.cambium.nn.layers.reshaping.ZeroPadding2D;
import io.cambium.nn.regularizers.Regularizers;
import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reading configs strictly (unknown keys rejected) must accept everything Cambium writes: every
 * layer class, with options away from their defaults, goes through toJson / fromJson and through a
 * model file, and comes back with the same config and weights.
 */
class StrictConfigRoundTripTest {
    @TempDir
    Path dir;

    private static Sequential seq(int[] in, Layer... layers) {
        Sequential s = new Sequential();
        s.input(in);
        for (Layer l : layers) {
            s.add(l);
        }
        return s;
    }

    private static Model twoInputs(int[] shape, java.util.function.BiFunction<SymbolicTensor, SymbolicTensor, SymbolicTensor> f) {
        SymbolicTensor a = Input.shape(shape);
        SymbolicTensor b = Input.shape(shape);
        return new Model(List.of(a, b), f.apply(a, b));
    }

    private static Map<String, Supplier<Model>> models() {
        Map<String, Supplier<Model>> m = new LinkedHashMap<>();
        m.put("Dense", () -> seq(new int[] {3}, new Dense(4).activation("tanh").useBias(false)
                .kernelInitializer(Initializers.heNormal()).kernelRegularizer(Regularizers.l1l2(0.01f, 0.02f))
                .activityRegularizer(Regularizers.l2(0.1f))));
        m.put("Activation", () -> seq(new int[] {3}, new Activation("gelu"), new ELU(0.5f), new LeakyReLU(0.1f), new PReLU()));
        m.put("Dropout", () -> seq(new int[] {3}, new Dropout(0.3), new GaussianNoise(0.2)));
        m.put("Masking", () -> seq(new int[] {4, 3}, new Masking(-1f), new LSTM(2)));
        m.put("Reshape", () -> seq(new int[] {2, 6}, new Reshape(3, 4), new Permute(2, 1), new Flatten(),
                new RepeatVector(2)));
        m.put("Embedding", () -> seq(new int[] {5}, new Embedding(10, 3).maskZero(true), new GRU(2).resetAfter(false)));
        m.put("Conv", () -> seq(new int[] {8, 8, 2}, new Conv2D(3, 3).strides(2).padding("same").activation("relu"),
                new DepthwiseConv2D(3, 2).padding("same"), new SeparableConv2D(4, 3), new Conv2DTranspose(2, 2).strides(2),
                new ZeroPadding2D(1), new Cropping2D(1), new UpSampling2D(2), new MaxPooling2D(2),
                new AveragePooling2D(2), new SpatialDropout(0.1), new BatchNormalization().momentum(0.9).center(false),
                new GlobalMaxPooling2D()));
        m.put("Pooling2D", () -> seq(new int[] {4, 4, 2}, new GlobalAveragePooling2D()));
        m.put("Conv1D", () -> seq(new int[] {12, 3}, new Conv1D(4, 3).padding("causal").dilationRate(2),
                new MaxPooling1D(2), new AveragePooling1D(2), new TCNBlock(4, 2, 2).dropout(0.1),
                new LayerNormalization().epsilon(1e-5), new GlobalAveragePooling1D()));
        m.put("GlobalMaxPooling1D", () -> seq(new int[] {6, 3}, new GlobalMaxPooling1D()));
        m.put("Recurrent", () -> seq(new int[] {5, 3}, new SimpleRNN(3).returnSequences(true),
                new Bidirectional(new LSTM(2).returnSequences(true)), new TimeDistributed(new Dense(2))));
        m.put("Preprocessing", () -> seq(new int[] {3}, new Rescaling(0.5f, 1f), new Normalization()));
        m.put("Transformer", () -> seq(new int[] {6}, new TokenAndPositionEmbedding(20, 6, 8).maskZero(true),
                new TransformerEncoderBlock(16, 2).dropout(0.1).normalizeFirst(true),
                new SinePositionEncoding(1000f), new RotaryEmbedding()));
        m.put("PositionEmbedding", () -> seq(new int[] {6, 4}, new PositionEmbedding(6)));
        m.put("Decoder", () -> seq(new int[] {6, 8}, new TransformerDecoderBlock(16, 2).activation("gelu")));
        m.put("Merge", () -> twoInputs(new int[] {3}, (a, b) -> new Concatenate(-1).apply(new Add().apply(a, b),
                new Subtract().apply(a, b), new Multiply().apply(a, b), new Average().apply(a, b))));
        m.put("Attention", () -> twoInputs(new int[] {4, 6}, (a, b) -> new Add().apply(
                new Attention().useScale(true).apply(a, b), new AdditiveAttention().apply(a, b),
                new MultiHeadAttention(2, 3).valueDim(4).outputShape(6).apply(a, b))));
        return m;
    }

    @Test
    void everyLayerComesBackFromAStrictReadWithItsConfigAndWeights() throws IOException {
        Set<String> covered = new TreeSet<>();
        List<String> problems = new ArrayList<>();
        for (Map.Entry<String, Supplier<Model>> e : models().entrySet()) {
            Layer.resetNames();
            Cambium.seed(5);
            Model m = e.getValue().get();
            String json = ModelConfig.toJson(m);
            for (Layer l : m.allLayersIncludingSelf()) {
                covered.add(l.className());
            }
            Model back;
            try {
                back = ModelConfig.fromJson(json);
            } catch (RuntimeException ex) {
                problems.add(e.getKey() + ": " + ex.getMessage());
                continue;
            }
            if (!ModelConfig.toJson(back).equals(json)) {
                problems.add(e.getKey() + ": config changed:\n" + json + "\n" + ModelConfig.toJson(back));
            }
            Path p = dir.resolve(e.getKey() + ".cambium");
            m.save(p);
            Model loaded = Model.load(p);
            List<Variable> a = m.variables();
            List<Variable> b = loaded.variables();
            assertThat(b).as(e.getKey()).hasSameSizeAs(a);
            for (int i = 0; i < a.size(); i++) {
                assertThat(b.get(i).value().data()).as(e.getKey() + " " + a.get(i).name()).containsExactly(a.get(i).value().data());
            }
        }
        assertThat(problems).isEmpty();
        assertThat(covered).containsAll(layerClassesWithFromConfig());
    }

    /** Every layer class that LayerRegistry can re-create by convention. */
    private static Set<String> layerClassesWithFromConfig() throws IOException {
        Set<String> out = new TreeSet<>();
        Path root = Path.of("target", "classes", "io", "cambium", "nn", "layers");
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                String f = p.getFileName().toString();
                if (!f.endsWith(".class") || f.contains("$")) {
                    continue;
                }
                String cls = root.getParent().getParent().getParent().relativize(p).toString()
                        .replace(java.io.File.separatorChar, '.').replace(".class", "");
                try {
                    Class<?> c = Class.forName(cls);
                    Method fm = c.getMethod("fromConfig", Map.class);
                    if (Layer.class.isAssignableFrom(c) && Modifier.isStatic(fm.getModifiers())
                            && !Modifier.isAbstract(c.getModifiers())) {
                        out.add(c.getSimpleName());
                    }
                } catch (ReflectiveOperationException ex) {
                    // no fromConfig: not re-creatable by convention
                }
            }
        }
        return out;
    }

    @Test
    void keysNoFactoryReadsAreRejectedWherever_theyAre() {
        String base = "{\"class_name\":\"Sequential\",\"config\":{\"name\":\"s\",\"input_shape\":[3],\"layers\":["
                + "{\"class_name\":\"Dense\",\"config\":{\"units\":2,%s\"kernel_initializer\":{\"class_name\":\"RandomNormal\","
                + "\"config\":{\"mean\":0,\"stddev\":1%s}}}}]%s}}";
        assertThat(ModelConfig.fromJson(String.format(base, "", "", "")).layers()).hasSize(1);
        assertThatThrownBy(() -> ModelConfig.fromJson(String.format(base, "\"activaton\":\"relu\",", "", "")))
                .isInstanceOf(InvalidConfigException.class).hasMessageContaining("config.layers[0].config.activaton (Dense)");
        assertThatThrownBy(() -> ModelConfig.fromJson(String.format(base, "", ",\"seeed\":1", "")))
                .hasMessageContaining("config.layers[0].config.kernel_initializer.config.seeed");
        assertThatThrownBy(() -> ModelConfig.fromJson(String.format(base, "", "", ",\"optimiser\":\"adam\"")))
                .hasMessageContaining("config.optimiser");
        assertThatThrownBy(() -> ModelConfig.fromJson(String.format(base, "\"units\":2.5,", "", "")))
                .hasMessageContaining("Duplicate field 'units'");
        assertThatThrownBy(() -> ModelConfig.fromJson(String.format(base.replace("\"units\":2,", "\"units\":2.5,"), "", "",
                ""))).hasMessageContaining("config.layers[0].config.units").hasMessageContaining("must be an integer");
        assertThatThrownBy(() -> ModelConfig.fromJson(String.format(base.replace("\"units\":2,", "\"units\":\"2\","), "", "",
                ""))).hasMessageContaining("must be an integer, got \"2\"");
        assertThatThrownBy(() -> ModelConfig.fromJson(String.format(base.replace("[3]", "[0]"), "", "", "")))
                .hasMessageContaining("input_shape").hasMessageContaining(">= 1");
    }
}
