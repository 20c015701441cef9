package io.cambium.ml.linear;

import io.cambium.ml.GradientCheck;
import io.cambium.tensor.random.Rng;
import org.junit.jupiter.api.Test;

class ObjectiveGradientTest {

    @Test
    void logisticGradientsMatchFiniteDifferences() {
        Rng rng = new Rng(4);
        double[][] X = new double[15][3];
        int[] bin = new int[15];
        int[] multi = new int[15];
        double[] sw = new double[15];
        for (int i = 0; i < 15; i++) {
            for (int j = 0; j < 3; j++) {
                X[i][j] = rng.nextGaussian();
            }
            bin[i] = rng.nextInt(2);
            multi[i] = rng.nextInt(4);
            sw[i] = 0.5 + rng.nextDouble();
        }
        LogisticRegression lr = new LogisticRegression(0.7);
        double[] w1 = new double[4];
        double[] w4 = new double[16];
        for (int i = 0; i < w4.length; i++) {
            w4[i] = rng.nextGaussian();
            if (i < 4) {
                w1[i] = rng.nextGaussian();
            }
        }
        GradientCheck.check("binary logistic", (w, g) -> lr.objective(X, bin, sw, w, g, 1), w1, 1e-6, 1e-6);
        GradientCheck.check("multinomial logistic", (w, g) -> lr.objective(X, multi, sw, w, g, 4), w4, 1e-6, 1e-6);
    }
}
