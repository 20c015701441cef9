package io.cambium.lab;

import java.util.Locale;

/** How much an experiment measures: a quick run (at most about 30 s) or the full one (at most about 5 min). */
public enum Mode {
    /** Small data and few epochs: the same comparisons, noisier numbers. */
    QUICK,
    /** The sizes the page's conclusions are written for. */
    FULL;

    /** The lower-case name used in file names and JSON ("quick", "full"). */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The mode named {@code label} ("quick" or "full", any case). */
    public static Mode of(String label) {
        for (Mode m : values()) {
            if (m.label().equalsIgnoreCase(label)) {
                return m;
            }
        }
        throw new IllegalArgumentException("unknown lab mode '" + label + "', expected quick or full");
    }

    /** {@code quick} in quick mode, else {@code full}: sizes written side by side read like a table. */
    public int pick(int quick, int full) {
        return this == QUICK ? quick : full;
    }

    /** {@code quick} in quick mode, else {@code full}. */
    public double pick(double quick, double full) {
        return this == QUICK ? quick : full;
    }
}
