package io.cambium.plot;

import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Locale;

/**
 * A matrix of values as a coloured grid (white to dark blue between the smallest and the largest
 * value), with row and column labels: attention weights, gradient norms per layer and epoch.
 */
public final class Heatmap extends Chart {
    private final String title;
    private final double[][] values;
    private List<String> rowLabels;
    private List<String> colLabels;
    private String rowAxis = "";
    private String colAxis = "";
    private boolean showValues;

    /** A heat map of {@code values[row][col]}. */
    public Heatmap(String title, double[][] values) {
        if (values.length == 0 || values[0].length == 0) {
            throw new IllegalArgumentException("heat map '" + title + "' needs at least one row and one column");
        }
        for (double[] row : values) {
            if (row.length != values[0].length) {
                throw new IllegalArgumentException("heat map '" + title + "': rows of different lengths");
            }
        }
        this.title = title;
        this.values = values;
    }

    /** Labels of the rows (top to bottom) and columns (left to right). */
    public Heatmap labels(List<String> rows, List<String> cols) {
        if (rows.size() != values.length || cols.size() != values[0].length) {
            throw new IllegalArgumentException("heat map '" + title + "': " + rows.size() + " x " + cols.size()
                    + " labels for a " + values.length + " x " + values[0].length + " matrix");
        }
        this.rowLabels = rows;
        this.colLabels = cols;
        return this;
    }

    /** Names of the row and column axes. */
    public Heatmap axes(String rows, String cols) {
        this.rowAxis = rows;
        this.colAxis = cols;
        return this;
    }

    /** Whether each cell prints its value (small matrices). */
    public Heatmap showValues(boolean on) {
        this.showValues = on;
        return this;
    }



    @Override
    public BufferedImage image() {
        int rows = values.length;
        int cols = values[0].length;
        int cell = Math.max(8, Math.min(48, 640 / Math.max(rows, cols)));
        Font font = new Font(Font.SANS_SERIF, Font.PLAIN, 12);
        FontMetrics fm = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB).createGraphics().getFontMetrics(font);
        int labelW = 0;
        if (rowLabels != null) {
            for (String s : rowLabels) {
                labelW = Math.max(labelW, fm.stringWidth(s));
            }
        }
        int colLabelW = 0;
        if (colLabels != null) {
            for (String s : colLabels) {
                colLabelW = Math.max(colLabelW, fm.stringWidth(s));
            }
        }
        int left = labelW + 40;
        int top = 56;
        int bottom = colLabelW + 40;
        int barW = 110;
        int w = Math.max(left + cols * cell + barW, fm.stringWidth(title) * 3 / 2 + 40);
        int h = top + rows * cell + bottom;
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (double[] row : values) {
            for (double v : row) {
                if (Double.isFinite(v)) {
                    min = Math.min(min, v);
                    max = Math.max(max, v);
                }
            }
        }
        if (!(max > min)) {
            max = min + 1;
        }
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = Png.whiteCanvas(img);
        g.setColor(Color.DARK_GRAY);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
        g.drawString(title, 16, 30);
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                double v = values[i][j];
                double t = Double.isFinite(v) ? (v - min) / (max - min) : 0;
                g.setColor(Double.isFinite(v) ? ConfusionMatrixPlot.blues(t) : new Color(230, 80, 80));
                g.fillRect(left + j * cell, top + i * cell, cell, cell);
                if (showValues && cell >= 30) {
                    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 10));
                    g.setColor(t > 0.5 ? Color.WHITE : Color.DARK_GRAY);
                    String s = String.format(Locale.ROOT, "%.2f", v);
                    FontMetrics f = g.getFontMetrics();
                    g.drawString(s, left + j * cell + (cell - f.stringWidth(s)) / 2, top + i * cell + cell / 2 + 4);
                }
            }
        }
        g.setColor(Color.GRAY);
        g.drawRect(left, top, cols * cell, rows * cell);
        g.setFont(font);
        g.setColor(Color.DARK_GRAY);
        if (rowLabels != null) {
            for (int i = 0; i < rows; i++) {
                String s = rowLabels.get(i);
                if (cell >= 12 || i % Math.max(1, 12 / cell) == 0) {
                    g.drawString(s, left - 6 - fm.stringWidth(s), top + i * cell + cell / 2 + 4);
                }
            }
        }
        if (colLabels != null) {
            AffineTransform saved = g.getTransform();
            for (int j = 0; j < cols; j++) {
                if (cell >= 12 || j % Math.max(1, 12 / cell) == 0) {
                    String s = colLabels.get(j);
                    int x = left + j * cell + cell / 2 + 4;
                    int y = top + rows * cell + 6;
                    g.rotate(Math.PI / 2, x, y);
                    g.drawString(s, x, y);
                    g.setTransform(saved);
                }
            }
        }
        g.drawString(rowAxis, 8, top - 8);
        g.drawString(colAxis, left, h - 10);
        int bx = left + cols * cell + 30;
        int bh = Math.max(60, rows * cell);
        for (int k = 0; k < bh; k++) {
            g.setColor(ConfusionMatrixPlot.blues(1 - (double) k / bh));
            g.fillRect(bx, top + k, 16, 1);
        }
        g.setColor(Color.DARK_GRAY);
        g.drawString(String.format(Locale.ROOT, "%.3g", max), bx + 20, top + 10);
        g.drawString(String.format(Locale.ROOT, "%.3g", min), bx + 20, top + bh);
        g.dispose();
        return img;
    }
}
