package io.cambium.zoo.vision;

import static org.assertj.core.api.Assertions.assertThat;

import io.cambium.Cambium;
import io.cambium.nn.Input;
import io.cambium.nn.Layer;
import io.cambium.nn.Model;
import io.cambium.nn.Sequential;
import io.cambium.nn.Variable;
import io.cambium.nn.layers.core.Dense;
import io.cambium.nn.layers.pooling.GlobalAveragePooling2D;
import io.cambium.nn.losses.Losses;
import io.cambium.nn.optimizers.Adam;
import io.cambium.nn.training.FitConfig;
import io.cambium.tensor.Tensor;
import io.cambium.tensor.random.Rng;
import io.cambium.zoo.transfer.TransferLearning;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every zoo architecture, alone and as a nested functional backbone, saves and loads exactly:
 * the same predictions to the last bit, the same summary, the same variables and trainable flags.
 * The models are trained a little first, so that BatchNorm statistics and weights are not their
 * initial values.
 */
class RoundTripTest {
    @TempDir
    Path dir;

    @BeforeEach
    void reset() {
        Layer.resetNames();
    }

    private static Tensor images(int n, int h, int w, int c) {
        return Tensor.uniform(new Rng(3), 0, 1, n, h, w, c);
    }

    private void assertRoundTrip(Model model, Tensor x) throws Exception {
        int classes = model.predict(x.narrow(0, 0, 1)).dim(1);
        int[] y = new int[x.dim(0)];
        for (int i = 0; i < y.length; i++) {
            y[i] = i % classes;
        }
        model.compile(new Adam(1e-3), Losses.sparseCategoricalCrossentropy());
        model.fit(x, y, FitConfig.epochs(1).batchSize(4).quiet());
        Path file = dir.resolve(model.name() + ".cambium");
        model.save(file);
        Model loaded = Model.load(file);
        assertThat(loaded.predict(x).data()).as(model.name()).containsExactly(model.predict(x).data());
        assertThat(loaded.summaryString()).isEqualTo(model.summaryString());
        Map<String, Boolean> flags = new LinkedHashMap<>();
        for (Variable v : model.variables()) {
            flags.put(v.name(), v.trainable());
        }
        Map<String, Boolean> loadedFlags = new LinkedHashMap<>();
        for (Variable v : loaded.variables()) {
            loadedFlags.put(v.name(), v.trainable());
        }
        assertThat(loadedFlags).containsExactlyEntriesOf(flags);
        // Loaded models train on as the original does (the optimizer state came back too).
        loaded.fit(x, y, FitConfig.epochs(1).batchSize(4).shuffle(false).quiet());
    }

    @Test
    void everyArchitectureRoundTrips() throws Exception {
        Tensor small = images(8, 28, 28, 1);
        Tensor rgb = images(4, 32, 32, 3);
        Map<String, Supplier<Model>> models = new LinkedHashMap<>();
        models.put("resnet8", () -> ResNet.small(8).width(8).build());
        models.put("plain14", () -> ResNet.small(14).width(4).shortcuts(ResNet.Shortcut.NONE).build());
        models.put("resnet8c", () -> ResNet.small(8).width(4).shortcuts(ResNet.Shortcut.PROJECTION_ALWAYS)
                .batchNorm(false).build());
        models.put("mobilenet", () -> MobileNetV2.small().alpha(0.35).build());
        models.put("vgg", () -> Vgg.small().build());
        models.put("lenet", () -> new LeNet().build());
        for (Map.Entry<String, Supplier<Model>> e : models.entrySet()) {
            Layer.resetNames();
            Cambium.seed(11);
            assertRoundTrip(e.getValue().get(), small);
        }
        // The ImageNet layouts at 32x32 and reduced widths: stems, bottlenecks, correct_pad.
        Layer.resetNames();
        Cambium.seed(12);
        assertRoundTrip(ResNet.resnet50().width(4).inputShape(32, 32, 3).classes(3).build(), rgb);
        Layer.resetNames();
        assertRoundTrip(ResNet.resnet18().width(4).inputShape(32, 32, 3).classes(3).build(), rgb);
        Layer.resetNames();
        assertRoundTrip(new MobileNetV2().alpha(0.35).inputShape(32, 32, 3).classes(3).build(), rgb);
    }

    @Test
    void nestedFunctionalBackbonesRoundTrip() throws Exception {
        Tensor x = images(8, 28, 28, 1);
        Cambium.seed(13);
        // A Sequential whose first layer is a functional backbone (Keras's transfer-learning idiom).
        Model backbone = ResNet.small(8).width(8).includeTop(false).build();
        Sequential seq = new Sequential(backbone, new GlobalAveragePooling2D(), new Dense(4).activation("softmax"));
        assertRoundTrip(seq, x);

        // The backbone applied as a layer of a functional model, with a second head on the pooled features.
        Layer.resetNames();
        Cambium.seed(14);
        Model mb = MobileNetV2.small().alpha(0.35).includeTop(false).pooling("avg").build();
        var in = Input.shape(28, 28, 1);
        var features = mb.apply(in);
        var out = new Dense(10).activation("softmax").name("classes").apply(features);
        assertRoundTrip(new Model(List.of(in), List.of(out), "functional_with_backbone"), x);

        // The transfer recipe's model after unfreezing the last stage: frozen flags survive the file.
        Layer.resetNames();
        Cambium.seed(15);
        Sequential transfer = TransferLearning.featureExtractor(ResNet.small(8).width(8).includeTop(false).build(), 3, 0.2);
        TransferLearning.unfreezeTop(transfer, "conv4_block1_1_conv");
        assertThat(transfer.trainableVariables()).extracting(Variable::name).contains("conv4_block1_1_conv/kernel")
                .doesNotContain("conv2_block1_1_conv/kernel", "conv4_block1_1_bn/gamma");
        assertRoundTrip(transfer, x);
    }
}
