package io.cambium.lab.report;

import io.cambium.lab.Lab;
import io.cambium.lab.LabRunner;
import io.cambium.lab.Mode;
import io.cambium.lab.ResultStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The lab's HTML report in headless Chromium: every page loads, every image loads (naturalWidth >
 * 0), every link to a page resolves, and the browser logs no console error. A screenshot of the
 * index is written to {@code target/lab-report/index.png}. Skipped, saying why, when no Chromium
 * and chromedriver are installed (Debian: apt-get install chromium chromium-driver).
 */
class ReportBrowserTest {
    private static final Path OUT = Path.of("target", "lab-report");
    private static ChromeDriver driver;
    private static List<Path> pages;
    /** Chromium's profile and temporary files, all under one directory that the test deletes. */
    private static Path scratch;

    @BeforeAll
    static void buildTheSiteAndStartTheBrowser() throws Exception {
        File chromium = firstExisting(System.getenv("CHROME_BIN"), "/usr/bin/chromium", "/usr/bin/chromium-browser",
                "/usr/bin/google-chrome");
        File chromedriver = firstExisting(System.getenv("CHROMEDRIVER"), "/usr/bin/chromedriver",
                "/usr/lib/chromium/chromedriver");
        Assumptions.assumeTrue(chromium != null && chromedriver != null,
                "no Chromium browser and chromedriver installed (Debian: apt-get install chromium chromium-driver); "
                        + "the report's browser test is skipped");
        // Two real results (quick runs), so pages with tables, plots and conclusions are in the site.
        ResultStore store = new ResultStore(OUT.resolve("results"));
        new LabRunner(store, new PrintStream(OutputStream.nullOutputStream()), false)
                .run(List.of(Lab.find("q19"), Lab.find("q21")), Mode.QUICK, 42);
        pages = new ReportWriter(store).write(OUT.resolve("site"));

        ChromeOptions options = new ChromeOptions();
        options.setBinary(chromium);
        scratch = Files.createTempDirectory("cambium-lab-chromium");
        Path profile = Files.createDirectory(scratch.resolve("profile"));
        Path tmp = Files.createDirectory(scratch.resolve("tmp"));
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--user-data-dir=" + profile.toAbsolutePath(), "--window-size=1280,2000");
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        // An explicit driver executable: Selenium Manager has nothing to look up or download.
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(chromedriver)
                .usingAnyFreePort().withEnvironment(Map.of("TMPDIR", tmp.toAbsolutePath().toString())).build();
        driver = new ChromeDriver(service, options);
    }

    @AfterAll
    static void stopTheBrowser() throws IOException {
        try {
            if (driver != null) {
                driver.quit();
            }
        } finally {
            if (scratch != null) {
                deleteTree(scratch);
            }
        }
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    @Test
    void everyPageAndImageLoadsWithoutConsoleErrors() throws Exception {
        assertThat(pages).hasSize(43);
        List<String> problems = new ArrayList<>();
        int images = 0;
        for (Path page : pages) {
            driver.get(page.toAbsolutePath().toUri().toString());
            JavascriptExecutor js = driver;
            String title = driver.getTitle();
            if (title == null || title.isBlank() || !"complete".equals(js.executeScript("return document.readyState"))) {
                problems.add(page.getFileName() + ": did not load (title '" + title + "')");
            }
            @SuppressWarnings("unchecked")
            List<String> broken = (List<String>) js.executeScript("return Array.from(document.images)"
                    + ".filter(i => !(i.complete && i.naturalWidth > 0)).map(i => i.getAttribute('src'))");
            broken.forEach(src -> problems.add(page.getFileName() + ": image " + src + " did not load"));
            images += ((Number) js.executeScript("return document.images.length")).intValue();
            @SuppressWarnings("unchecked")
            List<String> links = (List<String>) js.executeScript("return Array.from(document.querySelectorAll('a'))"
                    + ".map(a => a.getAttribute('href')).filter(h => h && h.endsWith('.html'))");
            for (String link : links) {
                if (!Files.isRegularFile(page.getParent().resolve(link))) {
                    problems.add(page.getFileName() + ": link " + link + " leads nowhere");
                }
            }
            for (LogEntry entry : driver.manage().logs().get(LogType.BROWSER)) {
                if (entry.getLevel().intValue() >= Level.SEVERE.intValue()) {
                    problems.add(page.getFileName() + ": console error " + entry.getMessage());
                }
            }
        }
        assertThat(problems).isEmpty();
        assertThat(images).as("plots on the measured pages").isGreaterThanOrEqualTo(3);

        driver.get(pages.get(0).toAbsolutePath().toUri().toString());
        Files.write(OUT.resolve("index.png"), ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
        assertThat(Files.size(OUT.resolve("index.png"))).isGreaterThan(10_000);
        String index = driver.getPageSource();
        assertThat(index).contains("title.html").contains("q19.html").contains("supported").contains("not run yet");
    }

    private static File firstExisting(String... paths) {
        for (String p : paths) {
            if (p != null && !p.isBlank() && new File(p).canExecute()) {
                return new File(p);
            }
        }
        return null;
    }
}
