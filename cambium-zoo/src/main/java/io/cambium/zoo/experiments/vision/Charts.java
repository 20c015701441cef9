package io.cambium.zoo.experiments.vision;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.CategoryAxis;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/** The experiments' PNG charts: grouped bars and line series (JFreeChart, headless). */
final class Charts {
    private static final Color[] PALETTE = {new Color(31, 119, 180), new Color(255, 127, 14), new Color(44, 160, 44),
        new Color(214, 39, 40), new Color(148, 103, 189), new Color(140, 86, 75), new Color(227, 119, 194)};

    private Charts() {
    }

    /**
     * Grouped bars: for each series (legend entry), one value per category.
     *
     * @param values series name to values in the order of {@code categories}
     */
    static byte[] bars(String title, String valueLabel, List<String> categories, Map<String, double[]> values,
                       double lower, double upper) {
        DefaultCategoryDataset ds = new DefaultCategoryDataset();
        for (Map.Entry<String, double[]> e : values.entrySet()) {
            for (int i = 0; i < categories.size(); i++) {
                ds.addValue(e.getValue()[i], e.getKey(), categories.get(i));
            }
        }
        NumberAxis y = new NumberAxis(valueLabel);
        if (upper > lower) {
            y.setRange(lower, upper);
        }
        BarRenderer r = new BarRenderer();
        r.setBarPainter(new StandardBarPainter());
        r.setShadowVisible(false);
        for (int i = 0; i < values.size(); i++) {
            r.setSeriesPaint(i, PALETTE[i % PALETTE.length]);
        }
        CategoryPlot plot = new CategoryPlot(ds, new CategoryAxis(), y, r);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
        return png(new JFreeChart(title, JFreeChart.DEFAULT_TITLE_FONT, plot, values.size() > 1), 900, 500);
    }

    /**
     * Line series against a shared x axis.
     *
     * @param series series name to {@code {x values, y values}}
     */
    static byte[] lines(String title, String xLabel, String yLabel, Map<String, double[][]> series, boolean logY) {
        XYSeriesCollection ds = new XYSeriesCollection();
        for (Map.Entry<String, double[][]> e : series.entrySet()) {
            XYSeries s = new XYSeries(e.getKey(), false, true);
            double[] xs = e.getValue()[0];
            double[] ys = e.getValue()[1];
            for (int i = 0; i < xs.length; i++) {
                if (!logY || ys[i] > 0) {
                    s.add(xs[i], ys[i]);
                }
            }
            ds.addSeries(s);
        }
        NumberAxis x = new NumberAxis(xLabel);
        x.setAutoRangeIncludesZero(false);
        ValueAxis y;
        if (logY) {
            y = new LogAxis(yLabel);
        } else {
            NumberAxis n = new NumberAxis(yLabel);
            n.setAutoRangeIncludesZero(false);
            y = n;
        }
        XYLineAndShapeRenderer r = new XYLineAndShapeRenderer(true, true);
        for (int i = 0; i < series.size(); i++) {
            r.setSeriesPaint(i, PALETTE[i % PALETTE.length]);
            r.setSeriesStroke(i, new BasicStroke(2f));
        }
        XYPlot plot = new XYPlot(ds, x, y, r);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
        plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
        return png(new JFreeChart(title, JFreeChart.DEFAULT_TITLE_FONT, plot, true), 900, 520);
    }

    private static byte[] png(JFreeChart chart, int w, int h) {
        chart.setBackgroundPaint(Color.WHITE);
        try {
            return ChartUtils.encodeAsPNG(chart.createBufferedImage(w, h));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
