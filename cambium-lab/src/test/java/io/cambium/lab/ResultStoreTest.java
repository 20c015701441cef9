package io.cambium.lab;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Results survive a round trip through JSON; broken files are rejected by name. */
class ResultStoreTest {
    @TempDir
    Path dir;

    private static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10, 0, 0};

    @Test
    void aRunRoundTripsWithSpecialCells() {
        Table t = new Table("t").text("name").num("x", 3).sci("g").num("n", 0);
        t.row("a", 0.12345, 1.5e-7, 3);
        t.row("b", Double.NaN, Double.POSITIVE_INFINITY, null);
        Result r = Result.builder().setup("setup").table(t).plot("p", "caption", PNG)
                .check("claim", false, "text 0.123").observed("seen").note("a note").build();
        ResultStore store = new ResultStore(dir);
        Experiment e = Lab.find("q19");
        store.save(e, Mode.QUICK, 7, "2026-01-01T00:00:00Z", 1.5, 2.5, 0.5, 0.7, r);

        List<StoredRun> all = store.loadAll();
        assertThat(all).hasSize(1);
        StoredRun back = all.get(0);
        assertThat(back.id()).isEqualTo("q19");
        assertThat(back.mode()).isEqualTo(Mode.QUICK);
        assertThat(back.seed()).isEqualTo(7);
        assertThat(back.cpuSeconds()).isEqualTo(2.5);
        Table bt = back.tables().get(0);
        assertThat(bt.text(0, 1)).isEqualTo("0.123");
        assertThat(bt.text(0, 2)).isEqualTo("1.50e-07");
        assertThat(bt.text(1, 1)).isEqualTo("NaN");
        assertThat(bt.text(1, 2)).isEqualTo("inf");
        assertThat(bt.text(1, 3)).isEqualTo("–");
        assertThat(back.findings()).extracting(Finding::verdict)
                .containsExactly(Finding.Verdict.NOT_SUPPORTED, Finding.Verdict.OBSERVED);
        assertThat(back.plots()).singleElement().satisfies(p -> assertThat(dir.resolve(p.file())).exists());
        assertThat(back.notes()).containsExactly("a note");
        assertThat(back.source()).isEqualTo(e.getClass().getName());
    }

    @Test
    void aCorruptOrHostileFileIsRejectedByName() throws Exception {
        Path bad = dir.resolve("q05-full.json");
        Files.writeString(bad, "{\"id\": \"q05\", \"questions\": [5");
        assertThatThrownBy(() -> ResultStore.load(bad)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("q05-full.json");
        Path escape = dir.resolve("q06-full.json");
        Files.writeString(escape, "{\"id\":\"q06\",\"questions\":[6],\"title\":\"t\",\"summary\":\"s\",\"mode\":\"full\","
                + "\"seed\":1,\"startedAt\":\"x\",\"seconds\":1,\"environment\":{},\"source\":\"x\",\"setup\":\"s\","
                + "\"tables\":[],\"plots\":[{\"file\":\"../../etc/passwd\",\"caption\":\"c\"}],\"findings\":[],\"notes\":[]}");
        assertThatThrownBy(() -> ResultStore.load(escape)).hasMessageContaining("leaves the results directory");
    }

    @Test
    void aResultNeedsATableAndAConclusion() {
        assertThatThrownBy(() -> Result.builder().observed("x").build()).hasMessageContaining("table");
        assertThatThrownBy(() -> Result.builder().table(new Table("t").num("x", 1)).build())
                .hasMessageContaining("conclusion");
        assertThatThrownBy(() -> new Table("t").num("x", 1).row("a", "b"))
                .hasMessageContaining("needs 1 cells");
    }
}
