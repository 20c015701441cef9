package io.cambium.nn.layers.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.cambium.Cambium;
import io.cambium.nn.Model;
import io.cambium.nn.Sequential;
import io.cambium.nn.Variable;
import io.cambium.nn.losses.Losses;
import io.cambium.tensor.Tensor;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A checkpointed block trains exactly as the plain one and saves as a wrapper. */
class CheckpointedTest {
    private static Sequential block() {
        return new Sequential(new Dense(16).activation("gelu"), new Dropout(0.2), new Dense(16).activation("tanh"));
    }

    @Test
    void sameLossAndGradientsAsWithoutCheckpointing(@TempDir Path dir) throws Exception {
        Cambium.seed(1);
        Sequential inner = block();
        Sequential plain = new Sequential(new Dense(16).inputShape(8), inner, new Dense(3));
        Sequential ck = new Sequential(plain.layers().get(0), new Checkpointed(inner), plain.layers().get(2));
        ck.build(new int[] {-1, 8});
        Tensor x = Tensor.rand(5, 8);
        Tensor y = Tensor.of(new int[] {0, 1, 2, 1, 0});
        List<Variable> vars = plain.trainableVariables();
        assertThat(ck.trainableVariables()).containsExactlyElementsOf(vars);

        Cambium.seed(9);
        Tensor l1 = Losses.sparseCategoricalCrossentropy(true).call(y, plain.call(x, true));
        l1.backward();
        float[][] g1 = new float[vars.size()][];
        for (int i = 0; i < g1.length; i++) {
            g1[i] = vars.get(i).grad().data().clone();
            vars.get(i).value().zeroGrad();
        }
        Cambium.seed(9);
        Tensor l2 = Losses.sparseCategoricalCrossentropy(true).call(y, ck.call(x, true));
        l2.backward();
        assertThat(l2.item()).isEqualTo(l1.item());
        for (int i = 0; i < g1.length; i++) {
            assertThat(vars.get(i).grad().data()).as(vars.get(i).name()).containsExactly(g1[i]);
        }
        ck.save(dir.resolve("ck.cambium"));
        Model back = Model.load(dir.resolve("ck.cambium"));
        assertThat(back.layers().get(1)).isInstanceOf(Checkpointed.class);
        assertThat(back.predict(x).data()).containsExactly(ck.predict(x).data());
    }
}
