package io.cambium.nn.optimizers;

/** Validation of shared hyperparameters. */
final class Betas {
    private Betas() {
    }

    static void check(String opt, float b1, float b2) {
        if (!(b1 >= 0 && b1 < 1) || !(b2 >= 0 && b2 < 1)) {
            throw new IllegalArgumentException(opt + ": betas must be in [0, 1), got " + b1 + ", " + b2);
        }
    }

    static float checkEpsilon(String opt, float eps) {
        if (!(eps >= 0)) {
            throw new IllegalArgumentException(opt + ": epsilon must be >= 0, got " + eps);
        }
        return eps;
    }

    static float checkRate(String opt, String what, float rho) {
        if (!(rho >= 0 && rho <= 1)) {
            throw new IllegalArgumentException(opt + ": " + what + " must be in [0, 1], got " + rho);
        }
        return rho;
    }
}
