package io.cambium.nn.io;

import static org.assertj.core.api.Assertions.assertThat;

import io.cambium.testing.JavaProcess;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs {@link ModelFileFuzz} on more than 10,000 mutated model files in a JVM with a 256 MB heap:
 * every mutant loads to the identical model or is rejected with an {@link InvalidFileException}
 * (or, for a validly signed edit, loads as the other valid model it describes), none runs out of
 * memory, none hangs. The seed is fixed (set {@code -Dcambium.fuzz.seed} to explore others).
 */
class ModelFileFuzzTest {
    @TempDir
    Path dir;

    @Test
    void tenThousandMutantsLoadIdenticallyOrAreRejected() throws Exception {
        String seed = System.getProperty("cambium.fuzz.seed", "20250613");
        JavaProcess p = JavaProcess.start(dir, List.of("-Xmx256m", "-XX:+ExitOnOutOfMemoryError"), ModelFileFuzz.class,
                dir.toString(), "10500", seed);
        int code = p.waitFor(900);
        String out = p.stdout();
        System.out.print(out);
        assertThat(code).as(out + p.stderr()).isZero();
        Matcher m = Pattern.compile("total\\s+tried\\s+(\\d+)\\s+identical\\s+(\\d+)\\s+rejected\\s+(\\d+)"
                + "\\s+valid other model\\s+(\\d+)\\s+failed\\s+(\\d+)").matcher(out);
        assertThat(m.find()).as(out).isTrue();
        assertThat(Integer.parseInt(m.group(1))).isGreaterThanOrEqualTo(10_000);
        assertThat(Integer.parseInt(m.group(5))).isZero();
        assertThat(Integer.parseInt(m.group(3))).as("most mutants are rejected").isGreaterThan(9_000);
    }
}
