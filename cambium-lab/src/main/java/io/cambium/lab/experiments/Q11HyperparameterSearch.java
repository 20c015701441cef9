package io.cambium.lab.experiments;

import io.cambium.Cambium;
import io.cambium.lab.Experiment;
import io.cambium.lab.Fmt;
import io.cambium.lab.Mode;
import io.cambium.lab.Progress;
import io.cambium.lab.Result;
import io.cambium.lab.Table;
import io.cambium.lab.support.LabData;
import io.cambium.lab.support.Series;
import io.cambium.ml.metrics.ClassificationMetrics;
import io.cambium.ml.nn.NeuralClassifier;
import io.cambium.ml.search.BayesianSearch;
import io.cambium.ml.search.GeneticSearch;
import io.cambium.ml.search.GridSearch;
import io.cambium.ml.search.HyperparameterSearch;
import io.cambium.ml.search.Param;
import io.cambium.ml.search.RandomSearch;
import io.cambium.ml.search.SearchResult;
import io.cambium.ml.search.SearchSpace;
import io.cambium.ml.search.Trial;
import io.cambium.ml.selection.Scoring;
import io.cambium.ml.selection.StratifiedKFold;
import io.cambium.nn.Layer;
import io.cambium.nn.Sequential;
import io.cambium.nn.layers.core.Dense;
import io.cambium.nn.layers.core.Dropout;
import io.cambium.nn.losses.Losses;
import io.cambium.nn.optimizers.Adam;
import io.cambium.nn.regularizers.Regularizers;
import io.cambium.nn.training.FitConfig;
import io.cambium.plot.LineChart;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Question 11: grid, random, Bayesian (Gaussian process + expected improvement) and genetic search
 * tune the same MLP on Fashion-MNIST with the same budget of trials, each trial scored by k-fold
 * cross-validation; best score against the number of trials.
 */
public final class Q11HyperparameterSearch implements Experiment {
    @Override
    public List<Integer> questions() {
        return List.of(11);
    }

    @Override
    public String title() {
        return "Hyperparameter search: grid, random, Bayesian and genetic search, best score against trials";
    }

    @Override
    public String summary() {
        return "The textbook answer lists grid search, random search, Bayesian optimization and genetic algorithms, "
                + "each scored by cross-validation. The experiment gives all four the same budget of trials on the "
                + "same four hyperparameters of an MLP (learning rate, hidden units, dropout, L2) and records the "
                + "best cross-validated accuracy after each trial, then the test accuracy of each one's choice.";
    }

