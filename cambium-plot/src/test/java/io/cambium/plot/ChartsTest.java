package io.cambium.plot;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The general charts: each is a readable PNG of its size, and bad input is an error naming the chart. */
class ChartsTest {
    @BeforeAll
    static void headless() {
        System.setProperty("java.awt.headless", "true");
    }

    private static BufferedImage decode(byte[] png) throws Exception {
        BufferedImage img = ImageIO.read(new ByteArrayInputStream(png));
        assertThat(img).isNotNull();
        return img;
    }

    @Test
    void lineChartDrawsSeriesAndLeavesOutWhatALogAxisCannotShow() throws Exception {
        byte[] png = new LineChart("norms").xLabel("layer").yLabel("norm").logY(true).size(500, 300)
                .series("a", new double[] {1, 2, 3}, new double[] {1e-6, 1e-3, 1})
                .dashed("b", new double[] {1, 2, 3}, new double[] {0, Double.NaN, Double.POSITIVE_INFINITY})
                .points("c", new double[] {1, 2}, new double[] {2, 3}).png();
        BufferedImage img = decode(png);
        assertThat(img.getWidth()).isEqualTo(500);
        assertThat(img.getHeight()).isEqualTo(300);
        assertThatThrownBy(() -> new LineChart("x").series("s", new double[] {1}, new double[] {1, 2}))
                .hasMessageContaining("series 's'");
        assertThatThrownBy(() -> new LineChart("empty").png()).hasMessageContaining("chart 'empty' has no series");
    }

    @Test
    void barChartHeatmapAndImageGrid() throws Exception {
        assertThat(decode(new BarChart("bars").categories("a", "b").series("s", new double[] {1, Double.NaN}).png())
                .getWidth()).isEqualTo(760);
        assertThatThrownBy(() -> new BarChart("bars").categories("a", "b").series("s", new double[] {1}))
                .hasMessageContaining("1 values for 2 categories");

        double[][] m = {{0.1, 0.9}, {0.5, Double.NaN}};
        BufferedImage heat = decode(new Heatmap("attention", m).labels(List.of("q0", "q1"), List.of("k0", "k1"))
                .showValues(true).png());
        assertThat(heat.getWidth()).isGreaterThan(100);
        assertThatThrownBy(() -> new Heatmap("h", m).labels(List.of("a"), List.of("b", "c")))
                .hasMessageContaining("1 x 2 labels for a 2 x 2 matrix");

        float[] img = new float[28 * 28];
        img[0] = 1;
        BufferedImage grid = decode(new ImageGrid("samples").add(img, 28, 28, "one").add(img, 28, 28, "two")
                .columns(2).scale(2).png());
        assertThat(grid.getWidth()).isGreaterThanOrEqualTo(2 * 28 * 2);
        assertThatThrownBy(() -> new ImageGrid("g").add(new float[3], 2, 2, "x")).hasMessageContaining("3 pixels");
    }
}
