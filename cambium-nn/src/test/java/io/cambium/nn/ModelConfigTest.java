package io.cambium.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cambium.Cambium;
import io.cambium.nn.layers.core.Dense;
import io.cambium.nn.layers.core.Dropout;
import io.cambium.nn.layers.core.Flatten;
import io.cambium.nn.layers.merge.Add;
import io.cambium.nn.layers.merge.Concatenate;
import io.cambium.tensor.Tensor;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ModelConfigTest {
    @BeforeEach
    void reset() {
        Layer.resetNames();
        Cambium.seed(2);
    }

    private static void assertSamePredictions(Model a, Model b, Tensor... x) {
        b.setWeights(a.getWeights());
        List<Tensor> pa = a.applyAll(List.of(x), false);
        List<Tensor> pb = b.applyAll(List.of(x), false);
        for (int i = 0; i < pa.size(); i++) {
            assertThat(pb.get(i).data()).containsExactly(pa.get(i).data());
        }
    }

    @Test
    void sequentialRoundTrips() {
        var model = new Sequential(new Flatten().inputShape(3, 4), new Dense(8).activation("linear"), new Dropout(0.2),
                new Dense(2).useBias(false));
        String json = ModelConfig.toJson(model);
        Model copy = ModelConfig.fromJson(json);
        assertThat(copy).isInstanceOf(Sequential.class);
        assertThat(ModelConfig.toJson(copy)).isEqualTo(json);
        assertThat(copy.summaryString()).isEqualTo(model.summaryString());
        assertSamePredictions(model, copy, Tensor.randn(5, 3, 4));
    }

    @Test
    void functionalWithSharedLayersNestedFrozenModelAndTwoOutputsRoundTrips() {
        var backbone = new Sequential(new Dense(6).inputShape(4), new Dense(4));
        backbone.trainable(false);
        var a = Input.shape(4);
        var b = Input.shape(4);
        var shared = new Dense(4);
        var fa = shared.apply(backbone.apply(a));
        var fb = shared.apply(b);
        var sum = new Add().apply(fa, fb);
        var cat = new Concatenate().apply(sum, fa);
        var out1 = new Dense(1).apply(cat);
        var out2 = new Dense(3).apply(sum);
        var model = new Model(List.of(a, b), List.of(out1, out2));
        String json = ModelConfig.toJson(model);
        Model copy = ModelConfig.fromJson(json);
        assertThat(ModelConfig.toJson(copy)).isEqualTo(json);
        assertThat(copy.countParams()).isEqualTo(model.countParams());
        assertThat(copy.trainableVariables()).hasSameSizeAs(model.trainableVariables());
        assertThat(copy.summaryString()).isEqualTo(model.summaryString());
        assertSamePredictions(model, copy, Tensor.randn(3, 4), Tensor.randn(3, 4));
    }

    @Test
    void subclassedModelsAndBadJsonGiveClearErrors() {
        Model sub = new Model() {
            private final Dense d = new Dense(1);

            @Override
            public Tensor call(Tensor x, boolean training) {
                return d.apply(x, training);
            }
        };
        assertThatThrownBy(() -> ModelConfig.toJson(sub)).hasMessageContaining("subclassed model");
        assertThatThrownBy(() -> ModelConfig.fromJson("{not json")).hasMessageContaining("invalid JSON");
        assertThatThrownBy(() -> ModelConfig.fromJson("{\"class_name\":\"Sequential\",\"config\":{\"name\":\"s\","
                + "\"layers\":[{\"class_name\":\"Nope\",\"config\":{}}]}}")).hasMessageContaining("unknown layer class 'Nope'");
    }
}
