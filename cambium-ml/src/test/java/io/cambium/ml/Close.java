package io.cambium.ml;

/** Element-wise closeness assertions with messages naming the quantity. */
public final class Close {
    private Close() {
    }

    public static void check(String what, double expected, double actual, double rtol, double atol) {
        boolean ok = (Double.isNaN(expected) && Double.isNaN(actual))
                || Math.abs(actual - expected) <= atol + rtol * Math.abs(expected);
        if (!ok) {
            throw new AssertionError(what + ": got " + actual + ", expected " + expected + " (rtol " + rtol
                    + ", atol " + atol + ")");
        }
    }

    public static void check(String what, double[] expected, double[] actual, double rtol, double atol) {
        if (expected.length != actual.length) {
            throw new AssertionError(what + ": length " + actual.length + ", expected " + expected.length);
        }
        for (int i = 0; i < expected.length; i++) {
            check(what + "[" + i + "]", expected[i], actual[i], rtol, atol);
        }
    }

    public static void check(String what, double[][] expected, double[][] actual, double rtol, double atol) {
        if (expected.length != actual.length) {
            throw new AssertionError(what + ": " + actual.length + " rows, expected " + expected.length);
        }
        for (int i = 0; i < expected.length; i++) {
            check(what + "[" + i + "]", expected[i], actual[i], rtol, atol);
        }
    }

    public static double[][] toDouble(long[][] a) {
        double[][] out = new double[a.length][];
        for (int i = 0; i < a.length; i++) {
            out[i] = new double[a[i].length];
            for (int j = 0; j < a[i].length; j++) {
                out[i][j] = a[i][j];
            }
        }
        return out;
    }
}
