package io.cambium.ml.linalg;

/**
 * Limited-memory BFGS minimization of a smooth function of a double vector, with a backtracking
 * (Armijo) line search. A function value of +infinity or NaN marks an infeasible point; the line
 * search then shortens the step, which keeps e.g. a scale parameter positive.
 */
public final class Lbfgs {
    /** A differentiable objective: returns f(x) and writes ∇f(x) into {@code grad}. */
    @FunctionalInterface
    public interface Objective {
        double evaluate(double[] x, double[] grad);
    }

    /** Outcome of a minimization. */
    public record Result(double[] x, double value, int iterations, boolean converged) {
    }

    private final int memory;
    private final int maxIter;
    private final double gtol;

    /**
     * @param memory number of correction pairs kept
     * @param maxIter iteration limit
     * @param gtol stop when the largest absolute gradient component is at most this
     */
    public Lbfgs(int memory, int maxIter, double gtol) {
        this.memory = memory;
        this.maxIter = maxIter;
        this.gtol = gtol;
    }

    /** Minimizes {@code f} from {@code x0} (not modified). */
    public Result minimize(Objective f, double[] x0) {
        int n = x0.length;
        double[] x = x0.clone();
        double[] g = new double[n];
        double fx = f.evaluate(x, g);
        if (!Double.isFinite(fx)) {
            throw new IllegalArgumentException("L-BFGS: objective is not finite at the starting point");
        }
        double[][] s = new double[memory][];
        double[][] y = new double[memory][];
        double[] rho = new double[memory];
        int stored = 0;
        int head = 0;
        double[] alpha = new double[memory];
        double[] gNew = new double[n];
        double[] xNew = new double[n];
        int iter = 0;
        boolean converged = maxAbs(g) <= gtol;
        while (!converged && iter < maxIter) {
            iter++;
            // Two-loop recursion: d = -H g.
            double[] d = new double[n];
            for (int i = 0; i < n; i++) {
                d[i] = -g[i];
            }
            for (int k = 0; k < stored; k++) {
                int idx = (head - 1 - k + memory) % memory;
                alpha[idx] = rho[idx] * dot(s[idx], d);
                axpy(-alpha[idx], y[idx], d);
            }
            if (stored > 0) {
                int last = (head - 1 + memory) % memory;
                double gamma = dot(s[last], y[last]) / dot(y[last], y[last]);
                for (int i = 0; i < n; i++) {
                    d[i] *= gamma;
                }
            } else {
                double scale = 1 / Math.max(1, Math.sqrt(dot(g, g)));
                for (int i = 0; i < n; i++) {
                    d[i] *= scale;
                }
            }
            for (int k = stored - 1; k >= 0; k--) {
                int idx = (head - 1 - k + memory) % memory;
                double beta = rho[idx] * dot(y[idx], d);
                axpy(alpha[idx] - beta, s[idx], d);
            }
            double slope = dot(g, d);
            if (slope >= 0) {
                // Not a descent direction (curvature information went stale): restart from -g.
                for (int i = 0; i < n; i++) {
                    d[i] = -g[i];
                }
                slope = dot(g, d);
                stored = 0;
            }
            double step = 1;
            double fNew = Double.NaN;
            boolean accepted = false;
            for (int ls = 0; ls < 60; ls++) {
                for (int i = 0; i < n; i++) {
                    xNew[i] = x[i] + step * d[i];
                }
                fNew = f.evaluate(xNew, gNew);
                if (Double.isFinite(fNew) && fNew <= fx + 1e-4 * step * slope) {
                    accepted = true;
                    break;
                }
                step *= 0.5;
            }
            if (!accepted) {
                break;
            }
            double[] sk = new double[n];
            double[] yk = new double[n];
            for (int i = 0; i < n; i++) {
                sk[i] = xNew[i] - x[i];
                yk[i] = gNew[i] - g[i];
            }
            double sy = dot(sk, yk);
            if (sy > 1e-12 * Math.sqrt(dot(sk, sk) * dot(yk, yk))) {
                s[head] = sk;
                y[head] = yk;
                rho[head] = 1 / sy;
                head = (head + 1) % memory;
                stored = Math.min(stored + 1, memory);
            }
            double change = Math.abs(fx - fNew);
            System.arraycopy(xNew, 0, x, 0, n);
            System.arraycopy(gNew, 0, g, 0, n);
            fx = fNew;
            converged = maxAbs(g) <= gtol;
            if (!converged && change <= 1e-16 * Math.max(1, Math.abs(fx)) && maxAbs(sk) <= 1e-14 * (1 + maxAbs(x))) {
                break;
            }
        }
        return new Result(x, fx, iter, converged);
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    private static void axpy(double a, double[] x, double[] y) {
        for (int i = 0; i < x.length; i++) {
            y[i] += a * x[i];
        }
    }

    private static double maxAbs(double[] a) {
        double m = 0;
        for (double v : a) {
            m = Math.max(m, Math.abs(v));
        }
        return m;
    }
}
