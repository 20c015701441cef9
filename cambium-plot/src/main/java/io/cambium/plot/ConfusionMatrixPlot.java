package io.cambium.plot;


import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import java.nio.file.Path;

/**
 * A confusion-matrix heat map as a PNG: rows are true classes, columns predictions; each cell shows
 * its count, coloured by the fraction of its row (so the diagonal reads as per-class recall).
 */
public final class ConfusionMatrixPlot {
    private ConfusionMatrixPlot() {
    }

    /** Writes the heat map of {@code cm} to {@code png}. */
    public static void write(ConfusionMatrix cm, String title, Path png) {
        LearningCurves.save(image(cm, title), png);
    }

    /** The heat map of {@code cm} as an image (what {@link #write} saves). */
    public static BufferedImage image(ConfusionMatrix cm, String title) {
        int k = cm.classes();
        int cell = Math.max(44, Math.min(72, 640 / Math.max(1, k)));
        Font labelFont = new Font(Font.SANS_SERIF, Font.PLAIN, 13);
        BufferedImage probe = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB);
        FontMetrics fm = probe.createGraphics().getFontMetrics(labelFont);
        int nameW = 0;
        for (String n : cm.names()) {
            nameW = Math.max(nameW, fm.stringWidth(n));
        }
        int left = nameW + 60;
        int top = 70;
        int bottom = nameW + 60;
        int barW = 120;
        int w = left + k * cell + barW;
        int h = top + k * cell + bottom;
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, w, h);
        g.setColor(Color.DARK_GRAY);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 18));
        g.drawString(title, (left + k * cell) / 2 - g.getFontMetrics().stringWidth(title) / 2 + left / 3, 32);

        Font countFont = new Font(Font.SANS_SERIF, Font.BOLD, cell >= 60 ? 14 : 12);
        for (int i = 0; i < k; i++) {
            long support = cm.support(i);
            for (int j = 0; j < k; j++) {
                double frac = support == 0 ? 0 : (double) cm.get(i, j) / support;
                Color c = blues(frac);
                int x = left + j * cell;
                int y = top + i * cell;
                g.setColor(c);
                g.fillRect(x, y, cell, cell);
                g.setColor(frac > 0.5 ? Color.WHITE : new Color(40, 40, 40));
                g.setFont(countFont);
                String s = Long.toString(cm.get(i, j));
                FontMetrics f = g.getFontMetrics();
                g.drawString(s, x + (cell - f.stringWidth(s)) / 2, y + (cell + f.getAscent() - f.getDescent()) / 2);
            }
        }
        g.setColor(Color.GRAY);
        g.setStroke(new BasicStroke(1f));
        g.drawRect(left, top, k * cell, k * cell);

        g.setColor(Color.DARK_GRAY);
        g.setFont(labelFont);
        FontMetrics f = g.getFontMetrics();
        for (int i = 0; i < k; i++) {
            String n = cm.names().get(i);
            g.drawString(n, left - 8 - f.stringWidth(n), top + i * cell + (cell + f.getAscent() - f.getDescent()) / 2);
        }
        AffineTransform saved = g.getTransform();
        for (int j = 0; j < k; j++) {
            String n = cm.names().get(j);
            int x = left + j * cell + (cell + f.getAscent() - f.getDescent()) / 2;
            int y = top + k * cell + 8;
            g.setTransform(saved);
            g.rotate(Math.toRadians(-60), x, y);
            g.drawString(n, x - f.stringWidth(n), y);
        }
        g.setTransform(saved);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
        f = g.getFontMetrics();
        String px = "predicted class";
        g.drawString(px, left + (k * cell - f.stringWidth(px)) / 2, h - 14);
        String py = "true class";
        g.rotate(Math.toRadians(-90), 20, top + (k * cell + f.stringWidth(py)) / 2.0);
        g.drawString(py, 20, top + (k * cell + f.stringWidth(py)) / 2 + 4);
        g.setTransform(saved);

        // Colour bar: fraction of the true class.
        int bx = left + k * cell + 30;
        int bh = k * cell;
        for (int y = 0; y < bh; y++) {
            g.setColor(blues(1 - (double) y / (bh - 1)));
            g.fillRect(bx, top + y, 18, 1);
        }
        g.setColor(Color.GRAY);
        g.drawRect(bx, top, 18, bh);
        g.setColor(Color.DARK_GRAY);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        for (int t = 0; t <= 4; t++) {
            double v = t / 4.0;
            int y = top + (int) Math.round((1 - v) * (bh - 1));
            g.drawString(String.format("%.2f", v), bx + 24, y + 4);
        }
        int lx = bx + 76;
        String lab = "fraction of the true class";
        g.rotate(Math.toRadians(-90), lx, top + bh / 2.0);
        g.drawString(lab, lx - g.getFontMetrics().stringWidth(lab) / 2, top + bh / 2);
        g.setTransform(saved);
        g.dispose();
        return img;
    }

    /** A white-to-blue scale like matplotlib's "Blues". */
    static Color blues(double t) {
        t = Math.max(0, Math.min(1, t));
        int[][] stops = {{247, 251, 255}, {198, 219, 239}, {107, 174, 214}, {33, 113, 181}, {8, 48, 107}};
        double pos = t * (stops.length - 1);
        int i = Math.min((int) pos, stops.length - 2);
        double f = pos - i;
        int r = (int) Math.round(stops[i][0] + (stops[i + 1][0] - stops[i][0]) * f);
        int gg = (int) Math.round(stops[i][1] + (stops[i + 1][1] - stops[i][1]) * f);
        int b = (int) Math.round(stops[i][2] + (stops[i + 1][2] - stops[i][2]) * f);
        return new Color(r, gg, b);
    }
}
