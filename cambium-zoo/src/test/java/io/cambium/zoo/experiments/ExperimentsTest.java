package io.cambium.zoo.experiments;

import static org.assertj.core.api.Assertions.assertThat;

import io.cambium.data.loaders.FashionMnist;
import io.cambium.nn.callbacks.Callback;
import io.cambium.zoo.metrics.FashionFeatures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The experiments end to end on the embedded subset with tiny budgets: every PNG is written, the
 * numbers are finite, and the reference scores order as they must (real images far closer to the
 * test set than noise).
 */
class ExperimentsTest {
    @TempDir
    Path dir;

    @Test
    void ganExperimentWritesGridsCurvesAndScores() {
        FashionMnist.Data data = FashionMnist.loadEmbedded();
        GanExperiment.Result r = GanExperiment.run(new GanExperiment.Options().kind(GanExperiment.Kind.CONDITIONAL_DCGAN)
                .epochs(2).stepsPerEpoch(3).batchSize(16).size(8, 8).scoreImages(200).outDir(dir).out(null), data,
                FashionFeatures.shipped());
        assertThat(r.epochGrids()).hasSize(2).allMatch(Files::isRegularFile);
        assertThat(r.samples()).isRegularFile();
        assertThat(r.curves()).isRegularFile();
        assertThat(r.steps()).isEqualTo(6);
        assertThat(r.history().get("g_loss")).hasSize(2);
        assertThat(r.frechetReal()).isLessThan(0.2 * r.frechetNoise());
        assertThat(r.frechetGenerated()).isFinite().isPositive();
        assertThat(r.summary()).contains("cdcgan: 2 epochs, 6 steps");
    }

    @Test
    void aGanScoredEveryEpochReportsOneDistanceBeforeTrainingAndOnePerEpoch() {
        FashionMnist.Data data = FashionMnist.loadEmbedded();
        GanExperiment.Result r = GanExperiment.run(new GanExperiment.Options().epochs(2).stepsPerEpoch(3).batchSize(16)
                .size(8, 8).scoreImages(100).scoreEachEpoch(true).name("scored").outDir(dir).out(null), data,
                FashionFeatures.shipped());
        assertThat(r.frechetByEpoch()).hasSize(3).allMatch(v -> Double.isFinite(v) && v > 0);
        assertThat(r.samples()).hasFileName("scored-samples.png");
        // Unscored runs keep the list empty.
        GanExperiment.Result plain = GanExperiment.run(new GanExperiment.Options().epochs(1).stepsPerEpoch(2)
                .batchSize(16).size(8, 8).scoreImages(100).outDir(dir).out(null), data, FashionFeatures.shipped());
        assertThat(plain.frechetByEpoch()).isEmpty();
    }

    @Test
    void theBudgetsOfTheQuestions() {
        assertThat(Q34GanDesign.variants(Budget.QUICK)).extracting(Q34GanDesign.Variant::name)
                .containsExactly(Q34GanDesign.DCGAN, Q34GanDesign.WGAN_GP);
        List<Q34GanDesign.Variant> standard = Q34GanDesign.variants(Budget.STANDARD);
        assertThat(standard).extracting(Q34GanDesign.Variant::name).containsExactly(Q34GanDesign.DCGAN,
                Q34GanDesign.NO_SMOOTHING, Q34GanDesign.HIGH_LR, Q34GanDesign.WGAN_GP);
        assertThat(standard.get(1).options().labelSmoothing()).isZero();
        assertThat(standard.get(2).options().learningRate()).isEqualTo(1e-3);
        assertThat(standard.get(0).options().learningRate()).isEqualTo(2e-4);
        assertThat(standard).allSatisfy(v -> {
            assertThat(v.options().runName()).isEqualTo(v.name());
            assertThat(v.options().scoreEachEpoch()).isTrue();
            assertThat(v.options().totalEpochs() * v.options().stepsPerEpoch()).isEqualTo(800);
        });
        assertThat(Q09Gan.options(GanExperiment.Kind.DCGAN, Budget.QUICK).filters()).isEqualTo(32);
        assertThat(Q09Gan.options(GanExperiment.Kind.DCGAN, Budget.STANDARD).filters()).isEqualTo(64);
        assertThat(Q09Gan.options(GanExperiment.Kind.DCGAN, Budget.FULL).totalEpochs()).isEqualTo(3);
        assertThat(Q35Vae.withoutKl(Budget.QUICK).beta()).isZero();
        assertThat(Q35Vae.withoutKl(Budget.QUICK).runName()).isEqualTo("q35-no-kl");
    }

