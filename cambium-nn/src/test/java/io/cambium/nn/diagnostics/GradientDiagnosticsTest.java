package io.cambium.nn.diagnostics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.within;

import io.cambium.nn.Sequential;
import io.cambium.nn.Variable;
import io.cambium.nn.layers.core.Dense;
import io.cambium.nn.losses.Losses;
import io.cambium.nn.optimizers.Adam;
import io.cambium.nn.optimizers.SGD;
import io.cambium.nn.training.FitConfig;
import io.cambium.tensor.Tensor;
import io.cambium.tensor.autograd.AnomalyException;
import io.cambium.tensor.autograd.AnomalyMode;
import io.cambium.tensor.random.Rng;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class GradientDiagnosticsTest {
    private final Tensor x = DiagnosticModels.inputs(256, 16, 7);
    private final int[] y = DiagnosticModels.teacherLabels(x, 4, 7);

    @Test
    void twentyLayerSigmoidMlpVanishesTowardsTheInput() {
        Sequential m = DiagnosticModels.sigmoidMlp(20, 32, 16, 4, 1);
        m.compile(new Adam(1e-3), Losses.sparseCategoricalCrossentropy());
        GradientReport probe = GradientProbe.report(m, x, y);
        assertThat(probe.overall()).isEqualTo(GradientHealth.VANISHING);
        List<String> vanishing = probe.layersWith(GradientHealth.VANISHING);
        // The first 15 of the 20 hidden layers are at least three orders of magnitude below the
        // output layer (measured: the first is ~1e-14 of it); the output layer is the largest.
        assertThat(vanishing).startsWith(DiagnosticModels.names(m, 15).toArray(new String[0]));
        String output = m.layers().get(20).name();
        assertThat(vanishing).doesNotContain(output);
        assertThat(probe.layers().get(0).ratioToLargest()).isLessThan(1e-9);
        assertThat(probe.advice().get(0)).startsWith("Gradients vanish in").contains("ReLU");

        GradientDiagnostics d = new GradientDiagnostics().every(4);
        m.fit(x, y, FitConfig.epochs(1).batchSize(32).verbose(0).callbacks(d));
        GradientReport report = d.report();
        assertThat(report.overall()).isEqualTo(GradientHealth.VANISHING);
        assertThat(report.layersWith(GradientHealth.VANISHING)).startsWith(
                DiagnosticModels.names(m, 15).toArray(new String[0]));
        assertThat(d.records()).hasSize(2); // steps 1 and 5 of 8
        assertThat(d.gradientNorms()).hasSize(8);
        assertThat(report.toString()).contains("VANISHING", m.layers().get(0).name());
    }

    @Test
    void reluHeInitAndBatchNormKeepGradientsHealthy() {
        Sequential m = DiagnosticModels.reluHeBatchNormMlp(20, 32, 16, 4, 1);
        m.compile(new Adam(1e-3), Losses.sparseCategoricalCrossentropy());
        GradientReport probe = GradientProbe.report(m, x, y);
        assertThat(probe.overall()).isEqualTo(GradientHealth.HEALTHY);
        double smallest = probe.layers().stream().mapToDouble(GradientReport.LayerVerdict::ratioToLargest).min()
                .orElseThrow();
        assertThat(smallest).isGreaterThan(10 * GradientReport.VANISHING_RATIO);

        GradientDiagnostics d = new GradientDiagnostics().every(4);
        m.fit(x, y, FitConfig.epochs(1).batchSize(32).verbose(0).callbacks(d));
        assertThat(d.report().overall()).isEqualTo(GradientHealth.HEALTHY);
        assertThat(d.report().advice().get(0)).startsWith("Gradients are healthy");
    }

    @Test
    void aHighLearningRateWithoutClippingExplodesAndAnomalyModeNamesTheFirstOp() {
        Tensor target = Tensor.normal(new Rng(3), 0f, 10f, 256, 1);
        Sequential m = DiagnosticModels.reluRegressor(6, 64, 16, 1);
        m.compile(new SGD(0.5), Losses.meanSquaredError());
        GradientDiagnostics d = new GradientDiagnostics().every(2);
        m.fit(x, target, FitConfig.epochs(1).batchSize(32).verbose(0).callbacks(d));
        GradientReport report = d.report();
        assertThat(report.overall()).isEqualTo(GradientHealth.EXPLODING);
        assertThat(report.firstNonFiniteStep()).isBetween(2L, 8L);
        assertThat(report.peakGradientNorm() / report.earlyGradientNorm()).isGreaterThan(GradientReport.EXPLOSION_GROWTH);
        assertThat(report.advice().get(0)).startsWith("Gradients explode").contains("clipping");

        // The same run with anomaly detection stops at the first op that produced a non-finite value.
        Sequential again = DiagnosticModels.reluRegressor(6, 64, 16, 1);
        again.compile(new SGD(0.5), Losses.meanSquaredError());
        AnomalyException e = catchThrowableOfType(AnomalyException.class, () -> again.fit(x, target,
                FitConfig.epochs(1).batchSize(32).verbose(0).callbacks(new AnomalyDetection())));
        assertThat(e).isNotNull();
        assertThat(e.step()).isBetween(2L, report.firstNonFiniteStep());
        assertThat(e.getMessage()).contains("epoch 1, batch " + e.step());
        List<String> dense = new ArrayList<>();
        again.layers().forEach(l -> dense.add(again.name() + "/" + l.name()));
        assertThat(dense).contains(e.origin());
        assertThat(e.op()).isIn("affine_relu", "affine");
        assertThat(AnomalyMode.isEnabled()).isFalse(); // released when fit was aborted
    }

    @Test
    void aWeightThatTheUpdateOverflowsIsNamedByItsVariable() {
        Sequential m = new Sequential(new Dense(1).inputShape(16));
        m.compile(new SGD(1e38), Losses.meanSquaredError());
        Tensor target = Tensor.normal(new Rng(3), 0f, 10f, 256, 1);
        Throwable e = org.assertj.core.api.Assertions.catchThrowable(() -> m.fit(x, target,
                FitConfig.epochs(1).batchSize(32).verbose(0).callbacks(new AnomalyDetection())));
        assertThat(e).isInstanceOf(ArithmeticException.class).hasMessageContaining("in the optimizer update: weight '"
                + m.getLayer(0).name() + "/kernel' holds").hasMessageContaining("after step 1 (epoch 1, batch 1)");
        assertThat(AnomalyMode.isEnabled()).isFalse();
    }

    @Test
    void deadReluUnitsAreReported() {
        Sequential m = new Sequential(new Dense(32).activation("relu").inputShape(16)
                .biasInitializer(io.cambium.nn.initializers.Initializers.constant(-100)), new Dense(4).activation("softmax"));
        m.compile(new Adam(1e-3), Losses.sparseCategoricalCrossentropy());
        StepDiagnostics s = GradientProbe.measure(m, x, y);
        assertThat(s.layers().get(0).deadFraction()).isEqualTo(1.0);
        GradientReport r = GradientReport.of(List.of(s));
        assertThat(r.overall()).isEqualTo(GradientHealth.DEAD);
        assertThat(r.layersWith(GradientHealth.DEAD)).containsExactly(m.layers().get(0).name());
    }

    @Test
    void measuredStatisticsAreTheRealOnes() {
        Sequential m = new Sequential(new Dense(8).activation("relu").inputShape(16), new Dense(8).activation("relu"),
                new Dense(4).activation("softmax"));
        m.getLayer(0).trainable(false); // its output can then be recomputed after the steps
        double lr = 0.1;
        m.compile(new SGD(lr), Losses.sparseCategoricalCrossentropy());
        List<StepDiagnostics> seen = new ArrayList<>();
        GradientDiagnostics d = new GradientDiagnostics().every(1).listener(seen::add);
        m.fit(x, y, FitConfig.epochs(1).batchSize(64).verbose(0).shuffle(false).callbacks(d));
        assertThat(seen).hasSize(4);
        assertThat(d.records()).extracting(StepDiagnostics::step).containsExactly(1L, 2L, 3L, 4L);
        assertThat(d.records().get(3)).isEqualTo(seen.get(3));
        // Older records keep their numbers but drop their histograms (the listener had them whole).
        assertThat(d.records().get(0)).isEqualTo(seen.get(0).withoutHistograms());
        assertThat(seen.get(0).layers().get(1).gradHistogram()).isNotNull();
        StepDiagnostics last = seen.get(3);
        assertThat(last.step()).isEqualTo(4);
        assertThat(last.epoch()).isZero();
        assertThat(last.batch()).isEqualTo(3);
        assertThat(last.learningRate()).isCloseTo(lr, within(1e-7));
        assertThat(last.layers()).extracting(LayerStats::layer).containsExactly(m.getLayer(0).name(),
                m.getLayer(1).name(), m.getLayer(2).name());
        LayerStats frozen = last.layers().get(0);
        assertThat(frozen.hasWeights()).isFalse();
        assertThat(frozen.gradNorm()).isNaN();
        for (LayerStats s : last.layers().subList(1, 3)) {
            // Plain SGD: the update is exactly lr times the gradient.
            assertThat(s.updateNorm()).isCloseTo(lr * s.gradNorm(), within(1e-5 * s.gradNorm() + 1e-9));
            assertThat(s.updateRatio()).isCloseTo(s.updateNorm() / s.weightNorm(), within(1e-12));
            assertThat(s.gradHistogram().count() + s.gradHistogram().nonFinite()).isEqualTo(s.params());
            long inBuckets = 0;
            for (long c : s.weightHistogram().counts()) {
                inBuckets += c;
            }
            assertThat(inBuckets).isEqualTo(s.params());
            double w2 = 0;
            for (Variable v : m.getLayer(s.layer()).trainableVariables()) {
                for (float f : v.value().data()) {
                    w2 += (double) f * f;
                }
            }
            assertThat(s.weightNorm()).isCloseTo(Math.sqrt(w2), within(1e-9));
        }
        // The frozen first layer's output on the last batch (rows 192..255), recomputed.
        float[] h = m.getLayer(0).apply(x.narrow(0, 192, 64)).data();
        double sum = 0;
        double sq = 0;
        int dead = 0;
        for (int j = 0; j < 8; j++) {
            boolean allZero = true;
            for (int r = 0; r < 64; r++) {
                allZero &= h[r * 8 + j] == 0f;
            }
            dead += allZero ? 1 : 0;
        }
        for (float f : h) {
            sum += f;
            sq += (double) f * f;
        }
        double mean = sum / h.length;
        assertThat(frozen.activationMean()).isCloseTo(mean, within(1e-12));
        assertThat(frozen.activationStd()).isCloseTo(Math.sqrt(sq / h.length - mean * mean), within(1e-9));
        assertThat(frozen.deadFraction()).isEqualTo(dead / 8.0);
        assertThat(frozen.activationHistogram().count()).isEqualTo(64L * 8);
        assertThat(frozen.activationHistogram().min()).isGreaterThanOrEqualTo(0);
    }

    @Test
    void theProbeLeavesTheModelAsItWas() {
        Sequential m = DiagnosticModels.reluHeBatchNormMlp(2, 8, 16, 4, 3);
        m.compile(new Adam(1e-3), Losses.sparseCategoricalCrossentropy());
        m.build(new int[] {-1, 16});
        List<Tensor> before = m.getWeights();
        GradientProbe.measure(m, x, y);
        List<Tensor> after = m.getWeights();
        for (int i = 0; i < before.size(); i++) {
            assertThat(after.get(i).toArray()).containsExactly(before.get(i).toArray());
        }
        for (Variable v : m.trainableVariables()) {
            assertThat(v.grad()).isNull();
        }
    }
}
