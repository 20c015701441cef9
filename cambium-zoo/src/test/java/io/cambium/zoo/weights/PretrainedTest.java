package io.cambium.zoo.weights;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cambium.Cambium;
import io.cambium.data.loaders.FashionMnist;
import io.cambium.nn.Layer;
import io.cambium.nn.Model;
import io.cambium.nn.io.InvalidFileException;
import io.cambium.zoo.training.LabelledImages;
import io.cambium.zoo.vision.LeNet;
import io.cambium.zoo.vision.ResNet;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The registry's promises: a recipe makes the same file twice (so its SHA-256 identifies it),
 * loading checks the checksum, the architecture and the classes and says what is wrong, a model
 * without its top takes the backbone's weights only, and the shipped weights are what the registry
 * says (checksum, architecture, accuracy on real test images).
 */
class PretrainedTest {
    @TempDir
    Path home;

    private FashionMnist.Data tiny;

    @BeforeEach
    void setUp() {
        System.setProperty("cambium.home", home.toString());
        Layer.resetNames();
        FashionMnist.Data e = FashionMnist.loadEmbedded();
        tiny = new FashionMnist.Data(e.xTrain().narrow(0, 0, 256), e.yTrain().narrow(0, 0, 256),
                e.xTest().narrow(0, 0, 64), e.yTest().narrow(0, 0, 64), "embedded subset (first 256)", true);
    }

    @AfterEach
    void tearDown() {
        System.clearProperty("cambium.home");
    }

    private static WeightsRecipe lenetRecipe() {
        return new WeightsRecipe("test-lenet", LeNet::new, null, 1, 7);
    }

    @Test
    void aRecipeMakesTheSameFileTwice() throws Exception {
        WeightsRecipe r = lenetRecipe();
        WeightsRecipe.Made a = r.run(tiny, home.resolve("a.safetensors"), null);
        Layer.resetNames();
        WeightsRecipe.Made b = r.run(tiny, home.resolve("b.safetensors"), null);
        assertThat(b.sha256()).isEqualTo(a.sha256()).hasSize(64);
        assertThat(Files.readAllBytes(b.file())).isEqualTo(Files.readAllBytes(a.file()));
        assertThat(a.training().history().get("loss")).hasSize(1);
    }

    @Test
    void loadingChecksChecksumArchitectureAndClasses() throws Exception {
        WeightsRecipe r = lenetRecipe();
        Path file = WeightCache.file(r.name());
        assertThat(file).isEqualTo(home.resolve("weights").resolve("test-lenet.safetensors"));
        WeightsRecipe.Made made = r.run(tiny, file, null);
        Pretrained p = new Pretrained(r, made.training().testAccuracy(), made.sha256());

        // The weights go into a model built for them, and it predicts as the trained one did.
        Layer.resetNames();
        Model m = new LeNet().build();
        p.loadInto(m, new LeNet().architecture(), true);
        assertThat(LabelledImages.of(tiny.xTest(), tiny.yTest()).accuracyOf(m))
                .isEqualTo(made.training().testAccuracy(), org.assertj.core.data.Offset.offset(1e-6));

        // Another architecture.
        Layer.resetNames();
        assertThatThrownBy(() -> p.loadInto(ResNet.small(8).build(), ResNet.small(8).architecture(), true))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("pretrained weights 'test-lenet' are for LeNet-5, the model is ResNet-8");

        // Another number of classes: the classifier's weight is named, with the way out.
        Layer.resetNames();
        Model five = new LeNet().classes(5).build();
        assertThatThrownBy(() -> p.loadInto(five, "LeNet-5", true))
                .hasMessageContaining("'predictions/kernel' has shape (84, 10) in the file, the model's is (84, 5)")
                .hasMessageContaining("includeTop(false)");

        // Without the top, only the backbone's weights are loaded: the features are the trained model's.
        Layer.resetNames();
        Model noTop = new LeNet().includeTop(false).build();
        p.loadInto(noTop, "LeNet-5", false);
        Model cut = new Model(m.inputs(), List.of(m.getLayer("s4").output()));
        assertThat(noTop.predict(tiny.xTest()).data()).containsExactly(cut.predict(tiny.xTest()).data());

        // A corrupt cached file: the two digests are named, and nothing is loaded.
        byte[] bytes = Files.readAllBytes(file);
        bytes[bytes.length - 1] ^= 1;
        Files.write(file, bytes);
        assertThatThrownBy(p::path).isInstanceOf(InvalidFileException.class)
                .hasMessageContaining("the registry expects " + made.sha256())
                .hasMessageContaining("./cambium vision pretrain test-lenet");

        // Weights neither cached nor shipped: the message gives the command.
        Files.delete(file);
        assertThatThrownBy(p::path).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("not shipped with cambium-zoo: train them with: ./cambium vision pretrain test-lenet");
        assertThatThrownBy(() -> Pretrained.get("nope")).hasMessageContaining("no pretrained weights named 'nope'");
    }

    @Test
    void shippedWeightsAreTheRegistrysAndReachTheirAccuracy() throws Exception {
        assertThat(Pretrained.all()).isNotEmpty();
        FashionMnist.Data e = FashionMnist.loadEmbedded();   // 500 real test images
        LabelledImages test = LabelledImages.of(e.xTest(), e.yTest());
        for (Pretrained p : Pretrained.all()) {
            assertThat(p.shipped()).as(p.name()).isTrue();
            Path file = p.path();   // copies the resource into the cache, checking the SHA-256
            assertThat(Pretrained.sha256(Files.readAllBytes(file))).isEqualTo(p.sha256());
            Layer.resetNames();
            Cambium.seed(1);
            Model m = p.recipe().builder().get().weights(p.name()).build();
            LabelledImages t = p.recipe().classes() == null ? test : test.ofClasses(p.recipe().classes());
            double acc = t.accuracyOf(m);
            // The registry's accuracy is on the 10,000 test images; these 500 (or their subset) are a sample of them.
            assertThat(acc).as(p.name()).isGreaterThan(p.accuracy() - 0.04);
        }
    }

    @Test
    void cacheDirectoryFollowsCambiumHome() {
        assertThat(WeightCache.dir()).isEqualTo(home.resolve("weights"));
        System.clearProperty("cambium.home");
        String env = System.getenv("CAMBIUM_HOME");
        Path expected = env != null && !env.isBlank() ? Path.of(env, "weights")
                : Path.of(System.getProperty("user.home"), ".cache", "cambium", "weights");
        assertThat(WeightCache.dir()).isEqualTo(expected);
    }
}