    @Test
    void vaeExperimentReportsTheElboPerEpochAndWritesItsPngs() {
        FashionMnist.Data data = FashionMnist.loadEmbedded();
        VaeExperiment.Result r = VaeExperiment.run(new VaeExperiment.Options().convolutional(false).hidden(32)
                .latentDim(2).epochs(2).trainImages(512).outDir(dir, "t").out(null), data, null);
        assertThat(r.testElbo()).hasSize(2).allMatch(v -> v < 0);
        assertThat(r.history().get("test_elbo")).containsExactlyElementsOf(r.testElbo());
        assertThat(r.reconstructions()).isRegularFile();
        assertThat(r.interpolations()).isRegularFile();
        assertThat(r.samples()).isRegularFile();
        assertThat(r.manifold()).isRegularFile();
        assertThat(Double.isNaN(r.frechetSamples())).isTrue();
        assertThat(r.codeStd()).hasSize(2);
        assertThat(java.util.Arrays.stream(r.codeStd()).allMatch(v -> v >= 0 && Double.isFinite(v))).isTrue();
        assertThat(r.activeUnits()).isBetween(0, 2);
    }

    @Test
    void aVaeEvaluatedOnPartOfTheTestSet() {
        FashionMnist.Data data = FashionMnist.loadEmbedded();
        VaeExperiment.Result r = VaeExperiment.run(new VaeExperiment.Options().convolutional(false).hidden(32)
                .latentDim(3).epochs(1).trainImages(256).testImages(200).scoreImages(100).outDir(dir, "part")
                .out(null), data, FashionFeatures.shipped());
        assertThat(r.testElbo()).hasSize(1);
        assertThat(r.codeStd()).hasSize(3);
        assertThat(r.frechetReal()).isLessThan(r.frechetNoise());
        assertThat(r.summary()).contains("latent dimensions active");
    }

    @Test
    void questionRunsTakeTheCallersSeedOutputAndCallbacks() {
        FashionMnist.Data data = FashionMnist.loadEmbedded();
        List<String> seen = new ArrayList<>();
        List<VaeExperiment.Result> runs = Q36VaeDesign.run(Budget.QUICK, data, null, o -> o.trainImages(256)
                .stepsPerEpoch(2).seed(7).out(null).outDir(dir, o.runName()).callbacks(new Callback() {
                    @Override
                    public void onEpochEnd(int epoch, Map<String, Double> logs) {
                        seen.add(o.runName() + " " + o.totalEpochs() + " " + logs.containsKey("test_elbo"));
                    }
                }));
        assertThat(seen).containsExactly("q36-conv-vae-beta1 3 true", "q36-conv-vae-beta1 3 true",
                "q36-conv-vae-beta1 3 true", "q36-conv-vae-beta4 3 true", "q36-conv-vae-beta4 3 true",
                "q36-conv-vae-beta4 3 true");
        assertThat(runs).extracting(VaeExperiment.Result::beta).containsExactly(1.0, 4.0);
        assertThat(runs.get(1).reconstructions()).isRegularFile().hasFileName("q36-conv-vae-beta4-reconstructions.png");
        assertThat(Q09Gan.options(GanExperiment.Kind.WGAN_GP, Budget.FULL).runName()).isEqualTo("wgan-gp");
    }
}
