package io.cambium.plot;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class PlotsTest {
    /** Fashion-MNIST's class names: the longest labels the CLI plots. */
    private static final List<String> CLASSES = List.of("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
            "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot");

    @TempDir
    Path dir;

    @BeforeAll
    static void headless() {
        System.setProperty("java.awt.headless", "true");
    }

    @Test
    void learningCurvesPngHasOnePanelPerQuantityWithBothSeries() throws Exception {
        Map<String, List<Double>> h = new LinkedHashMap<>();
        h.put("loss", List.of(0.62, 0.41, 0.35, 0.31));
        h.put("accuracy", List.of(0.78, 0.85, 0.87, 0.89));
        h.put("val_loss", List.of(0.45, 0.38, 0.36, 0.34));
        h.put("val_accuracy", List.of(0.83, 0.86, 0.87, 0.88));
        Path png = dir.resolve("plots/curves.png");
        LearningCurves.write(h, "Fashion-MNIST CNN", png);
        BufferedImage img = ImageIO.read(png.toFile());
        assertThat(img.getWidth()).isEqualTo(2 * 560);
        assertThat(img.getHeight()).isEqualTo(466);
        int blue = 0;
        int orange = 0;
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                Color c = new Color(img.getRGB(x, y));
                if (near(c, new Color(31, 119, 180))) {
                    blue++;
                }
                if (near(c, new Color(255, 127, 14))) {
                    orange++;
                }
            }
        }
        assertThat(blue).isGreaterThan(500);
        assertThat(orange).isGreaterThan(300);
    }

    @Test
    void xyChartDrawsEachSeriesInItsColourAndRejectsRaggedSeries() throws Exception {
        double[] steps = {1000, 2000, 3000, 4000, 5000};
        XYChart.Series returns = new XYChart.Series("episode return", steps, new double[] {12, 40, 95, 210, 480},
                XYChart.Style.LINE);
        XYChart.Series eval = new XYChart.Series("evaluation", steps, new double[] {20, 60, 150, 300, 500},
                XYChart.Style.MARKERS);
        Path png = dir.resolve("rl.png");
        XYChart.write("CartPole-v1", List.of(new XYChart.Panel("returns", "environment steps", "return",
                List.of(returns, eval))), png);
        BufferedImage img = ImageIO.read(png.toFile());
        assertThat(img.getWidth()).isEqualTo(640);
        int blue = 0;
        int orange = 0;
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                Color c = new Color(img.getRGB(x, y));
                blue += near(c, new Color(31, 119, 180)) ? 1 : 0;
                orange += near(c, new Color(255, 127, 14)) ? 1 : 0;
            }
        }
        assertThat(blue).isGreaterThan(300);
        assertThat(orange).isGreaterThan(100);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new XYChart.Series("bad", steps, new double[] {1},
                XYChart.Style.LINE)).hasMessageContaining("'bad'").hasMessageContaining("5 x values and 1 y values");
    }

    @Test
    void confusionHeatMapColoursTheDiagonalDarkest() throws Exception {
        int[] t = new int[200];
        int[] p = new int[200];
        for (int i = 0; i < 200; i++) {
            t[i] = i % 10;
            p[i] = i % 7 == 0 ? (t[i] + 1) % 10 : t[i];
        }
        ConfusionMatrix cm = ConfusionMatrix.of(t, p, CLASSES);
        Path png = dir.resolve("cm.png");
        ConfusionMatrixPlot.write(cm, "Confusion matrix", png);
        BufferedImage img = ImageIO.read(png.toFile());
        assertThat(img.getWidth()).isGreaterThan(600);
        assertThat(ConfusionMatrixPlot.blues(1.0)).isEqualTo(new Color(8, 48, 107));
        assertThat(ConfusionMatrixPlot.blues(0.0)).isEqualTo(new Color(247, 251, 255));
    }

    private static boolean near(Color a, Color b) {
        return Math.abs(a.getRed() - b.getRed()) < 12 && Math.abs(a.getGreen() - b.getGreen()) < 12
                && Math.abs(a.getBlue() - b.getBlue()) < 12;
    }
}
