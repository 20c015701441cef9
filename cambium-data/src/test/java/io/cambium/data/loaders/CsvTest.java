package io.cambium.data.loaders;

import io.cambium.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CsvTest {
    @TempDir
    Path dir;

    private static CsvTable parse(String text) throws Exception {
        return Csv.read(new StringReader(text), "test.csv", ',', true);
    }

    @Test
    void typesQuotesAndMissingValues() throws Exception {
        CsvTable t = parse("age,name,score\n31,\"Smith, J\",1.5\n,\"say \"\"hi\"\"\",NA\r\n40,\"multi\nline\",2e1\n");
        assertThat(t.columns()).containsExactly("age", "name", "score");
        assertThat(t.rows()).isEqualTo(3);
        assertThat(t.type("age")).isEqualTo(CsvTable.ColumnType.NUMERIC);
        assertThat(t.type("name")).isEqualTo(CsvTable.ColumnType.STRING);
        assertThat(t.strings("name")).containsExactly("Smith, J", "say \"hi\"", "multi\nline");
        assertThat(t.numeric("score")).containsExactly(1.5f, Float.NaN, 20f);
        assertThat(t.missing()).extracting(Object::toString)
                .containsExactly("row 1 (line 3), column 'age'", "row 1 (line 3), column 'score'");
        assertThatThrownBy(() -> t.toTensor("age", "score"))
                .hasMessageContaining("missing value at row 1 (line 3), column 'age'");
        Tensor m = t.dropMissing().toTensor("age", "score");
        assertThat(m.shape()).containsExactly(2, 2);
        assertThat(m.toArray()).containsExactly(31f, 1.5f, 40f, 20f);
    }

    @Test
    void malformedInputsGiveClearMessages() throws Exception {
        assertThatThrownBy(() -> parse("a,b\n1,2\n3\n")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("CSV test.csv: line 3 has 1 fields, expected 2 (columns a, b)");
        assertThatThrownBy(() -> parse("a,b\n1,\"2\n")).hasMessageContaining("unterminated quoted field starting on line 2");
        assertThatThrownBy(() -> parse("")).hasMessageContaining("empty file");
        CsvTable t = parse("a,b\nx,2\n");
        assertThatThrownBy(() -> t.numeric("a")).hasMessageContaining("column 'a' is not numeric (value 'x')");
        assertThatThrownBy(() -> t.numeric("zz")).hasMessageContaining("no column 'zz' (columns: a, b)");
        assertThatThrownBy(() -> Csv.read(dir.resolve("none.csv"))).hasMessageContaining("CSV file not found");
    }

    @Test
    void readsFilesWithOtherDelimitersAndNoHeader() throws Exception {
        Path f = dir.resolve("d.tsv");
        Files.writeString(f, "1\t2\n3\t4\n");
        CsvTable t = Csv.read(f, '\t', false);
        assertThat(t.columns()).containsExactly("c0", "c1");
        assertThat(t.toTensor("c1", "c0").toArray()).containsExactly(2f, 1f, 4f, 3f);
    }
}
