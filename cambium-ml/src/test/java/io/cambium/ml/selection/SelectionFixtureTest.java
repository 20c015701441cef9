package io.cambium.ml.selection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cambium.ml.Close;
import io.cambium.ml.Data;
import io.cambium.ml.MlFixture;
import io.cambium.ml.linear.LogisticRegression;
import io.cambium.ml.linear.Ridge;
import io.cambium.ml.neighbors.KNeighborsClassifier;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

// Written against the round-1 API: its call forms, now deprecated, must keep working.
@SuppressWarnings("deprecation")
class SelectionFixtureTest {

    private static void assertFolds(String what, int[][] expected, List<Fold> folds, int n) {
        assertThat(folds).hasSize(expected.length);
        for (int f = 0; f < expected.length; f++) {
            assertThat(folds.get(f).test()).as(what + " fold " + f).containsExactly(expected[f]);
            assertThat(folds.get(f).train().length + folds.get(f).test().length).isEqualTo(n);
        }
    }

    @Test
    void foldsMatchScikitLearn() {
        MlFixture f = MlFixture.get("selection");
        int n = (int) f.d("n_kfold");
        assertFolds("KFold", f.intMat("kfold"), new KFold(5).split(new double[n]), n);
        double[] y = f.vec("y_strat");
        assertFolds("StratifiedKFold(5)", f.intMat("skfold"), new StratifiedKFold(5).split(y), y.length);
        assertFolds("StratifiedKFold(3)", f.intMat("skfold3"), new StratifiedKFold(3).split(y), y.length);
    }

    @Test
    void stratifiedFoldsTakeIntegerLabels() {
        MlFixture f = MlFixture.get("selection");
        int[] y = f.ints("y_strat");
        assertFolds("StratifiedKFold(5) on int labels", f.intMat("skfold"), new StratifiedKFold(5).split(y), y.length);
        assertFolds("default 5 folds", f.intMat("skfold"), new StratifiedKFold().split(y), y.length);
        assertThat(new StratifiedKFold(3).shuffle(true).randomState(11).split(y).get(1).test())
                .containsExactly(new StratifiedKFold(3).shuffle(true).randomState(11).split(f.vec("y_strat")).get(1).test());
        assertThat(new KFold().nSplits()).isEqualTo(5);
    }

    @Test
    void scorersByScikitLearnNameMatchCrossValScore() {
        MlFixture f = MlFixture.get("estimator_options");
        MlFixture lg = MlFixture.get("logistic");
        MlFixture knn = MlFixture.get("knn");
        Supplier<LogisticRegression> lr = () -> new LogisticRegression().tol(1e-10).maxIter(10_000);
        Close.check("roc_auc_ovr", f.vec("cv_roc_auc_ovr"), CrossValidation.score(lr, lg.mat("X3"), lg.ints("y3"),
                new StratifiedKFold(3), Scoring.of("roc_auc_ovr")), 1e-6, 1e-6);
        Close.check("neg_log_loss", f.vec("cv_neg_log_loss"), CrossValidation.score(lr, lg.mat("X3"), lg.ints("y3"),
                new StratifiedKFold(3), Scoring.of("neg_log_loss")), 1e-5, 1e-6);
        Close.check("average_precision", f.vec("cv_average_precision"), CrossValidation.score(lr, lg.mat("X"),
                lg.ints("y"), new StratifiedKFold(4), Scoring.of("average_precision")), 1e-6, 1e-6);
        Close.check("matthews_corrcoef", f.vec("cv_matthews"), CrossValidation.score(() -> new KNeighborsClassifier(3),
                knn.mat("X"), knn.ints("y"), new StratifiedKFold(5), Scoring.of("matthews_corrcoef")), 1e-12, 0);
        // Out-of-fold predictions come back as labels of the label type.
        int[] oof = CrossValidation.predict(() -> new KNeighborsClassifier(3), knn.mat("X"), knn.ints("y"),
                new StratifiedKFold(5));
        assertThat(oof).hasSize(60);
    }

    @Test
    void crossValScoreMatchesScikitLearn() {
        MlFixture knn = MlFixture.get("knn");
        double[] s = CrossValidation.score(() -> new KNeighborsClassifier(3), knn.mat("X"), knn.ints("y"), 5);
        Close.check("cv knn", MlFixture.get("selection").vec("cv_knn"), s, 1e-12, 0);
        MlFixture lin = MlFixture.get("linear");
        double[] r = CrossValidation.score(() -> new Ridge(1.0), lin.mat("X"), lin.vec("y"), 4);
        Close.check("cv ridge", MlFixture.get("selection").vec("cv_ridge"), r, 1e-10, 0);
    }

    @Test
    void shuffledFoldsPartitionTheSamplesAndKeepProportions() {
        double[] y = MlFixture.get("selection").vec("y_strat");
        List<Fold> folds = new StratifiedKFold(5, true, 11).split(y);
        Set<Integer> seen = new HashSet<>();
        for (Fold fold : folds) {
            int ones = 0;
            for (int i : fold.test()) {
                assertThat(seen.add(i)).isTrue();
                ones += y[i] == 1 ? 1 : 0;
            }
            // Class 1 has 6 members: each of 5 folds gets 1 or 2.
            assertThat(ones).isBetween(1, 2);
        }
        assertThat(seen).hasSize(y.length);
        assertThat(new StratifiedKFold(5, true, 11).split(y).get(2).test()).containsExactly(folds.get(2).test());
        assertThat(new KFold(4, true, 3).split(10).get(0).test()).hasSize(3);
    }

    @Test
    void trainTestSplitIsSeededAndStratified() {
        int[] y = new int[100];
        for (int i = 0; i < 100; i++) {
            y[i] = i < 80 ? 0 : (i < 95 ? 1 : 2);
        }
        Fold a = Splits.trainTestSplit(100, 0.25, 5, y);
        Fold b = Splits.trainTestSplit(100, 0.25, 5, y);
        assertThat(a.test()).containsExactly(b.test());
        assertThat(a.test()).hasSize(25);
        assertThat(a.train()).hasSize(75);
        int[] testCounts = new int[3];
        for (int i : a.test()) {
            testCounts[y[i]]++;
        }
        // 25% of 80/15/5 is 20/3.75/1.25: floors, then the largest remainders.
        assertThat(testCounts).containsExactly(20, 4, 1);
        Fold plain = Splits.trainTestSplit(10, 0.33, 1, null);
        assertThat(plain.test()).hasSize(4);
        Set<Integer> all = new HashSet<>();
        for (int i : plain.test()) {
            all.add(i);
        }
        for (int i : plain.train()) {
            all.add(i);
        }
        assertThat(all).hasSize(10);
        assertThatThrownBy(() -> Splits.trainTestSplit(5, 0.5, 1, new int[] {0, 0, 0, 0, 1}))
                .hasMessageContaining("only 1 member");
        assertThat(Data.unique(y)).containsExactly(0, 1, 2);
        double[][] X = new double[100][1];
        for (int i = 0; i < 100; i++) {
            X[i][0] = i;
        }
        TrainTest<double[]> tt = Splits.trainTestSplit(X, Data.toDouble(y), 0.25, 5, true);
        assertThat(tt.yTest()).hasSize(25);
        for (int i = 0; i < 25; i++) {
            assertThat(tt.XTest()[i][0]).isEqualTo(a.test()[i]);
            assertThat(tt.yTest()[i]).isEqualTo(y[a.test()[i]]);
        }
    }
}
