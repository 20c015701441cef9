package io.cambium.plot;

import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.TextTitle;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Learning curves as a PNG: one panel per quantity (loss first, then each metric), training in
 * solid blue and validation ({@code val_} entries) in dashed orange, against the epoch.
 */
public final class LearningCurves {
    private static final Color TRAIN = new Color(31, 119, 180);
    private static final Color VAL = new Color(255, 127, 14);
    private static final int PANEL_W = 560;
    private static final int PANEL_H = 420;

    private LearningCurves() {
    }

    /**
     * Writes the curves of a training history ({@code name -> value per epoch}, as Keras'
     * {@code history.history}) to {@code png}.
     */
    public static void write(Map<String, List<Double>> history, String title, Path png) {
        save(image(history, title), png);
    }

    /** The curves of a training history as an image (what {@link #write} saves). */
    public static BufferedImage image(Map<String, List<Double>> history, String title) {
        Map<String, List<Double>> panels = new LinkedHashMap<>();
        if (history.containsKey("loss")) {
            panels.put("loss", history.get("loss"));
        }
        for (String k : history.keySet()) {
            if (!k.startsWith("val_") && !k.equals("lr") && !k.equals("learning_rate")) {
                panels.putIfAbsent(k, history.get(k));
            }
        }
        if (panels.isEmpty()) {
            throw new IllegalArgumentException("LearningCurves: the history has no training quantities: " + history.keySet());
        }
        List<JFreeChart> charts = new ArrayList<>();
        for (String k : panels.keySet()) {
            charts.add(panel(k, history.get(k), history.get("val_" + k)));
        }
        return drawPanels(title, charts, PANEL_W, PANEL_H);
    }

    /** Draws {@code charts} side by side under a centred title and writes the PNG. */
    static void writePanels(String title, List<JFreeChart> charts, int panelW, int panelH, Path png) {
        save(drawPanels(title, charts, panelW, panelH), png);
    }

    /** Draws {@code charts} side by side under a centred title. */
    static BufferedImage drawPanels(String title, List<JFreeChart> charts, int panelW, int panelH) {
        int top = 46;
        BufferedImage img = new BufferedImage(charts.size() * panelW, panelH + top, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, img.getWidth(), img.getHeight());
        g.setColor(Color.DARK_GRAY);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 18));
        int tw = g.getFontMetrics().stringWidth(title);
        g.drawString(title, (img.getWidth() - tw) / 2, 30);
        for (int i = 0; i < charts.size(); i++) {
            charts.get(i).draw(g, new Rectangle2D.Double(i * panelW, top, panelW, panelH));
        }
        g.dispose();
        return img;
    }

    private static JFreeChart panel(String name, List<Double> train, List<Double> val) {
        XYSeriesCollection data = new XYSeriesCollection();
        data.addSeries(series("train " + name, train));
        if (val != null) {
            data.addSeries(series("validation " + name, val));
        }
        NumberAxis x = new NumberAxis("epoch");
        x.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        x.setRange(0.8, Math.max(train.size(), val == null ? 0 : val.size()) + 0.2);
        NumberAxis y = new NumberAxis(name);
        y.setAutoRangeIncludesZero(false);
        XYLineAndShapeRenderer r = new XYLineAndShapeRenderer(true, true);
        r.setSeriesPaint(0, TRAIN);
        r.setSeriesStroke(0, new BasicStroke(2.5f));
        r.setSeriesPaint(1, VAL);
        r.setSeriesStroke(1, new BasicStroke(2.5f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND, 1f,
                new float[] {8f, 6f}, 0f));
        XYPlot plot = new XYPlot(data, x, y, r);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(new Color(220, 220, 220));
        plot.setRangeGridlinePaint(new Color(220, 220, 220));
        plot.setDomainGridlinesVisible(true);
        plot.setRangeGridlinesVisible(true);
        plot.setOutlinePaint(Color.GRAY);
        JFreeChart chart = new JFreeChart(null, JFreeChart.DEFAULT_TITLE_FONT, plot, true);
        chart.setTitle(new TextTitle(name, new Font(Font.SANS_SERIF, Font.BOLD, 15)));
        chart.setBackgroundPaint(Color.WHITE);
        return chart;
    }

    private static XYSeries series(String key, List<Double> values) {
        XYSeries s = new XYSeries(key);
        for (int i = 0; i < values.size(); i++) {
            s.add(i + 1, values.get(i));
        }
        return s;
    }

    static void save(BufferedImage img, Path png) {
        try {
            Path parent = png.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            try (var out = Files.newOutputStream(png)) {
                ChartUtils.writeBufferedImageAsPNG(out, img);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write plot " + png + ": " + e.getMessage(), e);
        }
    }
}
