package io.cambium.ml.ensemble;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cambium.ml.Classifier;
import io.cambium.ml.Close;
import io.cambium.ml.Regressor;
import io.cambium.ml.MlFixture;
import io.cambium.ml.linear.LinearRegression;
import io.cambium.ml.linear.LogisticRegression;
import io.cambium.ml.neighbors.KNeighborsClassifier;
import io.cambium.ml.neighbors.KNeighborsRegressor;
import io.cambium.ml.neighbors.NeighborSearch;
import io.cambium.ml.neighbors.Weights;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

// Written against the round-1 API: its call forms, now deprecated, must keep working.
@SuppressWarnings("deprecation")
class VotingFixtureTest {

    private static List<Supplier<? extends Classifier>> members() {
        return List.of(() -> new KNeighborsClassifier(3),
                () -> new KNeighborsClassifier(7, Weights.DISTANCE, NeighborSearch.Algorithm.KD_TREE),
                () -> new LogisticRegression(1.0, true, 10000, 1e-10, false));
    }

    @Test
    void votingMatchesScikitLearn() {
        MlFixture data = MlFixture.get("knn");
        MlFixture f = MlFixture.get("voting");
        double[][] X = data.mat("X");
        double[] y = data.vec("y");
        double[][] q = data.mat("X_query");
        VotingClassifier hard = new VotingClassifier(members(), Voting.HARD).fit(X, y);
        assertThat(hard.predict(q)).containsExactly(f.ints("hard_pred"));
        assertThatThrownBy(() -> hard.predictProba(q)).hasMessageContaining("HARD");
        VotingClassifier soft = new VotingClassifier(members(), Voting.SOFT, new double[] {1, 2, 1}).fit(X, y);
        Close.check("soft proba", f.mat("soft_proba"), soft.predictProba(q), 1e-5, 1e-6);
        assertThat(soft.predict(q)).containsExactly(f.ints("soft_pred"));
        List<Supplier<? extends Regressor>> regs = List.of(() -> new KNeighborsRegressor(5), LinearRegression::new);
        VotingRegressor avg = new VotingRegressor(regs, new double[] {1, 3}).fit(X, data.vec("y_reg"));
        Close.check("averaging", f.vec("reg_pred"), avg.predict(q), 1e-10, 1e-10);
    }
}
