package io.cambium.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.cambium.Cambium;
import io.cambium.nn.Model;
import io.cambium.nn.Variable;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** W7's network carries PyTorch's default initialization, drawn from a fixed seed. */
class FashionInitTest {
    /** The fan-in of each weight's layer, as PyTorch computes it (in·kh·kw, in). */
    private static final Map<String, Integer> FAN_IN = Map.of(
            "kernel 0", 9, "bias 0", 9, "kernel 1", 288, "bias 1", 288,
            "kernel 2", 3136, "bias 2", 3136, "kernel 3", 128, "bias 3", 128);

    @Test
    void everyWeightIsUniformWithinOneOverRootFanIn() {
        List<Variable> vars = FashionWorkload.seededCnn().trainableVariables();
        assertThat(vars).hasSize(8);
        for (int i = 0; i < vars.size(); i++) {
            Variable v = vars.get(i);
            String kind = v.name().endsWith("kernel") ? "kernel" : "bias";
            assertThat(v.name()).endsWith(i % 2 == 0 ? "kernel" : "bias");
            double bound = 1 / Math.sqrt(FAN_IN.get(kind + " " + i / 2));
            float[] d = v.value().data();
            double max = 0;
            double sumSq = 0;
            for (float x : d) {
                max = Math.max(max, Math.abs(x));
                sumSq += (double) x * x;
            }
            assertThat(max).as(v.name()).isLessThanOrEqualTo(bound);
            if (d.length >= 32) {
                // U(-b, b): the largest of n samples is near b; the variance is b²/3 (keras's Glorot
                // bound for these layers is 0.43x-2.4x this one, zero biases fail both checks).
                assertThat(max).as(v.name()).isGreaterThan(0.85 * bound);
                double tol = d.length >= 1000 ? 0.1 : 0.45;
                assertThat(sumSq / d.length / (bound * bound / 3)).as(v.name()).isBetween(1 - tol, 1 + tol);
            }
        }
    }

    @Test
    void theSeedFixesTheWeightsAndLeavesTheGlobalGeneratorAlone() {
        Cambium.seed(123);
        long[] before = Cambium.rng().state();
        Model a = FashionWorkload.seededCnn();
        assertThat(Cambium.rng().state()).isEqualTo(before);
        Cambium.rng().nextLong();
        Model b = FashionWorkload.seededCnn();
        List<Variable> va = a.trainableVariables();
        List<Variable> vb = b.trainableVariables();
        for (int i = 0; i < va.size(); i++) {
            assertThat(vb.get(i).value().data()).isEqualTo(va.get(i).value().data());
        }
    }
}
