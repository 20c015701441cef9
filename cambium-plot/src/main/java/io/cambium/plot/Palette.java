package io.cambium.plot;

import java.awt.Color;

/** The series colours (matplotlib's "tab10"), so every chart of the project reads alike. */
final class Palette {
    private static final Color[] TAB10 = {
        new Color(31, 119, 180), new Color(255, 127, 14), new Color(44, 160, 44), new Color(214, 39, 40),
        new Color(148, 103, 189), new Color(140, 86, 75), new Color(227, 119, 194), new Color(127, 127, 127),
        new Color(188, 189, 34), new Color(23, 190, 207)};

    private Palette() {
    }

    static Color color(int i) {
        return TAB10[Math.floorMod(i, TAB10.length)];
    }
}
