package io.cambium.ml.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.cambium.Cambium;
import io.cambium.ml.Data;
import io.cambium.ml.search.GridSearch;
import io.cambium.ml.search.Param;
import io.cambium.ml.search.SearchResult;
import io.cambium.ml.search.SearchSpace;
import io.cambium.ml.search.Trial;
import io.cambium.ml.selection.Scoring;
import io.cambium.ml.selection.StratifiedKFold;
import io.cambium.nn.Sequential;
import io.cambium.nn.layers.core.Dense;
import io.cambium.nn.optimizers.Adam;
import io.cambium.nn.training.FitConfig;
import io.cambium.tensor.Tensor;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NeuralSearchTest {

    /** A one-hidden-layer MLP on 784 pixels with 10 logits, seeded so that every fit is reproducible. */
    static Sequential mlp(int hidden, double learningRate, long seed) {
        Cambium.seed(seed);
        Sequential m = new Sequential(new Dense(hidden).activation(Tensor::relu).inputShape(784), new Dense(10));
        m.compile(new Adam((float) learningRate), TestNets.sparseCrossEntropyFromLogits());
        return m;
    }

    static NeuralClassifier classifier(Map<String, Object> p, int epochs) {
        return new NeuralClassifier(() -> mlp((Integer) p.get("hidden"), (Double) p.get("lr"), 7),
                () -> FitConfig.epochs(epochs).batchSize(32).quiet()).logits(true);
    }

    @Test
    void gridSearchOverAnMlpWithThreeFoldCvOnFashionMnist() {
        assumeTrue(FashionMnist.available(), "Fashion-MNIST files are missing");
        FashionMnist.Part data = FashionMnist.read("train", 1200);
        SearchSpace space = SearchSpace.of(Param.choice("hidden", 16, 48), Param.choice("lr", 3e-4, 3e-3));
        SearchResult r = new GridSearch(space).fit(p -> classifier(p, 4), data.x(), data.y(),
                new StratifiedKFold(3), Scoring.of("accuracy"));
        r.print(System.out);
        assertThat(r.trials()).hasSize(4);
        for (Trial t : r.trials()) {
            assertThat(t.evaluation().foldScores()).hasSize(3);
            // Ten classes: chance is 0.1; every configuration learns.
            assertThat(t.score()).isGreaterThan(0.5);
        }
        assertThat(r.bestScore()).isGreaterThan(0.7);
        // The larger learning rate wins within 4 short epochs for both sizes.
        assertThat(r.trials().get(1).score()).isGreaterThan(r.trials().get(0).score());
        assertThat(r.trials().get(3).score()).isGreaterThan(r.trials().get(2).score());
        assertThat(r.table()).contains("hidden", "lr", "folds");
    }
}
