package io.cambium.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cambium.Cambium;
import io.cambium.nn.callbacks.ModelCheckpoint;
import io.cambium.nn.io.InvalidFileException;
import io.cambium.nn.layers.core.Dense;
import io.cambium.nn.layers.core.Dropout;
import io.cambium.nn.losses.Losses;
import io.cambium.nn.metrics.Metrics;
import io.cambium.nn.optimizers.Adam;
import io.cambium.nn.training.FitConfig;
import io.cambium.tensor.Tensor;
import io.cambium.tensor.random.Rng;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SaveLoadTest {
    @TempDir
    Path dir;

    private final Rng data = new Rng(77);
    private final Tensor x = Tensor.normal(data, 0, 1, 96, 3);
    private final Tensor y = x.sum(1, true);

    @BeforeEach
    void reset() {
        Layer.resetNames();
    }

    private static Sequential build() {
        return new Sequential(new Dense(16).activation("relu").inputShape(3), new Dropout(0.3), new Dense(1));
    }

    /** A loss the file cannot re-create. */
    private static io.cambium.nn.losses.Loss customLoss() {
        return new io.cambium.nn.losses.Loss(io.cambium.nn.losses.Loss.Reduction.SUM_OVER_BATCH_SIZE) {
            @Override
            public String name() {
                return "my_squared_error";
            }

            @Override
            public Tensor perSample(Tensor yTrue, Tensor yPred) {
                return yPred.sub(yTrue).square().mean(-1, false);
            }
        };
    }

    @Test
    void loadedModelPredictsIdentically() throws Exception {
        Cambium.seed(1);
        var model = build();
        model.compile(new Adam(1e-2), customLoss());
        model.fit(x, y, FitConfig.epochs(1).quiet());
        Path file = dir.resolve("m.cambium");
        model.save(file);
        Model loaded = Model.load(file);
        assertThat(loaded.predict(x).data()).containsExactly(model.predict(x).data());
        assertThat(loaded.summaryString()).isEqualTo(model.summaryString());
        assertThat(loaded.completedEpochs()).isEqualTo(1);
        assertThat(loaded.restoredOptimizer().iterations()).isEqualTo(3);
        assertThat(loaded.isCompiled()).isFalse(); // a custom (test) loss cannot be re-created
    }

    @Test
    void modelCompiledWithBuiltInsComesBackCompiled() throws Exception {
        Cambium.seed(8);
        var model = build();
        model.compile(new Adam(1e-2), Losses.meanSquaredError(), Metrics.meanAbsoluteError());
        model.fit(x, y, FitConfig.epochs(1).quiet());
        Path file = dir.resolve("c.cambium");
        model.save(file);
        Model loaded = Model.load(file);
        assertThat(loaded.isCompiled()).isTrue();
        assertThat(loaded.evaluate(x, y)).isEqualTo(model.evaluate(x, y));
        assertThat(loaded.evaluate(x, y)).containsKeys("loss", "mean_absolute_error");
    }

    @Test
    void twoEpochsSavedLoadedAndTwoMoreEqualFourStraight() throws Exception {
        Cambium.seed(5);
        var straight = build();
        straight.compile(new Adam(1e-2), io.cambium.nn.losses.Losses.meanSquaredError());
        straight.fit(x, y, FitConfig.epochs(4).batchSize(16).quiet());

        Cambium.seed(5);
        var first = build();
        first.compile(new Adam(1e-2), io.cambium.nn.losses.Losses.meanSquaredError());
        first.fit(x, y, FitConfig.epochs(2).batchSize(16).quiet());
        Path file = dir.resolve("ckpt.cambium");
        first.save(file);
        Cambium.seed(12345); // a different stream: loading must restore the saved one
        Model resumed = Model.load(file);
        resumed.compile(resumed.restoredOptimizer(), io.cambium.nn.losses.Losses.meanSquaredError());
        resumed.fit(x, y, FitConfig.epochs(4).initialEpoch(resumed.completedEpochs()).batchSize(16).quiet());

        List<Tensor> a = straight.getWeights();
        List<Tensor> b = resumed.getWeights();
        for (int i = 0; i < a.size(); i++) {
            assertThat(b.get(i).data()).containsExactly(a.get(i).data());
        }
        assertThat(resumed.completedEpochs()).isEqualTo(4);
    }

    @Test
    void weightsLoadByNameOrByPositionIntoAFreshModel() throws Exception {
        Cambium.seed(2);
        var model = build();
        Path file = dir.resolve("w.safetensors");
        model.saveWeights(file);
        var other = build(); // new default names: dense_2, dense_3
        other.loadWeights(file);
        assertThat(other.predict(x).data()).containsExactly(model.predict(x).data());
        var wrong = new Sequential(new Dense(8).inputShape(3), new Dense(1));
        assertThatThrownBy(() -> wrong.loadWeights(file)).isInstanceOf(InvalidFileException.class)
                .hasMessageContaining("w.safetensors").hasMessageContaining("shape");
        List<Tensor> before = wrong.getWeights();
        for (int i = 0; i < before.size(); i++) {
            assertThat(wrong.getWeights().get(i).data()).containsExactly(before.get(i).data());
        }
    }

    @Test
    void corruptFileFailsClearly() throws Exception {
        Cambium.seed(3);
        var model = build();
        Path file = dir.resolve("m.cambium");
        model.save(file);
        byte[] bytes = Files.readAllBytes(file);
        Files.write(file, java.util.Arrays.copyOf(bytes, bytes.length - 10));
        assertThatThrownBy(() -> Model.load(file)).isInstanceOf(InvalidFileException.class)
                .hasMessageContaining("m.cambium");
    }

    @Test
    void checkpointSavesTheBestEpochOnly() throws Exception {
        Cambium.seed(4);
        var model = build();
        model.compile(new Adam(1e-2), io.cambium.nn.losses.Losses.meanSquaredError());
        var ckpt = new ModelCheckpoint(dir.resolve("best-{epoch:02d}.cambium").toString()).monitor("loss")
                .saveBestOnly(true);
        var h = model.fit(x, y, FitConfig.epochs(3).callbacks(ckpt).quiet());
        assertThat(h.get("loss").get(2)).isLessThan(h.get("loss").get(1));
        assertThat(ckpt.lastSaved().getFileName().toString()).isEqualTo("best-03.cambium");
        assertThat(Files.exists(dir.resolve("best-01.cambium"))).isTrue();
        assertThat(Model.load(ckpt.lastSaved()).predict(x).data()).containsExactly(model.predict(x).data());
    }
}
