package io.cambium.plot;

import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.TextTitle;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;

/**
 * A chart of y against x for several named series, as a PNG: lines, points, or both; linear or
 * logarithmic axes. Points that a log axis cannot show (zero, negative) and non-finite values are
 * left out, so a diverged run ends its line instead of breaking the chart.
 *
 * <pre>{@code
 * byte[] png = new LineChart("Gradient norm per layer").xLabel("layer").yLabel("norm").logY(true)
 *         .series("sigmoid", layers, sigmoidNorms).series("relu", layers, reluNorms).png();
 * }</pre>
 */
public final class LineChart extends Chart {
    private enum Style { LINE, POINTS, DASHED }

    private record Series(String name, double[] x, double[] y, Style style) {
    }

    private final String title;
    private final List<Series> series = new ArrayList<>();
    private String xLabel = "";
    private String yLabel = "";
    private boolean logX;
    private boolean logY;
    private boolean integerX;
    private int width = 760;
    private int height = 460;

    /** An empty chart titled {@code title}. */
    public LineChart(String title) {
        this.title = title;
    }

    /** The x-axis label. */
    public LineChart xLabel(String label) {
        this.xLabel = label;
        return this;
    }

    /** The y-axis label. */
    public LineChart yLabel(String label) {
        this.yLabel = label;
        return this;
    }

    /** Whether the x axis is logarithmic. */
    public LineChart logX(boolean on) {
        this.logX = on;
        return this;
    }

    /** Whether the y axis is logarithmic. */
    public LineChart logY(boolean on) {
        this.logY = on;
        return this;
    }

    /** Whether x ticks are whole numbers (epochs, layers). */
    public LineChart integerX(boolean on) {
        this.integerX = on;
        return this;
    }

    /** The picture size in pixels. */
    public LineChart size(int w, int h) {
        if (w < 100 || h < 100) {
            throw new IllegalArgumentException("chart size must be at least 100 x 100, got " + w + " x " + h);
        }
        this.width = w;
        this.height = h;
        return this;
    }

    /** Adds a series drawn as a line with points. */
    public LineChart series(String name, double[] x, double[] y) {
        return add(name, x, y, Style.LINE);
    }

    /** Adds a series drawn as a dashed line. */
    public LineChart dashed(String name, double[] x, double[] y) {
        return add(name, x, y, Style.DASHED);
    }

    /** Adds a series drawn as points only (a scatter). */
    public LineChart points(String name, double[] x, double[] y) {
        return add(name, x, y, Style.POINTS);
    }

    /** Adds a series with x = 1, 2, ... (epochs, trials). */
    public LineChart series(String name, double[] y) {
        double[] x = new double[y.length];
        for (int i = 0; i < y.length; i++) {
            x[i] = i + 1;
        }
        return series(name, x, y);
    }

    private LineChart add(String name, double[] x, double[] y, Style style) {
        if (x.length != y.length) {
            throw new IllegalArgumentException("series '" + name + "': " + x.length + " x values but " + y.length
                    + " y values");
        }
        series.add(new Series(name, x.clone(), y.clone(), style));
        return this;
    }



    @Override
    public BufferedImage image() {
        if (series.isEmpty()) {
            throw new IllegalStateException("chart '" + title + "' has no series");
        }
        XYSeriesCollection data = new XYSeriesCollection();
        XYLineAndShapeRenderer r = new XYLineAndShapeRenderer(true, true);
        for (int i = 0; i < series.size(); i++) {
            Series s = series.get(i);
            XYSeries xy = new XYSeries(s.name(), false, true);
            for (int j = 0; j < s.x().length; j++) {
                double x = s.x()[j];
                double y = s.y()[j];
                if (Double.isFinite(x) && Double.isFinite(y) && (!logX || x > 0) && (!logY || y > 0)) {
                    xy.add(x, y);
                }
            }
            data.addSeries(xy);
            Color c = Palette.color(i);
            r.setSeriesPaint(i, c);
            r.setSeriesLinesVisible(i, s.style() != Style.POINTS);
            r.setSeriesShapesVisible(i, s.style() != Style.DASHED || s.x().length <= 30);
            r.setSeriesStroke(i, s.style() == Style.DASHED
                    ? new BasicStroke(2.2f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND, 1f, new float[] {8f, 6f}, 0f)
                    : new BasicStroke(2.2f));
        }
        ValueAxis x = axis(xLabel, logX);
        if (integerX && x instanceof NumberAxis nx) {
            nx.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        }
        ValueAxis y = axis(yLabel, logY);
        XYPlot plot = new XYPlot(data, x, y, r);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(new Color(220, 220, 220));
        plot.setRangeGridlinePaint(new Color(220, 220, 220));
        plot.setOutlinePaint(Color.GRAY);
        JFreeChart chart = new JFreeChart(null, JFreeChart.DEFAULT_TITLE_FONT, plot, true);
        chart.setTitle(new TextTitle(title, new Font(Font.SANS_SERIF, Font.BOLD, 16)));
        chart.setBackgroundPaint(Color.WHITE);
        return draw(chart, width, height);
    }

    private static ValueAxis axis(String label, boolean log) {
        if (log) {
            LogAxis a = new LogAxis(label);
            a.setBase(10);
            a.setSmallestValue(1e-300);
            return a;
        }
        NumberAxis a = new NumberAxis(label);
        a.setAutoRangeIncludesZero(false);
        return a;
    }

    static BufferedImage draw(JFreeChart chart, int w, int h) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = Png.whiteCanvas(img);
        chart.draw(g, new Rectangle2D.Double(0, 0, w, h));
        g.dispose();
        return img;
    }
}
