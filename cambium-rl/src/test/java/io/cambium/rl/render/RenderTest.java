package io.cambium.rl.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cambium.rl.agents.Policy;
import io.cambium.rl.env.Env;
import io.cambium.rl.envs.CartPole;
import io.cambium.rl.envs.Envs;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RenderTest {
    @TempDir
    Path dir;

    @BeforeAll
    static void headless() {
        System.setProperty("java.awt.headless", "true");
    }

    @Test
    void everyEnvironmentRendersItsGymnasiumSize() {
        Map<String, int[]> sizes = Map.of("CartPole-v1", new int[] {600, 400}, "MountainCar-v0", new int[] {600, 400},
                "Acrobot-v1", new int[] {500, 500}, "Pendulum-v1", new int[] {500, 500}, "FrozenLake-v1", new int[] {256, 256});
        sizes.forEach((id, wh) -> {
            Env<?, ?> env = Envs.make(id);
            assertThatThrownBy(env::render).hasMessageContaining(id).hasMessageContaining("before reset()");
            env.reset(0);
            BufferedImage img = env.render();
            assertThat(img.getWidth()).as(id).isEqualTo(wh[0]);
            assertThat(img.getHeight()).as(id).isEqualTo(wh[1]);
            assertThat(nonWhite(img)).as(id + " draws something").isGreaterThan(500);
        });
    }

    @Test
    void theCartPolePoleLeansWithTheAngle() {
        CartPole env = new CartPole();
        env.reset(0L, Map.of("low", 0.19, "high", 0.2));
        BufferedImage right = env.render();
        env.reset(0L, Map.of("low", -0.2, "high", -0.19));
        BufferedImage left = env.render();
        Color pole = new Color(202, 152, 101);
        // The pole's top (150 px above the axle) is right of the cart for a positive angle.
        assertThat(meanX(right, pole, 0, 200)).isGreaterThan(meanX(left, pole, 0, 200) + 40);
    }

    @Test
    void episodesBecomeAnimatedGifsAndFramesPngs() throws Exception {
        Env<?, ?> env = Envs.make("CartPole-v1");
        Policy<float[], Integer> push = (o, det) -> o[2] > 0 ? 1 : 0;
        Path gif = dir.resolve("out/episode.gif");
        Episodes.Recording r = Episodes.writeGif(env, push, 3, 40, Episodes.frameDelayMillis("CartPole-v1"), gif);
        assertThat(r.frames()).hasSize(Math.min(40, r.length() + 1));
        try (ImageInputStream in = ImageIO.createImageInputStream(gif.toFile())) {
            ImageReader reader = ImageIO.getImageReaders(in).next();
            reader.setInput(in);
            assertThat(reader.getNumImages(true)).isEqualTo(r.frames().size());
            assertThat(reader.read(0).getWidth()).isEqualTo(600);
        }
        byte[] bytes = Files.readAllBytes(gif);
        assertThat(new String(bytes, java.nio.charset.StandardCharsets.ISO_8859_1)).contains("NETSCAPE2.0");
        Path png = dir.resolve("frame.png");
        Frames.writePng(r.frames().get(0), png);
        assertThat(ImageIO.read(png.toFile()).getHeight()).isEqualTo(400);
        assertThatThrownBy(() -> Frames.writeGif(List.of(), 20, dir.resolve("x.gif"))).hasMessageContaining("no frames");
        assertThatThrownBy(() -> Frames.writeGif(List.of(new BufferedImage(2, 2, 1), new BufferedImage(3, 2, 1)), 20,
                dir.resolve("y.gif"))).hasMessageContaining("frame 1 is 3x2, frame 0 is 2x2");
    }

    private static int nonWhite(BufferedImage img) {
        int n = 0;
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                n += (img.getRGB(x, y) & 0xFFFFFF) != 0xFFFFFF ? 1 : 0;
            }
        }
        return n;
    }

    private static double meanX(BufferedImage img, Color c, int y0, int y1) {
        double sum = 0;
        int n = 0;
        for (int y = y0; y < y1; y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                Color p = new Color(img.getRGB(x, y));
                if (Math.abs(p.getRed() - c.getRed()) < 10 && Math.abs(p.getGreen() - c.getGreen()) < 10
                        && Math.abs(p.getBlue() - c.getBlue()) < 10) {
                    sum += x;
                    n++;
                }
            }
        }
        assertThat(n).as("pole pixels").isGreaterThan(50);
        return sum / n;
    }
}
