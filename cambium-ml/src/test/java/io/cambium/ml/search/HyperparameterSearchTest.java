package io.cambium.ml.search;

import static org.assertj.core.api.Assertions.assertThat;

import io.cambium.ml.MlFixture;
import io.cambium.ml.neighbors.KNeighborsClassifier;
import io.cambium.ml.neighbors.NeighborSearch;
import io.cambium.ml.neighbors.Weights;
import io.cambium.ml.selection.CrossValidation;
import io.cambium.ml.selection.Scoring;
import io.cambium.ml.selection.StratifiedKFold;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

// Written against the round-1 API: its call forms, now deprecated, must keep working.
@SuppressWarnings("deprecation")
class HyperparameterSearchTest {
    private static final double BRANIN_MIN = 0.397887;

    static double branin(Map<String, Object> p) {
        double x1 = (Double) p.get("x1");
        double x2 = (Double) p.get("x2");
        double b = 5.1 / (4 * Math.PI * Math.PI);
        double c = 5 / Math.PI;
        double t = 1 / (8 * Math.PI);
        return Math.pow(x2 - b * x1 * x1 + c * x1 - 6, 2) + 10 * (1 - t) * Math.cos(x1) + 10;
    }

    static SearchSpace braninSpace() {
        return SearchSpace.of(Param.uniform("x1", -5, 10), Param.uniform("x2", 0, 15));
    }

    @Test
    void bayesianBeatsRandomOnBraninInAtLeast8Of10Seeds() {
        int budget = 25;
        int wins = 0;
        List<String> lines = new ArrayList<>();
        for (long seed = 0; seed < 10; seed++) {
            double bo = new BayesianSearch(braninSpace(), budget, 5, seed).minimize()
                    .run(Objective.of(HyperparameterSearchTest::branin)).bestScore();
            double rnd = new RandomSearch(braninSpace(), budget, seed).minimize()
                    .run(Objective.of(HyperparameterSearchTest::branin)).bestScore();
            lines.add(String.format("seed %d: bayesian %.4f random %.4f", seed, bo, rnd));
            if (bo < rnd) {
                wins++;
            }
            assertThat(bo).isGreaterThanOrEqualTo(BRANIN_MIN - 1e-6);
        }
        System.out.println(String.join("\n", lines));
        assertThat(wins).as(String.join("; ", lines)).isGreaterThanOrEqualTo(8);
    }

    @Test
    void bayesianSearchGetsCloseToTheBraninMinimum() {
        SearchResult r = new BayesianSearch(braninSpace(), 30, 5, 1).minimize()
                .run(Objective.of(HyperparameterSearchTest::branin));
        assertThat(r.trials()).hasSize(30);
        assertThat(r.bestScore()).isLessThan(BRANIN_MIN + 0.1);
    }

    @Test
    void geneticSearchImprovesOnItsFirstGeneration() {
        SearchResult r = new GeneticSearch(braninSpace(), 10, 8, 4).minimize()
                .run(Objective.of(HyperparameterSearchTest::branin));
        double firstGen = Double.POSITIVE_INFINITY;
        for (int i = 0; i < 10; i++) {
            firstGen = Math.min(firstGen, r.trials().get(i).score());
        }
        // At most 10 + 7 generations of 9 children: the elite and repeated children are not re-evaluated.
        assertThat(r.trials().size()).isBetween(40, 73);
        assertThat(r.bestScore()).isLessThan(firstGen / 2).isLessThan(3.0);
    }

    @Test
    void gridSearchCrossValidatesEveryCombinationAndPrintsTheTable() {
        MlFixture f = MlFixture.get("knn");
        double[][] X = f.mat("X");
        int[] y = f.ints("y");
        SearchSpace space = SearchSpace.of(Param.choice("k", 1, 3, 5, 9), Param.choice("weights", "uniform", "distance"));
        SearchResult r = new GridSearch(space).fit(
                p -> new KNeighborsClassifier((Integer) p.get("k"),
                        "uniform".equals(p.get("weights")) ? Weights.UNIFORM : Weights.DISTANCE,
                        NeighborSearch.Algorithm.KD_TREE),
                X, y, 3);
        String table = r.table();
        System.out.print(table);
        assertThat(r.trials()).hasSize(8);
        assertThat(table).contains("trial", "k", "weights", "score", "std", "folds", "best: trial");
        // Each trial's score is the 3-fold stratified CV mean of that configuration.
        Trial t = r.trials().get(5);
        assertThat(t.params()).containsEntry("k", 5).containsEntry("weights", "distance");
        double[] cv = CrossValidation.score(() -> new KNeighborsClassifier(5, Weights.DISTANCE,
                NeighborSearch.Algorithm.BRUTE), X, y, new StratifiedKFold(3), Scoring.of("accuracy"));
        assertThat(t.evaluation().foldScores()).containsExactly(cv);
        for (Trial other : r.trials()) {
            assertThat(r.bestScore()).isGreaterThanOrEqualTo(other.score());
        }
    }

