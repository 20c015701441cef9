package io.cambium.nn;

import static org.assertj.core.api.Assertions.assertThat;

import io.cambium.nn.layers.core.Dense;
import io.cambium.nn.layers.core.Dropout;
import io.cambium.nn.layers.core.Flatten;
import io.cambium.nn.layers.merge.Concatenate;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SummaryTest {
    @BeforeEach
    void reset() {
        Layer.resetNames();
    }

    @Test
    void question1ModelHasKerasParameterCounts() {
        var model = new Sequential(
                new Dense(128).activation("relu").inputShape(784),
                new Dense(10));
        String s = model.summaryString();
        assertThat(model.countParams()).isEqualTo(101_770);
        assertThat(s).contains("Model: \"sequential\"")
                .contains("dense (Dense)").contains("(None, 128)").contains("100480")
                .contains("dense_1 (Dense)").contains("(None, 10)").contains("1290")
                .contains("Total params: 101,770")
                .contains("Trainable params: 101,770")
                .contains("Non-trainable params: 0")
                // 2*784*128 + 128 and 2*128*10 + 10
                .contains("200,832").contains("2,570").contains("Total FLOPs (forward, per sample): 203,402");
    }

    @Test
    void threeLayerMlpAndFrozenLayersCountAsNonTrainable() {
        var first = new Dense(64).inputShape(784);
        var model = new Sequential(first, new Dense(64), new Dropout(0.5), new Dense(10));
        first.trainable(false);
        assertThat(model.countParams()).isEqualTo(50_240 + 4_160 + 650);
        String s = model.summaryString();
        assertThat(s).contains("Total params: 55,050").contains("Trainable params: 4,810")
                .contains("Non-trainable params: 50,240").contains("dropout (Dropout)");
    }

    @Test
    void denseOnSequencesAndFlattenShapes() {
        var model = new Sequential(new Flatten().inputShape(28, 28, 1), new Dense(32));
        assertThat(model.summaryString()).contains("(None, 784)").contains("(None, 32)").contains("25120");
        var seq = new Sequential(new Dense(8).inputShape(5, 16));
        assertThat(seq.summaryString()).contains("(None, 5, 8)").contains("136");
    }

    @Test
    void sequentialWithoutInputShapeIsBuiltByItsFirstCall() {
        var model = new Sequential(new Dense(4), new Dense(2));
        org.assertj.core.api.Assertions.assertThatThrownBy(model::summaryString).hasMessageContaining("not built yet");
        model.apply(io.cambium.tensor.Tensor.zeros(3, 5));
        assertThat(model.summaryString()).contains("(None, 4)").contains("(None, 2)").contains("Total params: 34");
        var started = new Sequential().input(5).add(new Dense(4));
        assertThat(started.summaryString()).contains("Total params: 24");
    }

    @Test
    void functionalSummaryHasConnectedTo() {
        var a = Input.shape(4);
        var b = Input.shape(6);
        var shared = new Dense(3);
        var x = new Concatenate().apply(shared.apply(a), new Dense(3).apply(b));
        var out = new Dense(1).apply(x);
        var model = new Model(java.util.List.of(a, b), java.util.List.of(out));
        String s = model.summaryString();
        assertThat(s).contains("Model: \"model\"").contains("input_1 (InputLayer)").contains("[(None, 4)]")
                .contains("Connected to").contains("input_1[0][0]").contains("dense[0][0]").contains("dense_1[0][0]")
                .contains("concatenate (Concatenate)").contains("(None, 6)")
                .contains("Total params: " + (15 + 21 + 7));
    }
}
