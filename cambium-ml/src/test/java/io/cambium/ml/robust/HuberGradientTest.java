package io.cambium.ml.robust;

import io.cambium.ml.GradientCheck;
import io.cambium.tensor.random.Rng;
import org.junit.jupiter.api.Test;

// Written against the round-1 API: its call forms, now deprecated, must keep working.
@SuppressWarnings("deprecation")
class HuberGradientTest {

    @Test
    void huberObjectiveGradientMatchesFiniteDifferences() {
        Rng rng = new Rng(8);
        double[][] X = new double[20][2];
        double[] y = new double[20];
        double[] sw = new double[20];
        for (int i = 0; i < 20; i++) {
            X[i][0] = rng.nextGaussian();
            X[i][1] = rng.nextGaussian();
            y[i] = X[i][0] - 2 * X[i][1] + (i % 5 == 0 ? 6 : 0.3 * rng.nextGaussian());
            sw[i] = 0.5 + rng.nextDouble();
        }
        HuberRegressor h = new HuberRegressor(1.35, 0.05);
        // Params (w0, w1, intercept, sigma) where no residual sits on the |r| = eps·sigma kink.
        double[] t = {0.8, -1.5, 0.2, 0.9};
        GradientCheck.check("huber", (p, g) -> h.loss(X, y, sw, p, g, 2), t, 1e-7, 1e-5);
    }
}
