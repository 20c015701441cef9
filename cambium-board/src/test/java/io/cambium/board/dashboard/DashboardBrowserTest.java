package io.cambium.board.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import io.cambium.Cambium;
import io.cambium.board.ConfusionSource;
import io.cambium.nn.Sequential;
import io.cambium.nn.callbacks.LambdaCallback;
import io.cambium.nn.diagnostics.GradientDiagnostics;
import io.cambium.nn.layers.core.Dense;
import io.cambium.nn.losses.Losses;
import io.cambium.nn.metrics.Metrics;
import io.cambium.nn.optimizers.Adam;
import io.cambium.nn.training.FitConfig;
import io.cambium.nn.training.History;
import io.cambium.tensor.Tensor;
import io.cambium.tensor.random.Rng;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.Rectangle;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

/**
 * The dashboard in headless Chromium during a real training run: the page connects, its charts
 * update while the run goes on, and when the run ends a screenshot shows non-blank charts drawn
 * in the run's colour and the run's final loss. The screenshot is kept as
 * {@code target/dashboard/dashboard.png}. Skipped, saying why, when no Chromium and chromedriver
 * are installed (Debian: apt-get install chromium chromium-driver).
 */
class DashboardBrowserTest {
    private static final Path OUT = Path.of("target", "dashboard");
    /** The first run's colour on the page (the palette's first entry, #1f77b4). */
    private static final int RUN_RGB = 0x1f77b4;

    private static File firstExisting(String... paths) {
        for (String p : paths) {
            if (p != null && new File(p).canExecute()) {
                return new File(p);
            }
        }
        return null;
    }

