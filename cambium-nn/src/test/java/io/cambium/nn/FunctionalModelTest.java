package io.cambium.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import io.cambium.Cambium;
import io.cambium.nn.layers.core.Dense;
import io.cambium.nn.layers.merge.Add;
import io.cambium.nn.layers.merge.Concatenate;
import io.cambium.nn.metrics.Metrics;
import io.cambium.nn.training.FitConfig;
import io.cambium.nn.training.History;
import io.cambium.tensor.Tensor;
import io.cambium.tensor.random.Rng;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class FunctionalModelTest {
    @BeforeEach
    void reset() {
        Layer.resetNames();
        Cambium.seed(11);
    }

    @Test
    void twoInputsWithASharedLayerLearnTheirDifference() {
        // target = sum(a) - sum(b): one shared encoder applied to both inputs, then Concatenate.
        var a = Input.shape(3);
        var b = Input.shape(3);
        var shared = new Dense(8);
        var merged = new Concatenate().apply(shared.apply(a), shared.apply(b));
        var out = new Dense(1).apply(merged);
        var model = new Model(List.of(a, b), List.of(out));
        assertThat(model.layers()).hasSize(5);
        assertThat(model.countParams()).isEqualTo(3 * 8 + 8 + 16 + 1);
        assertThat(shared.variables()).hasSize(2);

        Rng rng = new Rng(3);
        Tensor xa = Tensor.normal(rng, 0, 1, 256, 3);
        Tensor xb = Tensor.normal(rng, 0, 1, 256, 3);
        Tensor y = xa.sum(1, true).sub(xb.sum(1, true));
        model.compile(new io.cambium.nn.optimizers.SGD(0.05f), io.cambium.nn.losses.Losses.meanSquaredError());
        double before = model.evaluate(List.of(xa, xb), List.of(y), null, 64).get("loss");
        model.fit(List.of(xa, xb), List.of(y), FitConfig.epochs(30).batchSize(32).quiet());
        double after = model.evaluate(List.of(xa, xb), List.of(y), null, 64).get("loss");
        assertThat(before).isGreaterThan(2.0);
        assertThat(after).isLessThan(0.01);
        // Sharing: the shared kernel receives gradient from both branches, so swapping the inputs
        // changes the sign of the prediction only through the head.
        Tensor p1 = model.callAll(xa, xb).get(0);
        Tensor p2 = model.callAll(xb, xa).get(0);
        assertThat(p1.add(p2).data()[0]).isCloseTo(0f, offset(0.15f));
    }

    @Test
    void forwardPassDropsEachValueAfterItsLastReader() {
        var in = Input.shape(4);
        var h1 = new Dense(4).name("d1").apply(in);
        var h2 = new Dense(4).name("d2").apply(h1);
        var sum = new Add().name("add").apply(h1, h2);
        var out = new Dense(2).name("d3").apply(sum);
        Model m = new Model(List.of(in), List.of(out, h2));
        List<String> plan = new java.util.ArrayList<>();
        for (int i = 0; i < m.nodes().size(); i++) {
            List<String> names = new java.util.ArrayList<>();
            for (SymbolicTensor s : m.releasePlan().get(i)) {
                names.add(s.layer().name());
            }
            plan.add(m.nodes().get(i).layer().name() + ":" + names);
        }
        // h1 lives until the Add reads it; h2 and the output are the model's outputs and stay.
        assertThat(plan).containsExactly("d1:[" + in.layer().name() + "]", "d2:[]", "add:[d1]", "d3:[add]");
        Tensor x = Tensor.normal(new Rng(5), 0, 1, 3, 4);
        List<Tensor> outs = m.callAll(x);
        assertThat(outs.get(1).data()).containsExactly(m.getLayer("d2").apply(m.getLayer("d1").apply(x)).data());
        assertThat(outs.get(0).shape()).containsExactly(3, 2);
    }

    @Test
    void residualDagRunsInTopologicalOrder() {
        var in = Input.shape(4);
        var h = new Dense(4).apply(in);
        var h2 = new Dense(4).apply(h);
        var sum = new Add().apply(h, h2, in);
        var model = new Model(in, sum);
        Tensor x = Tensor.randn(5, 4);
        Dense d1 = (Dense) model.getLayer("dense");
        Dense d2 = (Dense) model.getLayer("dense_1");
        Tensor e1 = d1.apply(x);
        Tensor expected = e1.add(d2.apply(e1)).add(x);
        Tensor got = model.apply(x);
        for (int i = 0; i < got.numel(); i++) {
            assertThat(got.data()[i]).isCloseTo(expected.data()[i], offset(1e-6f));
        }
    }

    @Test
    void frozenBackboneInsideANewModel() {
        var backbone = new Sequential(new Dense(16).activation("relu").inputShape(2), new Dense(8));
        backbone.trainable(false);
        var in = Input.shape(2);
        var features = backbone.apply(in);
        var head = new Dense(2).apply(features);
        var model = new Model(in, head);
        assertThat(model.countParams()).isEqualTo(48 + 136 + 18);
        assertThat(model.trainableVariables()).hasSize(2);
        String s = model.summaryString();
        assertThat(s).contains("sequential (Sequential)").contains("Trainable params: 18")
                .contains("Non-trainable params: 184");
        List<Tensor> before = backbone.getWeights();
        model.compile(new io.cambium.nn.optimizers.SGD(0.1f), io.cambium.nn.losses.Losses.sparseCategoricalCrossentropy(true), Metrics.accuracy());
        Tensor x = Tensor.randn(64, 2);
        Tensor y = Tensor.zeros(64);
        model.fit(x, y, FitConfig.epochs(2).quiet());
        List<Tensor> after = backbone.getWeights();
        for (int i = 0; i < before.size(); i++) {
            assertThat(after.get(i).data()).containsExactly(before.get(i).data());
        }
        // Unfreeze for fine-tuning.
        backbone.trainable(true);
        assertThat(model.trainableVariables()).hasSize(6);
    }

    /** A subclassed model: layers in fields, custom call. */
    static final class TwoTower extends Model {
        private final Dense left = new Dense(4);
        private final Dense right = new Dense(4);
        private final Dense out = new Dense(1);

        @Override
        public Tensor call(Tensor x, boolean training) {
            return out.apply(left.apply(x, training).tanh().add(right.apply(x, training)), training);
        }
    }

    @Test
    void subclassedModelTracksItsLayersAndTrains() {
        var model = new TwoTower();
        assertThat(model.name()).isEqualTo("two_tower");
        Rng rng = new Rng(2);
        Tensor x = Tensor.normal(rng, 0, 1, 128, 3);
        Tensor y = x.sum(1, true);
        model.compile(new io.cambium.nn.optimizers.SGD(0.05f), io.cambium.nn.losses.Losses.meanSquaredError());
        History h = model.fit(x, y, FitConfig.epochs(20).batchSize(16).quiet());
        assertThat(model.variables()).hasSize(6);
        assertThat(model.countParams()).isEqualTo(16 + 16 + 5);
        assertThat(h.last("loss")).isLessThan(h.get("loss").get(0) * 0.1);
        assertThat(model.summaryString()).contains("dense (Dense)").contains("(None, 4)").contains("Total params: 37");
        // Usable as a layer of a functional model: its output shape comes from a probe.
        var in = Input.shape(3);
        assertThat(model.apply(in).shape()).containsExactly(-1, 1);
    }

    @Test
    void multiOutputModelWithALossPerOutput() {
        var in = Input.shape(2);
        var h = new Dense(16).activation("relu").apply(in);
        var reg = new Dense(1).name("reg").apply(h);
        var cls = new Dense(2).name("cls").apply(h);
        var model = new Model(List.of(in), List.of(reg, cls));
        Rng rng = new Rng(4);
        Tensor x = Tensor.normal(rng, 0, 1, 128, 2);
        Tensor yReg = x.sum(1, true);
        float[] c = new float[128];
        for (int i = 0; i < 128; i++) {
            c[i] = x.data()[2 * i] > 0 ? 1 : 0;
        }
        Tensor yCls = new Tensor(c, 128);
        model.compile(new io.cambium.nn.optimizers.SGD(0.05f), List.of(io.cambium.nn.losses.Losses.meanSquaredError(), io.cambium.nn.losses.Losses.sparseCategoricalCrossentropy(true)), List.of(1f, 0.5f),
                Metrics.accuracy());
        History hist = model.fit(List.of(x), List.of(yReg, yCls), FitConfig.epochs(25).batchSize(16).quiet());
        assertThat(hist.history().keySet()).contains("loss", "reg_loss", "cls_loss", "cls_accuracy");
        assertThat(hist.last("cls_accuracy")).isGreaterThan(0.9);
        Map<String, Double> ev = model.evaluate(List.of(x), List.of(yReg, yCls), null, 32);
        assertThat(ev.get("loss")).isCloseTo(ev.get("reg_loss") + 0.5 * ev.get("cls_loss"), offset(1e-4));
        List<Tensor> preds = model.predictAll(List.of(x), 50);
        assertThat(preds.get(0).shape()).containsExactly(128, 1);
        assertThat(preds.get(1).shape()).containsExactly(128, 2);
    }

    @Test
    void cuttingAModelAtAnInnerLayerSharesItsWeights() {
        var in = Input.shape(4);
        var h = new Dense(6).name("features").apply(in);
        var out = new Dense(2).apply(h);
        var full = new Model(in, out);
        var trunk = new Model(full.inputs(), full.getLayer("features").output());
        assertThat(trunk.countParams()).isEqualTo(30);
        Tensor x = Tensor.randn(3, 4);
        assertThat(trunk.apply(x).data()).containsExactly(full.getLayer("features").apply(x).data());
        assertThat(full.getLayer("features").input()).isSameAs(in);
        assertThatThrownBy(() -> new Dense(1).output()).hasMessageContaining("never applied");
    }

    @Test
    void disconnectedGraphIsRejected() {
        var a = Input.shape(2);
        var b = Input.shape(2);
        var out = new Add().apply(a, b);
        assertThatThrownBy(() -> new Model(a, out)).hasMessageContaining("graph disconnected")
                .hasMessageContaining("input_2");
    }

    @Test
    void mergeShapeErrorsNameTheLayer() {
        var a = Input.shape(3);
        var b = Input.shape(4);
        assertThatThrownBy(() -> new Add().apply(a, b)).hasMessageContaining("Add 'add'")
                .hasMessageContaining("(None, 3), (None, 4)");
        assertThatThrownBy(() -> new Concatenate().apply(Input.shape(2, 3), Input.shape(3, 3)))
                .hasMessageContaining("Concatenate 'concatenate'");
    }

    @Test
    void customLoopWithTrainableVariablesBackwardAndStep() {
        var model = new Sequential(new Dense(1).inputShape(2));
        var opt = new io.cambium.nn.optimizers.SGD(0.1f);
        Rng rng = new Rng(8);
        Tensor x = Tensor.normal(rng, 0, 1, 64, 2);
        Tensor y = x.sum(1, true).mul(2f);
        double first = 0;
        double last = 0;
        for (int i = 0; i < 100; i++) {
            var vars = model.trainableVariables();
            opt.zeroGrad(vars);
            Tensor loss = io.cambium.nn.losses.Losses.meanSquaredError().call(y, model.call(x, true));
            loss.backward();
            opt.step(vars);
            if (i == 0) {
                first = loss.item();
            }
            last = loss.item();
        }
        assertThat(last).isLessThan(first * 1e-3);
    }
}
