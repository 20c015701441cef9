package io.cambium.ml;

import io.cambium.ml.linalg.Lbfgs;

/** Central finite-difference check of an analytic gradient (double precision). */
public final class GradientCheck {
    private GradientCheck() {
    }

    /** Asserts that the gradient of f at x matches central differences with step h. */
    public static void check(String what, Lbfgs.Objective f, double[] x, double h, double tol) {
        double[] g = new double[x.length];
        f.evaluate(x, g);
        double[] scratch = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            double[] xp = x.clone();
            double[] xm = x.clone();
            xp[i] += h;
            xm[i] -= h;
            double num = (f.evaluate(xp, scratch) - f.evaluate(xm, scratch)) / (2 * h);
            Close.check(what + " d/dx" + i, num, g[i], tol, tol);
        }
    }
}