    @Test
    void aRealBrowserSeesTheChartsUpdateDuringTrainingAndTheFinalLoss() throws Exception {
        File chromium = firstExisting(System.getenv("CHROME_BIN"), "/usr/bin/chromium", "/usr/bin/chromium-browser",
                "/usr/bin/google-chrome");
        File chromedriver = firstExisting(System.getenv("CHROMEDRIVER"), "/usr/bin/chromedriver",
                "/usr/lib/chromium/chromedriver");
        Assumptions.assumeTrue(chromium != null && chromedriver != null,
                "no Chromium browser and chromedriver installed (Debian: apt-get install chromium chromium-driver);"
                        + " the dashboard's browser test is skipped");

        Cambium.seed(3);
        Rng rng = new Rng(9);
        Tensor x = Tensor.normal(rng, 0f, 1f, 480, 8);
        int[] y = new int[480];
        for (int i = 0; i < y.length; i++) {
            float a = x.data()[i * 8];
            float b = x.data()[i * 8 + 1];
            y[i] = a + b > 0.5f ? 2 : a - b > 0 ? 1 : 0;
        }
        Sequential model = new Sequential(new Dense(24).activation("relu").inputShape(8).name("hidden"),
                new Dense(24).activation("relu").name("hidden_2"), new Dense(3).activation("softmax").name("output"));
        model.compile(new Adam(5e-3), Losses.sparseCategoricalCrossentropy(), Metrics.accuracy());
        GradientDiagnostics diagnostics = new GradientDiagnostics().every(4);
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        Dashboard dashboard = new Dashboard().out(new PrintStream(printed, true, StandardCharsets.UTF_8)).stay(true)
                .runName("browser-run").diagnostics(diagnostics).hparams(Map.of("lr", 5e-3, "hidden", 24))
                .confusionMatrix(new ConfusionSource(x.narrow(0, 0, 96), Arrays.copyOf(y, 96),
                        List.of("low", "mid", "high")));
        dashboard.start();
        assertThat(printed.toString(StandardCharsets.UTF_8)).contains("Dashboard: " + dashboard.url());

        Files.createDirectories(OUT);
        ChromeOptions options = new ChromeOptions();
        options.setBinary(chromium);
        Path profile = Files.createTempDirectory("cambium-chromium-profile");
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--user-data-dir=" + profile.toAbsolutePath(), "--window-size=1400,2300",
                "--force-device-scale-factor=1");
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(chromedriver)
                .usingAnyFreePort().build();
        ChromeDriver driver = new ChromeDriver(service, options);
        CompletableFuture<History> training = null;
        try {
            driver.get(dashboard.url());
            waitUntil("the page to connect", () -> driver.findElement(By.id("connection")).getText().equals("live"));

            // Paced at 40 ms per batch so that the run lasts long enough to be watched.
            LambdaCallback pace = new LambdaCallback().onBatchEnd((b, l) -> sleep(40));
            training = CompletableFuture.supplyAsync(() -> model.fit(x, y, FitConfig.epochs(4).batchSize(32)
                    .validationSplit(0.2).verbose(0).callbacks(diagnostics, dashboard, pace)));
            waitUntil("the first steps on the page", () -> steps(driver) >= 3);
            int seen = steps(driver);
            int[] epochs = {epochs(driver)};
            waitUntil("more steps on the page", () -> steps(driver) >= seen + 6); // the charts update as training runs
            assertThat(training.isDone()).isFalse();
            History history = training.get(120, TimeUnit.SECONDS);
            waitUntil("the run to show as finished", () -> !driver.findElements(By.cssSelector("#runs tbody tr td.status-finished")).isEmpty());
            waitUntil("all epochs and steps on the page", () -> epochs(driver) == 4 && steps(driver) == 48);
            assertThat(epochs[0]).isLessThan(4);

            // The final loss on the page is History's.
            String shown = driver.findElement(By.cssSelector("#runs tbody td[data-key='loss']")).getText();
            assertThat(Double.parseDouble(shown)).isCloseTo(history.last("loss"),
                    org.assertj.core.data.Percentage.withPercentage(1e-3));
            String shownVal = driver.findElement(By.cssSelector("#runs tbody td[data-key='val_loss']")).getText();
            assertThat(Double.parseDouble(shownVal)).isCloseTo(history.last("val_loss"),
                    org.assertj.core.data.Percentage.withPercentage(1e-3));
            assertThat(driver.findElement(By.id("summary")).getText()).contains("hidden_2", "Total params");
            assertThat(driver.findElements(By.cssSelector("#confusion table tr"))).hasSize(4);
            String confusionText = driver.findElement(By.id("confusion")).getText();
            assertThat(confusionText).contains("low", "high", "After epoch 4");

            Thread.sleep(400); // the last render (they are spaced 150 ms apart)
            byte[] png = driver.getScreenshotAs(OutputType.BYTES);
            Files.write(OUT.resolve("dashboard.png"), png);
            BufferedImage shot = ImageIO.read(new ByteArrayInputStream(png));
            for (String chart : new String[] {"chart-epoch-loss", "chart-step-loss", "chart-epoch-accuracy", "chart-lr"}) {
                WebElement canvas = driver.findElement(By.cssSelector("#" + chart + " canvas"));
                int drawn = pixelsNear(shot, canvas.getRect(), RUN_RGB);
                assertThat(drawn).as(chart + ": pixels in the run's colour").isGreaterThan(60);
                assertThat(distinctColours(shot, canvas.getRect())).as(chart).isGreaterThan(3);
            }
            WebElement grads = driver.findElement(By.cssSelector("#chart-grads canvas"));
            assertThat(distinctColours(shot, grads.getRect())).as("gradient chart").isGreaterThan(6);
            assertThat(driver.findElements(By.cssSelector("#chart-grads .u-legend .u-series"))).hasSize(4); // x + 3 layers

            List<String> errors = new ArrayList<>();
            for (LogEntry e : driver.manage().logs().get(LogType.BROWSER)) {
                if (e.getLevel().intValue() >= Level.SEVERE.intValue()) {
                    errors.add(e.getMessage());
                }
            }
            // The event stream reconnecting after the server stops is not during this check.
            assertThat(errors).as("browser console errors").isEmpty();
        } finally {
            driver.quit();
            dashboard.close();
            if (training != null) {
                training.cancel(true);
            }
        }
        assertThat(dashboard.server().isRunning()).isFalse();
    }

    private static void waitUntil(String what, java.util.function.BooleanSupplier condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            sleep(50);
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static int steps(org.openqa.selenium.WebDriver d) {
        String v = d.findElement(By.tagName("body")).getDomAttribute("data-steps");
        return v == null ? 0 : Integer.parseInt(v);
    }

    private static int epochs(org.openqa.selenium.WebDriver d) {
        String v = d.findElement(By.tagName("body")).getDomAttribute("data-epochs");
        return v == null ? 0 : Integer.parseInt(v);
    }

    private static int pixelsNear(BufferedImage img, Rectangle r, int rgb) {
        int n = 0;
        for (int y = Math.max(0, r.y); y < Math.min(img.getHeight(), r.y + r.height); y++) {
            for (int x = Math.max(0, r.x); x < Math.min(img.getWidth(), r.x + r.width); x++) {
                int p = img.getRGB(x, y);
                if (Math.abs(((p >> 16) & 255) - ((rgb >> 16) & 255)) < 40 && Math.abs(((p >> 8) & 255) - ((rgb >> 8) & 255)) < 40
                        && Math.abs((p & 255) - (rgb & 255)) < 40) {
                    n++;
                }
            }
        }
        return n;
    }

    private static int distinctColours(BufferedImage img, Rectangle r) {
        java.util.Set<Integer> colours = new java.util.HashSet<>();
        for (int y = Math.max(0, r.y); y < Math.min(img.getHeight(), r.y + r.height); y += 2) {
            for (int x = Math.max(0, r.x); x < Math.min(img.getWidth(), r.x + r.width); x += 2) {
                colours.add(img.getRGB(x, y) & 0xf0f0f0);
            }
        }
        return colours.size();
    }
}
