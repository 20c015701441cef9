package io.cambium.plot;

import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.CategoryAxis;
import org.jfree.chart.axis.CategoryLabelPositions;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.chart.title.TextTitle;
import org.jfree.data.category.DefaultCategoryDataset;

import java.awt.Color;
import java.awt.Font;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Grouped bars as a PNG: one group per category, one bar per series.
 *
 * <pre>{@code
 * byte[] png = new BarChart("Minority recall").categories("plain", "class weights", "SMOTE")
 *         .series("recall", new double[] {0.12, 0.81, 0.77}).png();
 * }</pre>
 */
public final class BarChart extends Chart {
    private final String title;
    private final List<String> categories = new ArrayList<>();
    private final Map<String, double[]> series = new LinkedHashMap<>();
    private String yLabel = "";
    private int width = 760;
    private int height = 460;

    /** An empty chart titled {@code title}. */
    public BarChart(String title) {
        this.title = title;
    }

    /** The categories along the x axis, in order. */
    public BarChart categories(String... names) {
        categories.clear();
        categories.addAll(List.of(names));
        return this;
    }

    /** The categories along the x axis, in order. */
    public BarChart categories(List<String> names) {
        return categories(names.toArray(new String[0]));
    }

    /** Adds a series: one value per category. */
    public BarChart series(String name, double[] values) {
        if (values.length != categories.size()) {
            throw new IllegalArgumentException("bar series '" + name + "': " + values.length + " values for "
                    + categories.size() + " categories");
        }
        series.put(name, values.clone());
        return this;
    }

    /** The y-axis label. */
    public BarChart yLabel(String label) {
        this.yLabel = label;
        return this;
    }

    /** The picture size in pixels. */
    public BarChart size(int w, int h) {
        this.width = w;
        this.height = h;
        return this;
    }



    @Override
    public BufferedImage image() {
        if (series.isEmpty()) {
            throw new IllegalStateException("bar chart '" + title + "' has no series");
        }
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        for (Map.Entry<String, double[]> s : series.entrySet()) {
            for (int i = 0; i < categories.size(); i++) {
                double v = s.getValue()[i];
                data.addValue(Double.isFinite(v) ? v : null, s.getKey(), categories.get(i));
            }
        }
        BarRenderer r = new BarRenderer();
        r.setBarPainter(new StandardBarPainter());
        r.setShadowVisible(false);
        r.setItemMargin(0.05);
        for (int i = 0; i < series.size(); i++) {
            r.setSeriesPaint(i, Palette.color(i));
        }
        CategoryAxis x = new CategoryAxis();
        x.setMaximumCategoryLabelLines(3);
        if (categories.size() > 6) {
            x.setCategoryLabelPositions(CategoryLabelPositions.UP_45);
        }
        NumberAxis y = new NumberAxis(yLabel);
        CategoryPlot plot = new CategoryPlot(data, x, y, r);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setRangeGridlinePaint(new Color(220, 220, 220));
        plot.setOutlinePaint(Color.GRAY);
        JFreeChart chart = new JFreeChart(null, JFreeChart.DEFAULT_TITLE_FONT, plot, series.size() > 1);
        chart.setTitle(new TextTitle(title, new Font(Font.SANS_SERIF, Font.BOLD, 16)));
        chart.setBackgroundPaint(Color.WHITE);
        BufferedImage img = LineChart.draw(chart, width, height);
        return img;
    }
}
