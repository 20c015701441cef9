package io.cambium.plot;

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
import java.awt.geom.Ellipse2D;
import java.nio.file.Path;
import java.util.List;

/**
 * Panels of x-y line charts as one PNG, for curves whose x axis is not the epoch (learning curves
 * of reinforcement-learning runs against environment steps, for example). Each series is a solid
 * line, a dashed line or markers, coloured from the Tableau palette in order.
 */
public final class XYChart {
    private static final Color[] PALETTE = {new Color(31, 119, 180), new Color(255, 127, 14), new Color(44, 160, 44),
        new Color(214, 39, 40), new Color(148, 103, 189), new Color(140, 86, 75), new Color(227, 119, 194),
        new Color(127, 127, 127)};
    private static final int PANEL_W = 640;
    private static final int PANEL_H = 440;

    /** How a series is drawn. */
    public enum Style { LINE, DASHED, MARKERS, THIN }

    /** One named series of points. */
    public record Series(String name, double[] x, double[] y, Style style) {
        /** Checks that both coordinates have the same length. */
        public Series {
            if (x.length != y.length) {
                throw new IllegalArgumentException("XYChart series '" + name + "': " + x.length + " x values and "
                        + y.length + " y values");
            }
        }
    }

    /** One panel: a title, axis labels and its series. */
    public record Panel(String title, String xLabel, String yLabel, List<Series> series) {
    }

    private XYChart() {
    }

    /** Writes the panels side by side under {@code title} to {@code png}. */
    public static void write(String title, List<Panel> panels, Path png) {
        if (panels.isEmpty()) {
            throw new IllegalArgumentException("XYChart: no panels for " + png);
        }
        List<JFreeChart> charts = new java.util.ArrayList<>();
        for (Panel p : panels) {
            charts.add(chart(p));
        }
        LearningCurves.writePanels(title, charts, PANEL_W, PANEL_H, png);
    }

    private static JFreeChart chart(Panel p) {
        XYSeriesCollection data = new XYSeriesCollection();
        XYLineAndShapeRenderer r = new XYLineAndShapeRenderer();
        for (int i = 0; i < p.series().size(); i++) {
            Series s = p.series().get(i);
            XYSeries xy = new XYSeries(s.name(), false, true);
            for (int k = 0; k < s.x().length; k++) {
                xy.add(s.x()[k], s.y()[k]);
            }
            data.addSeries(xy);
            Color c = PALETTE[i % PALETTE.length];
            r.setSeriesPaint(i, s.style() == Style.THIN ? new Color(c.getRed(), c.getGreen(), c.getBlue(), 90) : c);
            r.setSeriesLinesVisible(i, s.style() != Style.MARKERS);
            r.setSeriesShapesVisible(i, s.style() == Style.MARKERS);
            r.setSeriesShape(i, new Ellipse2D.Double(-3.5, -3.5, 7, 7));
            r.setSeriesStroke(i, switch (s.style()) {
                case DASHED -> new BasicStroke(2.2f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND, 1f, new float[] {8f, 6f}, 0f);
                case THIN -> new BasicStroke(1f);
                default -> new BasicStroke(2.2f);
            });
        }
        NumberAxis x = new NumberAxis(p.xLabel());
        x.setAutoRangeIncludesZero(false);
        NumberAxis y = new NumberAxis(p.yLabel());
        y.setAutoRangeIncludesZero(false);
        XYPlot plot = new XYPlot(data, x, y, r);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(new Color(220, 220, 220));
        plot.setRangeGridlinePaint(new Color(220, 220, 220));
        plot.setOutlinePaint(Color.GRAY);
        JFreeChart chart = new JFreeChart(null, JFreeChart.DEFAULT_TITLE_FONT, plot, true);
        chart.setTitle(new TextTitle(p.title(), new Font(Font.SANS_SERIF, Font.BOLD, 15)));
        chart.setBackgroundPaint(Color.WHITE);
        return chart;
    }
}
