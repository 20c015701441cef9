package io.cambium.lab.report;

import io.cambium.lab.Awaited;
import io.cambium.lab.Experiment;
import io.cambium.lab.Lab;
import io.cambium.lab.Mode;
import io.cambium.lab.Progress;
import io.cambium.lab.Result;
import io.cambium.lab.ResultStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The site's content, without a browser: the index, a measured page and pages not run yet. */
class ReportWriterTest {
    @TempDir
    Path dir;

    @Test
    void theSiteShowsMeasuredAndNotYetRunQuestions() throws Exception {
        ResultStore store = new ResultStore(dir.resolve("results"));
        Experiment e = Lab.find("q19");
        Result r = e.run(Mode.QUICK, 3, Progress.silent());
        store.save(e, Mode.QUICK, 3, "2026-01-01T00:00:00Z", 1.0, 1.0, 0.1, 0.1, r);
        List<Path> pages = new ReportWriter(store).write(dir.resolve("site"));
        assertThat(pages).hasSize(43);

        String index = Files.readString(dir.resolve("site/index.html"));
        assertThat(index).contains("1 of 42").contains("not run yet").contains("面试题 19");
        for (Awaited a : Lab.awaited()) {
            assertThat(index).contains("waits for issue " + a.issue());
        }
        if (Lab.awaited().isEmpty()) {
            assertThat(index).doesNotContain("Still missing").contains("<strong>0</strong> wait for another issue");
        }

        String page = Files.readString(dir.resolve("site/q19.html"));
        assertThat(page).contains("面试题 19").contains("<table>").contains(r.tables().get(0).text(0, 1))
                .contains("class Q19Outliers").contains("img/q19-quick/fits.png").contains("Textbook claim");
        assertThat(dir.resolve("site/img/q19-quick/fits.png")).exists();
        // The text of every finding is on the page, escaped.
        for (var f : r.findings()) {
            assertThat(page).contains(f.text().replace("'", "&#39;"));
        }

        String notRun = Files.readString(dir.resolve("site/q05.html"));
        assertThat(notRun).contains("面试题 5").doesNotContain("<table>");
        // The bank's title has its page like the questions: here not run yet.
        String title = Files.readString(dir.resolve("site/title.html"));
        assertThat(title).contains("从零开始大模型开发与微调").contains("cambium lab run title")
                .contains("class Q00LanguageModel");
    }
}
