package io.cambium.nn;

import static org.assertj.core.api.Assertions.assertThat;

import io.cambium.nn.layers.core.Dense;
import io.cambium.nn.layers.core.Flatten;
import io.cambium.tensor.Tensor;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A built Sequential, loaded or not, tells its input shape, as Keras's {@code model.inputs}. */
class SequentialInputsTest {
    @TempDir
    Path dir;

    @Test
    void inputsOfBuiltAndLoadedSequentials() throws Exception {
        Sequential declared = new Sequential(new Flatten().inputShape(4, 4, 1), new Dense(3));
        assertThat(declared.inputs()).hasSize(1);
        assertThat(declared.inputs().get(0).shape()).containsExactly(-1, 4, 4, 1);
        Sequential withInput = new Sequential().input(5);
        withInput.add(new Dense(2));
        assertThat(withInput.inputs().get(0).shape()).containsExactly(-1, 5);
        Sequential lazy = new Sequential(new Dense(2));
        assertThat(lazy.inputs()).as("no input shape before the first call").isNull();
        lazy.predict(Tensor.zeros(3, 7));
        assertThat(lazy.inputs().get(0).shape()).containsExactly(-1, 7);
        for (Sequential s : new Sequential[] {declared, withInput}) {
            Path p = dir.resolve(s.name() + ".cambium");
            s.save(p);
            Model loaded = Model.load(p);
            assertThat(loaded.inputs()).as("loaded " + s.name()).hasSize(1);
            assertThat(loaded.inputs().get(0).shape()).isEqualTo(s.inputs().get(0).shape());
            // Describing the input adds no layer and changes no config.
            assertThat(ModelConfig.toJson(loaded)).isEqualTo(ModelConfig.toJson(s));
        }
    }
}
