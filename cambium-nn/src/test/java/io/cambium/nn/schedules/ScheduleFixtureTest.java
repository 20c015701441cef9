package io.cambium.nn.schedules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cambium.testing.Fixtures;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Learning rate schedules against torch.optim.lr_scheduler values and Keras's formulas. */
class ScheduleFixtureTest {
    private static final Fixtures FIX = Fixtures.load("optimizers.json");

    private static void check(String name, LearningRateSchedule s) {
        Fixtures.Case c = FIX.get(name);
        JsonNode values = c.attr("values");
        assertThat(values.size()).isGreaterThan(5);
        for (int t = 0; t < values.size(); t++) {
            double expected = values.get(t).asDouble();
            assertThat(s.learningRate(t)).as("%s at step %d", name, t).isCloseTo(expected, within(1e-9 + 1e-6 * expected));
        }
        // The config re-creates the same schedule.
        LearningRateSchedule copy = Schedules.fromConfig(roundTripJson(Schedules.toConfig(s)));
        for (int t = 0; t < values.size(); t++) {
            assertThat(copy.learningRate(t)).isEqualTo(s.learningRate(t));
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> roundTripJson(Map<String, Object> m) {
        try {
            ObjectMapper json = new ObjectMapper();
            return json.readValue(json.writeValueAsString(m), Map.class);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void stepDecayMatchesStepLR() {
        check("sched_step", new StepDecay(0.1, 3, 0.5));
    }

    @Test
    void exponentialDecayMatchesExponentialLR() {
        check("sched_exponential", new ExponentialDecay(0.1, 1, 0.9, false));
        check("sched_exponential_staircase", new ExponentialDecay(0.1, 4, 0.5, true));
    }

    @Test
    void cosineDecayMatchesCosineAnnealingLR() {
        check("sched_cosine", new CosineDecay(0.1, 10, 0.1));
    }

    @Test
    void cosineDecayWithWarmupFollowsKeras() {
        check("sched_cosine_warmup", new CosineDecay(0.0, 10, 0.1, 0.2, 5));
    }

    @Test
    void restartsMatchCosineAnnealingWarmRestarts() {
        check("sched_sgdr", new CosineDecayRestarts(0.1, 4, 2, 1, 0.01));
        check("sched_sgdr_tmul1", new CosineDecayRestarts(0.1, 5, 1, 1, 0));
    }

    @Test
    void oneCycleMatchesOneCycleLR() {
        check("sched_onecycle", new OneCycle(0.5, 20));
        check("sched_onecycle_linear_3phase", new OneCycle(0.5, 25, 0.25, false, 10, 100, true));
        assertThatThrownBy(() -> new OneCycle(0.5, 20).learningRate(21)).hasMessageContaining("total_steps 20");
    }

    @Test
    void linearWarmupMatchesSequentialLR() {
        check("sched_warmup_exponential", new LinearWarmup(new ExponentialDecay(0.1, 1, 0.8, false), 4, 0.1));
    }

    @Test
    void inverseTimeDecayFollowsKeras() {
        check("sched_inverse_time", new InverseTimeDecay(0.1, 3, 0.5, false));
        check("sched_inverse_time_staircase", new InverseTimeDecay(0.1, 3, 0.5, true));
    }

    @Test
    void piecewiseConstantUsesInclusiveBoundaries() {
        var s = new PiecewiseConstantDecay(new long[] {3, 6}, new double[] {1.0, 0.5, 0.1});
        assertThat(new double[] {s.learningRate(0), s.learningRate(3), s.learningRate(4), s.learningRate(6),
                s.learningRate(7), s.learningRate(1000)}).containsExactly(1.0, 1.0, 0.5, 0.5, 0.1, 0.1);
        assertThat(Schedules.fromConfig(roundTripJson(Schedules.toConfig(s))).learningRate(5)).isEqualTo(0.5);
        assertThatThrownBy(() -> new PiecewiseConstantDecay(new long[] {3}, new double[] {1.0}))
                .hasMessageContaining("expected 2 values for 1 boundaries");
    }

    @Test
    void constantAndInvalidArguments() {
        assertThat(new ConstantSchedule(0.3).learningRate(12345)).isEqualTo(0.3);
        assertThatThrownBy(() -> new StepDecay(0.1, 0, 0.5)).hasMessageContaining("step_size must be positive");
        assertThatThrownBy(() -> Schedules.fromConfig(Map.of("class_name", "Nope", "config", Map.of())))
                .hasMessageContaining("unknown learning rate schedule 'Nope'");
    }
}
