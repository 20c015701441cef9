package io.cambium.nn.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cambium.nn.Variable;
import io.cambium.nn.optimizers.Adam;
import io.cambium.nn.optimizers.BaseOptimizer;
import io.cambium.nn.optimizers.Optimizers;
import io.cambium.tensor.Tensor;
import io.cambium.tensor.random.Rng;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelFileTest {
    private static final String ARCH = "{\"class_name\":\"Sequential\",\"config\":{\"layers\":[{\"class_name\":\"Dense\"}]}}";

    @TempDir
    Path dir;

    private static List<Variable> model(long seed) {
        Rng r = new Rng(seed);
        return List.of(new Variable("dense/kernel", Tensor.normal(r, 0, 1, 5, 3), true),
                new Variable("dense/bias", Tensor.normal(r, 0, 1, 3), true),
                new Variable("bn/moving_mean", Tensor.normal(r, 0, 1, 3), false));
    }

    private static Map<String, Tensor> weights(List<Variable> vs) {
        Map<String, Tensor> m = new LinkedHashMap<>();
        for (Variable v : vs) {
            m.put(v.name(), v.value());
        }
        return m;
    }

    private static void train(List<Variable> vs, BaseOptimizer<?> opt, Rng data, int steps) {
        for (int i = 0; i < steps; i++) {
            for (Variable v : vs) {
                if (v.trainable()) {
                    v.value().setGrad(Tensor.normal(data, 0, 1, v.shape()));
                }
            }
            opt.step(vs);
        }
    }

    @Test
    void checkpointRoundTripResumesTheSameRun() throws IOException {
        List<Variable> vs = model(1);
        Adam adam = new Adam(0.01).clipNorm(1.0);
        Rng data = new Rng(5);
        train(vs, adam, data, 3);
        Path p = dir.resolve("model.cambium");
        ModelFile.save(p, new ModelArchive(ARCH, weights(vs), adam.config(), adam.state(),
                new TrainingState(2, 3, data.state(), Map.of("best_val_loss", 0.25))));

        ModelArchive back = ModelFile.load(p);
        assertThat(back.architecture()).isEqualTo(ARCH);
        assertThat(back.training().epoch()).isEqualTo(2);
        assertThat(back.training().step()).isEqualTo(3);
        assertThat(back.training().extra()).containsEntry("best_val_loss", 0.25);
        List<Variable> restored = model(99);
        Weights.assign(p, back.weights(), restored);
        BaseOptimizer<?> opt2 = (BaseOptimizer<?>) Optimizers.fromConfig(back.optimizerConfig());
        opt2.loadState(back.optimizerState());
        Rng data2 = new Rng(0);
        data2.setState(back.training().rngState());

        train(vs, adam, data, 4);
        train(restored, opt2, data2, 4);
        for (int i = 0; i < vs.size(); i++) {
            assertThat(restored.get(i).value().data()).containsExactly(vs.get(i).value().data());
        }
        assertThat(opt2.iterations()).isEqualTo(7);
    }

    @Test
    void weightsOnlyFilesLoadAllOrNothing() throws IOException {
        List<Variable> vs = model(1);
        Path p = dir.resolve("w.safetensors");
        Weights.save(p, vs);
        List<Variable> other = model(2);
        Weights.load(p, other);
        for (int i = 0; i < vs.size(); i++) {
            assertThat(other.get(i).value().data()).containsExactly(vs.get(i).value().data());
        }
        // A model whose second variable has another shape: nothing may change.
        Rng r = new Rng(3);
        List<Variable> wrong = List.of(new Variable("dense/kernel", Tensor.normal(r, 0, 1, 5, 3), true),
                new Variable("dense/bias", Tensor.normal(r, 0, 1, 4), true),
                new Variable("extra", Tensor.zeros(2), true));
        float[] before = wrong.get(0).value().data().clone();
        assertThatThrownBy(() -> Weights.load(p, wrong)).isInstanceOf(InvalidFileException.class)
                .hasMessageContaining("w.safetensors")
                .hasMessageContaining("weight 'dense/bias' has shape (3,), the model expects (4,)")
                .hasMessageContaining("missing weight 'extra'")
                .hasMessageContaining("unexpected weight 'bn/moving_mean'");
        assertThat(wrong.get(0).value().data()).containsExactly(before);
        // The weights of a model file load the same way.
        Path m = dir.resolve("m.cambium");
        ModelFile.save(m, ModelArchive.of(ARCH, weights(vs)));
        List<Variable> third = model(4);
        Weights.load(m, third);
        assertThat(third.get(1).value().data()).containsExactly(vs.get(1).value().data());
    }

    @Test
    void rejectsFilesThatAreNotValidModelFiles() throws IOException {
        Path plain = dir.resolve("plain.safetensors");
        SafeTensors.write(plain, Map.of("x", Tensor.ones(2)));
        assertThatThrownBy(() -> ModelFile.load(plain)).hasMessageContaining("plain.safetensors")
                .hasMessageContaining("not a Cambium model file");
        Path future = dir.resolve("future.cambium");
        SafeTensors.write(future, Map.of(), Map.of("format", ModelFile.FORMAT, "format_version", "7"));
        assertThatThrownBy(() -> ModelFile.load(future)).hasMessageContaining("format_version 7 is not supported");
        Path badTraining = dir.resolve("bad.cambium");
        SafeTensors.write(badTraining, Map.of(), Map.of("format", ModelFile.FORMAT, "format_version", "1",
                "training", "{\"epoch\":-1,\"step\":0}"));
        assertThatThrownBy(() -> ModelFile.load(badTraining)).hasMessageContaining("training 'epoch' must be a non-negative");
        Path badArch = dir.resolve("arch.cambium");
        SafeTensors.write(badArch, Map.of(), Map.of("format", ModelFile.FORMAT, "format_version", "1",
                "architecture", "{\"layers\": ["));
        assertThatThrownBy(() -> ModelFile.load(badArch)).hasMessageContaining("architecture metadata is not valid JSON");
        Path stray = dir.resolve("stray.cambium");
        SafeTensors.write(stray, Map.of("loose", Tensor.ones(1)), Map.of("format", ModelFile.FORMAT, "format_version", "1"));
        assertThatThrownBy(() -> ModelFile.load(stray)).hasMessageContaining("unexpected tensor 'loose'");
        assertThatThrownBy(() -> ModelFile.save(dir.resolve("x"), ModelArchive.of("{nope", Map.of())))
                .hasMessageContaining("architecture is not valid JSON");
    }

    @Test
    void truncatedModelFileIsRejected() throws IOException {
        Path p = dir.resolve("t.cambium");
        ModelFile.save(p, ModelArchive.of(ARCH, weights(model(1))));
        byte[] b = Files.readAllBytes(p);
        Files.write(p, java.util.Arrays.copyOf(b, b.length - 1));
        assertThatThrownBy(() -> ModelFile.load(p)).isInstanceOf(InvalidFileException.class)
                .hasMessageContaining("t.cambium").hasMessageContaining("out of range");
    }

    @Test
    void anInterruptedSaveLeavesThePreviousFileIntact() throws IOException {
        Path p = dir.resolve("ckpt.cambium");
        List<Variable> vs = model(1);
        ModelFile.save(p, ModelArchive.of(ARCH, weights(vs)));
        byte[] before = Files.readAllBytes(p);
        // An interrupt closes the channel on the first write: the save dies mid-way.
        Thread.currentThread().interrupt();
        try {
            assertThatThrownBy(() -> ModelFile.save(p, ModelArchive.of(ARCH, weights(model(2)))))
                    .isInstanceOf(java.nio.channels.ClosedByInterruptException.class);
        } finally {
            Thread.interrupted();
        }
        assertThat(Files.readAllBytes(p)).isEqualTo(before);
        try (var files = Files.list(dir)) {
            assertThat(files.map(x -> x.getFileName().toString())).containsExactly("ckpt.cambium");
        }
        assertThat(ModelFile.load(p).weights().get("dense/kernel").data()).containsExactly(vs.get(0).value().data());
    }
}
