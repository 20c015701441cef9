package io.cambium.ml.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.cambium.ml.Data;
import io.cambium.ml.imbalance.Resampled;
import io.cambium.ml.imbalance.Smote;
import io.cambium.ml.metrics.Average;
import io.cambium.ml.metrics.ClassScores;
import io.cambium.ml.metrics.ClassificationReport;
import io.cambium.ml.metrics.RankingMetrics;
import io.cambium.ml.metrics.PrecisionRecall;
import io.cambium.nn.training.FitConfig;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

// Written against the round-1 API: its call forms, now deprecated, must keep working.
@SuppressWarnings("deprecation")
class NeuralImbalanceTest {
    private static final int MINORITY = 0;

    @Test
    void classWeightsAndSmoteRaiseTheRecallOfAClassKeptAtFivePercent() {
        assumeTrue(FashionMnist.available(), "Fashion-MNIST files are missing");
        FashionMnist.Part pool = FashionMnist.read("train", 4000);
        // 200 samples per class, but the minority class (T-shirt/top) keeps 10 of them: 5%.
        List<Integer> keep = new ArrayList<>();
        int[] taken = new int[10];
        for (int i = 0; i < pool.y().length; i++) {
            int c = pool.y()[i];
            if (taken[c] < (c == MINORITY ? 10 : 200)) {
                taken[c]++;
                keep.add(i);
            }
        }
        int[] idx = keep.stream().mapToInt(Integer::intValue).toArray();
        double[][] X = Data.rows(pool.x(), idx);
        double[] y = Data.toDouble(Data.take(pool.y(), idx));
        FashionMnist.Part test = FashionMnist.read("t10k", 2000);
        double plain = minorityRecall(model(false).fit(X, y), test);
        NeuralClassifier balanced = model(true).fit(X, y);
        double weighted = minorityRecall(balanced, test);
        // Evaluation from scores: one-vs-rest ROC AUC of the network's probabilities, and the report.
        double[][] proba = balanced.predictProba(test.x());
        double auc = RankingMetrics.rocAucOvr(test.y(), proba, Average.MACRO);
        System.out.print(ClassificationReport.of(test.y(), Data.argmax(proba)));
        System.out.printf("one-vs-rest macro ROC AUC %.4f%n", auc);
        assertThat(auc).isGreaterThan(0.9);
        Resampled s = new Smote(5, 3).fitResample(X, y);
        double smote = minorityRecall(model(false).fit(s.X(), s.y()), test);
        System.out.printf("recall of the 5%% class: plain %.3f, balanced class weights %.3f, SMOTE %.3f%n",
                plain, weighted, smote);
        assertThat(weighted).isGreaterThanOrEqualTo(plain + 0.15);
        assertThat(smote).isGreaterThanOrEqualTo(plain + 0.15);
    }

    private static NeuralClassifier model(boolean balanced) {
        return new NeuralClassifier(() -> NeuralSearchTest.mlp(32, 2e-3, 11),
                () -> FitConfig.epochs(4).batchSize(32).quiet()).logits(true).classWeightBalanced(balanced);
    }

    private static double minorityRecall(NeuralClassifier c, FashionMnist.Part test) {
        int[] pred = Data.labels(c.predict(test.x()));
        ClassScores s = PrecisionRecall.perClass(test.y(), pred, 0);
        return s.recall()[MINORITY];
    }
}
