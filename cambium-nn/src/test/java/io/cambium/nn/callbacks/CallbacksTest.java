package io.cambium.nn.callbacks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import io.cambium.Cambium;
import io.cambium.nn.Layer;
import io.cambium.nn.Sequential;
import io.cambium.nn.layers.core.Dense;
import io.cambium.nn.training.FitConfig;
import io.cambium.nn.training.History;
import io.cambium.tensor.Tensor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CallbacksTest {
    @BeforeEach
    void reset() {
        Layer.resetNames();
        Cambium.seed(1);
    }

    private static Sequential linear(float lr) {
        var m = new Sequential(new Dense(1).inputShape(2));
        m.compile(new io.cambium.nn.optimizers.SGD(lr), io.cambium.nn.losses.Losses.meanSquaredError());
        return m;
    }

    private static Tensor[] data() {
        Tensor x = Tensor.randn(64, 2);
        return new Tensor[] {x, x.sum(1, true)};
    }

    @Test
    void reduceLrOnPlateauCutsTheRateWhenTheLossStalls() {
        // lr 0: the loss never changes, so every epoch after the first is a plateau.
        var m = linear(0f);
        m.optimizer().setLearningRate(1e-9f);
        Tensor[] d = data();
        var cb = new ReduceLROnPlateau("loss").patience(2).factor(0.5).cooldown(1);
        History h = m.fit(d[0], d[1], FitConfig.epochs(8).callbacks(cb).quiet());
        List<Double> lr = h.get("lr");
        // epoch 0 best; waits at 1, 2 -> reduce after 2; epoch 3 ends the cooldown and waits; 4 -> reduce; ...
        assertThat(lr.get(0)).isCloseTo(1e-9, offset(1e-15));
        assertThat(lr.get(2)).isCloseTo(1e-9, offset(1e-15));
        assertThat(lr.get(3)).isCloseTo(0.5e-9, offset(1e-15));
        assertThat(lr.get(5)).isCloseTo(0.25e-9, offset(1e-15));
        assertThat(lr.get(7)).isCloseTo(0.125e-9, offset(1e-15));
    }

    @Test
    void learningRateSchedulerSetsTheRateEachEpoch() {
        var m = linear(0.1f);
        Tensor[] d = data();
        History h = m.fit(d[0], d[1], FitConfig.epochs(3)
                .callbacks(new LearningRateScheduler((epoch, lr) -> 0.1 / (1 + epoch))).quiet());
        assertThat(h.get("lr").get(2)).isCloseTo(0.1 / 3, offset(1e-7));
    }

    @Test
    void csvLoggerWritesSortedColumns(@TempDir Path dir) throws Exception {
        var m = linear(0.1f);
        Tensor[] d = data();
        Path csv = dir.resolve("log.csv");
        m.fit(d[0], d[1], FitConfig.epochs(3).validationSplit(0.25).callbacks(new CSVLogger(csv)).quiet());
        List<String> lines = Files.readAllLines(csv);
        assertThat(lines).hasSize(4);
        assertThat(lines.get(0)).isEqualTo("epoch,loss,val_loss");
        assertThat(lines.get(3)).startsWith("2,");
    }

    @Test
    void terminateOnNaNStopsAtTheFirstBadBatch() {
        var m = linear(1e30f);
        Tensor x = Tensor.randn(64, 2).mul(1e10f);
        var cb = new TerminateOnNaN();
        History h = m.fit(x, x.sum(1, true), FitConfig.epochs(5).batchSize(8).callbacks(cb).quiet());
        assertThat(cb.stoppedBatch()).isBetween(0, 7);
        assertThat(h.epochs()).containsExactly(0);
    }

    @Test
    void lambdaCallbackSeesEveryEvent() {
        var m = linear(0.1f);
        Tensor[] d = data();
        List<String> events = new ArrayList<>();
        var cb = new LambdaCallback()
                .onTrainBegin(l -> events.add("begin"))
                .onEpochBegin((e, l) -> events.add("epoch" + e))
                .onBatchEnd((b, l) -> events.add("b" + b))
                .onEpochEnd((e, l) -> events.add("end" + e + ":" + l.containsKey("loss")))
                .onTrainEnd(l -> events.add("done"));
        m.fit(d[0], d[1], FitConfig.epochs(2).batchSize(32).shuffle(false).callbacks(cb).quiet());
        assertThat(events).containsExactly("begin", "epoch0", "b0", "b1", "end0:true", "epoch1", "b0", "b1",
                "end1:true", "done");
    }

    @Test
    void earlyStoppingModesAndBaseline() {
        assertThat(Monitor.AUTO.higherIsBetter("val_accuracy")).isTrue();
        assertThat(Monitor.AUTO.higherIsBetter("val_auc")).isTrue();
        assertThat(Monitor.AUTO.higherIsBetter("val_loss")).isFalse();
        // A flat loss that never beats the baseline: the first epoch counts toward the patience.
        var m = linear(0f);
        Tensor[] d = data();
        var es = new EarlyStopping("loss").patience(2).baseline(-1);
        History h = m.fit(d[0], d[1], FitConfig.epochs(10).callbacks(es).quiet());
        assertThat(h.epochs()).hasSize(2);
        assertThat(es.stoppedEpoch()).isEqualTo(1);
        // Without a baseline the same run waits the full patience after the first epoch.
        var es2 = new EarlyStopping("loss").patience(2).minDelta(1e-6);
        assertThat(m.fit(d[0], d[1], FitConfig.epochs(10).callbacks(es2).quiet()).epochs()).hasSize(3);
        Map<String, List<Double>> hist = h.history();
        assertThat(hist.get("loss").get(1)).isCloseTo(hist.get("loss").get(0), offset(1e-6));
    }
}