    @Test
    void everySearchCrossValidatesAnEstimatorFactory() {
        MlFixture f = MlFixture.get("linear");
        double[][] X = f.mat("X");
        double[] y = f.vec("y");
        SearchSpace space = SearchSpace.of(Param.logUniform("alpha", 1e-3, 1e3));
        java.util.function.Function<Map<String, Object>, io.cambium.ml.Estimator<double[]>> ridge =
                p -> new io.cambium.ml.linear.Ridge((Double) p.get("alpha"));
        double gridBest = new GridSearch(space).fit(ridge, X, y, 5).bestScore();
        for (HyperparameterSearch<?> s : new HyperparameterSearch<?>[] {new RandomSearch(space, 10, 1),
                new BayesianSearch(space, 10, 4, 1), new GeneticSearch(space, 5, 3, 1)}) {
            SearchResult r = s.parallelism(2).fit(ridge, X, y, 5);
            System.out.print(r.table());
            for (Trial t : r.trials()) {
                assertThat(t.evaluation().foldScores()).hasSize(5);
            }
            // Small alphas are all near-optimal for this well-determined problem; huge ones are not.
            assertThat(r.bestScore()).as(s.name()).isGreaterThan(gridBest - 0.01);
            assertThat((Double) r.bestParams().get("alpha")).as(s.name()).isLessThan(30.0);
        }
    }

    @Test
    void parallelTrialsGiveTheSameResultsAsSequentialOnes() {
        Objective o = Objective.of(HyperparameterSearchTest::branin);
        for (int threads : new int[] {1, 3}) {
            SearchResult random = new RandomSearch(braninSpace(), 12, 9).minimize().parallelism(threads).run(o);
            SearchResult genetic = new GeneticSearch(braninSpace(), 6, 3, 9).minimize().parallelism(threads).run(o);
            SearchResult bayes = new BayesianSearch(braninSpace(), 12, 4, 9).batch(3).minimize().parallelism(threads)
                    .run(o);
            assertThat(random.bestScore()).isEqualTo(new RandomSearch(braninSpace(), 12, 9).minimize().run(o).bestScore());
            assertThat(genetic.bestScore()).isEqualTo(new GeneticSearch(braninSpace(), 6, 3, 9).minimize().run(o)
                    .bestScore());
            assertThat(bayes.bestScore()).isEqualTo(new BayesianSearch(braninSpace(), 12, 4, 9).batch(3).minimize()
                    .run(o).bestScore());
            assertThat(bayes.trials()).hasSize(12);
        }
    }

    @Test
    void searchesTakeNamedOptionsAndKeepTheirTypeThroughTheFluentSetters() {
        Objective o = Objective.of(HyperparameterSearchTest::branin);
        // parallelism() and minimize() used to return HyperparameterSearch, hiding batch().
        BayesianSearch bayes = new BayesianSearch(braninSpace()).nIter(12).nInitialPoints(4).randomState(9)
                .parallelism(2).minimize().batch(3);
        assertThat(bayes.run(o).bestScore())
                .isEqualTo(new BayesianSearch(braninSpace(), 12, 4, 9).batch(3).minimize().run(o).bestScore());
        RandomSearch random = new RandomSearch(braninSpace()).nIter(12).randomState(9).minimize();
        assertThat(random.run(o).bestScore())
                .isEqualTo(new RandomSearch(braninSpace(), 12, 9).minimize().run(o).bestScore());
        GeneticSearch genetic = new GeneticSearch(braninSpace()).population(6).generations(3).randomState(9)
                .minimize().elite(2);
        assertThat(genetic.run(o).bestScore())
                .isEqualTo(new GeneticSearch(braninSpace(), 6, 3, 9).elite(2).minimize().run(o).bestScore());
        assertThat(new RandomSearch(braninSpace()).run(o).trials()).hasSize(10);
    }

    @Test
    void discreteSpacesAreEncodedAndDecodedConsistently() {
        SearchSpace s = SearchSpace.of(Param.intRange("n", 2, 6), Param.logUniform("lr", 1e-4, 1e-1),
                Param.choice("act", "relu", "tanh"));
        Map<String, Object> p = s.decode(new double[] {0.99, 0.5, 0.2});
        assertThat(p).containsEntry("n", 6).containsEntry("act", "relu");
        assertThat((Double) p.get("lr")).isCloseTo(Math.sqrt(1e-4 * 1e-1), org.assertj.core.data.Offset.offset(1e-12));
        assertThat(s.decode(s.encode(p))).isEqualTo(p);
        assertThat(SearchSpace.of(Param.intRange("n", 1, 3), Param.choice("c", "a", "b")).grid()).hasSize(6);
        // On a space of 10 points, a budget of 10 visits each point once.
        SearchSpace small = SearchSpace.of(Param.intRange("n", 1, 5), Param.choice("c", "a", "b"));
        SearchResult r = new BayesianSearch(small, 10, 2, 3)
                .run(Objective.of(q -> (Integer) q.get("n") + ("b".equals(q.get("c")) ? 0.5 : 0)));
        assertThat(r.trials().stream().map(t -> t.params().toString()).distinct().count()).isEqualTo(10);
        assertThat(r.bestScore()).isEqualTo(5.5);
        assertThat(BayesianSearch.normalCdf(1.0)).isCloseTo(0.8413447, org.assertj.core.data.Offset.offset(1e-6));
    }
}
