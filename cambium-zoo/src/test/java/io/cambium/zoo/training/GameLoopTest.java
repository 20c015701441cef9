package io.cambium.zoo.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.cambium.Cambium;
import io.cambium.nn.layers.core.Dense;
import io.cambium.nn.optimizers.SGD;
import io.cambium.nn.training.History;
import io.cambium.tensor.Tensor;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The multi-model loop: alternating players, their own variables only, metrics per player. */
class GameLoopTest {
    @Test
    void twoPlayersTrainTheirOwnModelsAndReportPerPlayerMetrics() {
        Cambium.seed(3);
        // Player a regresses the targets with a dense map; player b learns to predict a's error.
        Dense a = new Dense(1);
        Dense b = new Dense(1);
        Player pa = new Player("a", a, new SGD(0.1));
        Player pb = new Player("b", b, new SGD(0.1));
        Tensor x = Tensor.normal(Cambium.rng(), 0f, 1f, 256, 3);
        Tensor y = x.matmul(Tensor.of(new float[] {1f, -2f, 0.5f}, 3, 1)).add(0.3f);
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        List<Long> steps = new ArrayList<>();
        History h = new GameLoop(pa, pb).epochs(3).batchSize(32).progress(new PrintStream(buf, true,
                StandardCharsets.UTF_8), false).fit(x, y, (bx, by, step) -> {
                    steps.add(step);
                    Tensor err = a.apply(bx, true).sub(by);
                    pa.step(err.square().mean());
                    // b sees a's error as a constant: a's variables get no gradient from b's step.
                    pb.step(b.apply(bx, true).sub(err.detach()).square().mean());
                    pb.record("abs_err", err.abs().mean().item());
                });
        assertThat(h.history().keySet()).containsExactly("a_loss", "b_loss", "b_abs_err");
        assertThat(h.get("a_loss")).hasSize(3);
        assertThat(h.last("a_loss")).isLessThan(h.get("a_loss").get(0) * 0.05);
        assertThat(steps).hasSize(24).startsWith(0L, 1L).endsWith(23L);
        String progress = buf.toString(StandardCharsets.UTF_8);
        assertThat(progress).contains("Epoch 3/3").contains("8/8").contains("a_loss: ").contains("b_abs_err: ");
        float[] w = a.kernel().value().data();
        assertThat(w[0]).isCloseTo(1f, within(0.05f));
        assertThat(w[1]).isCloseTo(-2f, within(0.05f));
    }

    @Test
    void aPlayerStepLeavesOtherModelsGradientsAlone() {
        Dense a = new Dense(2);
        Dense b = new Dense(1);
        Tensor x = Tensor.ones(4, 3);
        Tensor out = b.apply(a.apply(x, true), true).sum();
        b.kernel().value().setGrad(Tensor.full(7f, 2, 1));
        float[] before = a.kernel().value().toArray();
        new Player("a", a, new SGD(0.5)).step(out);
        assertThat(b.kernel().value().grad().toArray()).containsOnly(7f);
        assertThat(a.kernel().value().toArray()).isNotEqualTo(before);
    }

    @Test
    void evaluationMetricsAndStepsPerEpochAndErrors() {
        Dense a = new Dense(1);
        Player p = new Player("p", a, new SGD(0.01));
        int[] calls = {0};
        History h = new GameLoop(p).epochs(2).batchSize(10).stepsPerEpoch(2).progress(null, false)
                .evaluation(() -> java.util.Map.of("val_x", (double) ++calls[0]))
                .fit(Tensor.ones(100, 2), null, (bx, by, s) -> {
                    assertThat(by).isNull();
                    p.step(a.apply(bx, true).square().mean());
                });
        assertThat(h.get("val_x")).containsExactly(1.0, 2.0);
        assertThatThrownBy(() -> new GameLoop(p, new Player("p", new Dense(1), new SGD(0.1))))
                .hasMessageContaining("two players are named 'p'");
        assertThatThrownBy(() -> new GameLoop(p).batchSize(64).fit(Tensor.ones(10, 2), null, (bx, by, s) -> { }))
                .hasMessageContaining("10 samples make no batch of 64");
        assertThatThrownBy(() -> new GameLoop(p).fit(Tensor.ones(10, 2), Tensor.ones(9), (bx, by, s) -> { }))
                .hasMessageContaining("10 inputs but 9 labels");
    }
}