    @Override
    public Result run(Mode mode, long seed, Progress progress) {
        LabData.Split data = LabData.fashion(mode.pick(500, 1500), 0, mode.pick(500, 3000), seed);
        double[][] x = LabData.rows(data.xTrain());
        double[][] xTest = LabData.rows(data.xTest());
        int budget = mode.pick(8, 24);
        int folds = mode.pick(2, 3);
        int epochs = mode.pick(3, 5);
        progress.total(4 * (budget * folds + 1));

        SearchSpace space = SearchSpace.of(Param.logUniform("lr", 1e-4, 3e-1), Param.intRange("units", 8, 256),
                Param.uniform("dropout", 0, 0.7), Param.logUniform("l2", 1e-6, 1e-1));
        // The grid has to choose its values in advance: 3 x 2 x 2 x 2 = 24 points (2 x 2 x 2 x 1 in quick mode).
        SearchSpace grid = mode == Mode.QUICK
                ? SearchSpace.of(Param.choice("lr", 1e-3, 3e-2), Param.choice("units", 32, 128),
                        Param.choice("dropout", 0.0, 0.4), Param.choice("l2", 1e-4))
                : SearchSpace.of(Param.choice("lr", 1e-3, 1e-2, 1e-1), Param.choice("units", 32, 128),
                        Param.choice("dropout", 0.0, 0.4), Param.choice("l2", 1e-5, 1e-3));
        List<HyperparameterSearch<?>> searches = List.of(
                new GridSearch(grid),
                new RandomSearch(space).nIter(budget).randomState(seed),
                new BayesianSearch(space).nIter(budget).nInitialPoints(Math.max(3, budget / 4)).randomState(seed),
                new GeneticSearch(space).population(mode.pick(4, 8)).generations(mode.pick(3, 4)).randomState(seed));

        Table table = new Table("Best of " + budget + " trials, " + folds + "-fold cross-validated accuracy on "
                + x.length + " images").text("search").num("trials", 0).num("best CV acc", 3).num("trial of best", 0)
                .num("trials to within 0.01 of best", 0).num("test acc of choice", 3).text("chosen lr, units, dropout, l2")
                .num("seconds", 1);
        LineChart curve = new LineChart("Best cross-validated accuracy so far").xLabel("trial").yLabel("accuracy")
                .integerX(true);
        for (HyperparameterSearch<?> search : searches) {
            String name = search.name();
            progress.message(name);
            long t0 = System.nanoTime();
            int[] trialCount = {0};
            SearchResult result = search.fit(p -> {
                progress.advance(1, name + ", trial " + (trialCount[0] / folds + 1));
                trialCount[0]++;
                return classifier(p, epochs, seed);
            }, x, data.yTrain(), new StratifiedKFold(folds).shuffle(true).randomState(seed), Scoring.of("accuracy"));
            double seconds = (System.nanoTime() - t0) / 1e9;
            List<Trial> trials = result.trials();
            double[] scores = new double[trials.size()];
            for (int i = 0; i < scores.length; i++) {
                scores[i] = trials.get(i).score();
            }
            double[] best = Series.runningMax(scores);
            int within = 0;
            while (best[within] < result.bestScore() - 0.01) {
                within++;
            }
            Map<String, Object> p = result.bestParams();
            NeuralClassifier chosen = classifier(p, epochs, seed).fit(x, data.yTrain());
            double testAcc = ClassificationMetrics.accuracy(data.yTest(), chosen.predict(xTest));
            progress.advance(1, name + " done");
            table.row(name, trials.size(), result.bestScore(), result.best().number(), within + 1, testAcc,
                    Fmt.sci(((Number) p.get("lr")).doubleValue()) + ", " + p.get("units") + ", "
                            + Fmt.f2(((Number) p.get("dropout")).doubleValue()) + ", "
                            + Fmt.sci(((Number) p.get("l2")).doubleValue()), seconds);
            curve.series(name, Series.oneTo(best.length), best);
        }

        int bestCol = table.columnIndex("best CV acc");
        int firstCol = table.columnIndex("trials to within 0.01 of best");
        Result.Builder out = Result.builder()
                .setup(data.describe() + ". Each trial trains a fresh MLP (Dense units ReLU, Dropout, Dense 10 softmax, "
                        + "L2 on both kernels, Adam with the trial's learning rate, " + epochs + " epochs, batch 64) "
                        + "wrapped as a cambium-ml NeuralClassifier, scored by " + folds + "-fold stratified "
                        + "cross-validation. Space: lr log-uniform [1e-4, 0.3], units 8..256, dropout [0, 0.7], "
                        + "l2 log-uniform [1e-6, 0.1]; the grid must fix its values in advance: " + (mode == Mode.QUICK
                        ? "lr 1e-3/3e-2, units 32/128, dropout 0/0.4, l2 1e-4" : "lr 1e-3/1e-2/0.1, units 32/128, "
                        + "dropout 0/0.4, l2 1e-5/1e-3") + ". Budget: " + budget
                        + " trials each (genetic: population x generations). Each network is seeded from its trial's "
                        + "parameters, so a trial is reproducible.")
                .table(table)
                .plot("best_so_far", "Best cross-validated accuracy after each trial.", curve.png());
        int grid0 = 0;
        int random = 1;
        int bayes = 2;
        int genetic = 3;
        out.check("Random search beats grid search with the same budget (Bergstra and Bengio)",
                table.value(random, bestCol) >= table.value(grid0, bestCol),
                "Best CV accuracy: random " + table.text(random, bestCol) + ", grid " + table.text(grid0, bestCol) + ".");
        out.check("Bayesian optimization finds a good configuration in fewer trials than random search",
                table.value(bayes, bestCol) >= table.value(random, bestCol)
                        && table.value(bayes, firstCol) <= table.value(random, firstCol),
                "Bayesian search reached " + table.text(bayes, bestCol) + " (within 0.01 of its best after "
                        + table.text(bayes, firstCol) + " trials); random search " + table.text(random, bestCol)
                        + " (after " + table.text(random, firstCol) + ").");
        out.check("A genetic search is competitive with random search",
                table.value(genetic, bestCol) >= table.value(random, bestCol) - 0.01,
                "Genetic search reached " + table.text(genetic, bestCol) + " against random search's "
                        + table.text(random, bestCol) + ".");
        int top = 0;
        for (int i = 1; i < table.rowCount(); i++) {
            top = table.value(i, bestCol) > table.value(top, bestCol) ? i : top;
        }
        out.observed(table.text(top, 0) + " found the best configuration (" + table.text(top, 6) + "), CV accuracy "
                + table.text(top, bestCol) + ", test accuracy " + table.text(top, 5) + "; with a budget this small "
                + "the order can change with the seed.");
        return out.build();
    }

    /** The network a trial's hyperparameters describe, seeded from them so that a trial is reproducible. */
    private static NeuralClassifier classifier(Map<String, Object> p, int epochs, long seed) {
        double lr = ((Number) p.get("lr")).doubleValue();
        int units = ((Number) p.get("units")).intValue();
        double dropout = ((Number) p.get("dropout")).doubleValue();
        double l2 = ((Number) p.get("l2")).doubleValue();
        return new NeuralClassifier(() -> {
            Cambium.seed(seed ^ p.hashCode());
            List<Layer> layers = new ArrayList<>();
            layers.add(new Dense(units).activation("relu").kernelRegularizer(Regularizers.l2(l2)).inputShape(784));
            if (dropout > 0) {
                layers.add(new Dropout(dropout));
            }
            layers.add(new Dense(10).activation("softmax").kernelRegularizer(Regularizers.l2(l2)));
            Sequential m = new Sequential(layers.toArray(new Layer[0]));
            m.compile(new Adam(lr), Losses.sparseCategoricalCrossentropy());
            return m;
        }, () -> FitConfig.epochs(epochs).batchSize(64).quiet());
    }
}
