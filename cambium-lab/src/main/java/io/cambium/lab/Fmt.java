package io.cambium.lab;

import java.util.Locale;

/**
 * Number formatting shared by tables and conclusions, so that a number quoted in a conclusion is
 * written exactly as the table cell it comes from.
 */
public final class Fmt {
    private Fmt() {
    }

    /** {@code x} with {@code decimals} digits after the point; NaN and infinities spelled out. */
    public static String num(double x, int decimals) {
        if (Double.isNaN(x)) {
            return "NaN";
        }
        if (Double.isInfinite(x)) {
            return x > 0 ? "inf" : "-inf";
        }
        if (decimals <= 0) {
            return String.format(Locale.ROOT, "%d", Math.round(x));
        }
        String s = String.format(Locale.ROOT, "%." + decimals + "f", x);
        return s.startsWith("-") && s.matches("-0\\.0*") ? s.substring(1) : s;
    }

    /** Three decimals: accuracies, losses, gaps. */
    public static String f3(double x) {
        return num(x, 3);
    }

    /** Two decimals. */
    public static String f2(double x) {
        return num(x, 2);
    }

    /** Scientific notation with three significant digits (gradient norms that span decades). */
    public static String sci(double x) {
        if (Double.isNaN(x) || Double.isInfinite(x)) {
            return num(x, 0);
        }
        return String.format(Locale.ROOT, "%.2e", x);
    }

    /** A ratio written as "12.3x" with one decimal. */
    public static String times(double ratio) {
        return num(ratio, 1) + "x";
    }

    /** A duration in seconds as m:ss. */
    public static String clock(double seconds) {
        long s = Math.max(0, Math.round(seconds));
        return String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
    }
}
